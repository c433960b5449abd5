// The unfolded computational graph of a recurrent cell over T steps, drawn as SVG: the course's
// central picture. Rows from bottom to top: inputs x_t, hidden states h_t, outputs o_t, losses L_t.
// Forward edges carry the SHARED weights (the same W_xh, W_hh, W_hy label at every step: that is
// what "unrolling" means). With a highlighted k the BPTT backward paths are drawn (dashed, red) and
// the path of ∂L_T/∂h_k through the chain of Jacobians ∂h_j/∂h_{j-1} is highlighted (Goodfellow
// et al., Deep Learning, §10.2.2, fig. 10.3).
namespace RnnCourse.Charts;

public static partial class CourseCharts
{
    private const double GraphColumn = 150,
        GraphLeft = 70,
        NodeRadius = 22;
    private const string Forward = "#333333",
        Backward = "#c0392b",
        Highlight = "#e67e22";

    /// <summary>The unfolded graph with <paramref name="steps"/> steps; backward paths and ∂L_T/∂h_k highlighted when k is given.</summary>
    /// <param name="steps">T, 1 to 12 (beyond 12 the picture stops being readable).</param>
    /// <param name="highlightFrom">k of the highlighted path ∂L_T/∂h_k (1 ≤ k ≤ T), or null for the forward graph only.</param>
    /// <param name="cellName">The cell's name in the caption.</param>
    /// <exception cref="ArgumentOutOfRangeException">steps or highlightFrom out of range.</exception>
    public static Svg UnfoldedGraph(
        int steps,
        int? highlightFrom = null,
        string cellName = "Elman RNN"
    )
    {
        int T = steps;
        if (T < 1 || T > 12)
            throw new ArgumentOutOfRangeException(
                nameof(steps),
                T,
                "steps must be between 1 and 12 for a readable picture."
            );
        if (highlightFrom is { } hf && (hf < 1 || hf > T))
            throw new ArgumentOutOfRangeException(
                nameof(highlightFrom),
                hf,
                $"highlightFrom must be a step between 1 and steps = {T} (the k of ∂L_T/∂h_k)."
            );
        bool backward = highlightFrom is not null;
        // Rows from the top: losses, outputs, states, inputs.
        double yL = 50,
            yO = 145,
            yH = 255,
            yX = 365;
        double height = yX + 90 + (backward ? 20 : 0);
        double width = GraphLeft + (T + 1) * GraphColumn;
        double X(int t) => GraphLeft + t * GraphColumn;

        var svg = new SvgBuilder(width, height, $"{cellName} unrolled over {T} steps");
        svg.Raw(
            "<defs>"
                + GraphMarker("rnnc-arrow-fwd", Forward)
                + GraphMarker("rnnc-arrow-bwd", Backward)
                + GraphMarker("rnnc-arrow-hi", Highlight)
                + "</defs>"
        );
        svg.Rect(0, 0, width, height, "fill=\"#ffffff\"");

        // Forward edges first, nodes on top of them.
        for (int t = 1; t <= T; t++)
        {
            ForwardEdge(svg, X(t - 1), yH, X(t), yH, ("W", "hh"));
            ForwardEdge(svg, X(t), yX, X(t), yH, ("W", "xh"));
            ForwardEdge(svg, X(t), yH, X(t), yO, ("W", "hy"));
            ForwardEdge(svg, X(t), yO, X(t), yL, null);
        }
        // On the highlighted path: L_T → o_T → h_T, then h_j → h_{j-1} for j = T … k+1.
        for (int t = 1; backward && t <= T; t++)
        {
            BackEdge(svg, X(t), yL, X(t), yO, t == T, null);
            BackEdge(svg, X(t), yO, X(t), yH, t == T, null);
            if (t >= 2)
                BackEdge(
                    svg,
                    X(t),
                    yH,
                    X(t - 1),
                    yH,
                    t > highlightFrom,
                    $"∂h{Sub(t)}/∂h{Sub(t - 1)}"
                );
        }

        Node(svg, X(0), yH, "h", "0", "#eaf2fb", "#2c6fbb", circle: true);
        for (int t = 1; t <= T; t++)
        {
            var ts = t.ToString(Inv);
            Node(svg, X(t), yX, "x", ts, "#f2f2f2", "#555555", circle: false);
            Node(svg, X(t), yH, "h", ts, "#eaf2fb", "#2c6fbb", circle: true);
            Node(svg, X(t), yO, "o", ts, "#eaf7ee", "#2e8b57", circle: false);
            Node(svg, X(t), yL, "L", ts, "#fdf0e6", "#c86b1f", circle: false);
        }

        const string Caption = "font-size=\"13\" fill=\"#333\" class=\"caption\"";
        var first =
            $"{cellName} unrolled over T = {T} step{(T == 1 ? "" : "s")}: the same weights W_xh, W_hh, W_hy at every step.";
        svg.Text(GraphLeft - 40, height - (backward ? 42 : 22), first, null, Caption);
        if (highlightFrom is { } k)
        {
            var second =
                $"Dashed red: BPTT gradient paths. Orange: ∂L{Sub(T)}/∂h{Sub(k)} = ∂L{Sub(T)}/∂h{Sub(T)} · ∏ ∂h_j/∂h_j−1 ({T - k} Jacobian{(T - k == 1 ? "" : "s")}).";
            svg.Text(GraphLeft - 40, height - 20, second, null, Caption);
        }
        return new Svg(svg.Build(), $"Unfolded graph of {cellName}, T = {T}");
    }

    private static string GraphMarker(string id, string color) =>
        $"<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">"
        + $"<path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>";

    private static void ForwardEdge(
        SvgBuilder svg,
        double x1,
        double y1,
        double x2,
        double y2,
        (string Main, string Sub)? label
    )
    {
        var (ax, ay, bx, by) = Shorten(x1, y1, x2, y2, NodeRadius + 2);
        svg.Line(
            ax,
            ay,
            bx,
            by,
            $"class=\"edge forward\" stroke=\"{Forward}\" stroke-width=\"1.6\" marker-end=\"url(#rnnc-arrow-fwd)\""
        );
        if (label is not { } l)
            return;
        // Horizontal edges are labelled above their middle, vertical ones to the left.
        bool horizontal = Math.Abs(y2 - y1) < 1;
        double mx = (x1 + x2) / 2,
            my = (y1 + y2) / 2;
        svg.Text(
            horizontal ? mx - 12 : mx - 36,
            horizontal ? my - 9 : my + 5,
            l.Main,
            l.Sub,
            $"class=\"weight\" font-size=\"14\" font-style=\"italic\" fill=\"{Forward}\""
        );
    }

    private static void BackEdge(
        SvgBuilder svg,
        double x1,
        double y1,
        double x2,
        double y2,
        bool highlight,
        string? label
    )
    {
        // Offset the backward edge so it runs beside its forward twin.
        bool horizontal = Math.Abs(y2 - y1) < 1;
        double dx = horizontal ? 0 : 9,
            dy = horizontal ? 9 : 0;
        var (ax, ay, bx, by) = Shorten(x1 + dx, y1 + dy, x2 + dx, y2 + dy, NodeRadius + 2);
        var color = highlight ? Highlight : Backward;
        var style = highlight
            ? $"class=\"edge backward highlight\" stroke=\"{color}\" stroke-width=\"3.2\" stroke-dasharray=\"6 4\" marker-end=\"url(#rnnc-arrow-hi)\""
            : $"class=\"edge backward\" stroke=\"{color}\" stroke-width=\"1.4\" stroke-dasharray=\"6 4\" marker-end=\"url(#rnnc-arrow-bwd)\"";
        svg.Line(ax, ay, bx, by, style);
        if (label is not null)
            svg.Text(
                (x1 + x2) / 2 - 26,
                y1 + dy + 20,
                label,
                null,
                $"class=\"grad\" font-size=\"12\" fill=\"{color}\""
            );
    }

    private static void Node(
        SvgBuilder svg,
        double cx,
        double cy,
        string name,
        string sub,
        string fill,
        string stroke,
        bool circle
    )
    {
        var attrs = $"class=\"node\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.8\"";
        if (circle)
            svg.Circle(cx, cy, NodeRadius, attrs);
        else
            svg.Rect(
                cx - NodeRadius,
                cy - NodeRadius,
                2 * NodeRadius,
                2 * NodeRadius,
                attrs + " rx=\"6\""
            );
        svg.Text(
            cx,
            cy + 6,
            name,
            sub,
            $"class=\"label\" font-size=\"17\" fill=\"{stroke}\" text-anchor=\"middle\""
        );
    }

    /// <summary>The segment (x1, y1)–(x2, y2) with <paramref name="by"/> cut off each end (so arrows stop at node borders).</summary>
    private static (double, double, double, double) Shorten(
        double x1,
        double y1,
        double x2,
        double y2,
        double by
    )
    {
        double len = Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
        double ux = (x2 - x1) / len,
            uy = (y2 - y1) / len;
        return (x1 + ux * by, y1 + uy * by, x2 - ux * by, y2 - uy * by);
    }

    /// <summary>Unicode subscript digits: 12 → "₁₂".</summary>
    internal static string Sub(int n) =>
        string.Concat(n.ToString(Inv).Select(c => (char)('₀' + (c - '0'))));
}
