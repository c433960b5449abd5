// The unfolded computational graph of a recurrent cell over T steps, drawn as SVG: the course's
// central picture. Rows from bottom to top: inputs x_t, hidden states h_t, outputs o_t, losses L_t.
// Forward edges carry the SHARED weights (the same W_xh, W_hh, W_hy label at every step: that is
// what "unrolling" means). Optionally the BPTT backward paths are drawn (dashed, red) and one path,
// ∂L_T/∂h_k through the chain of Jacobians ∂h_j/∂h_{j-1}, is highlighted (Goodfellow et al.,
// Deep Learning, §10.2.2, fig. 10.3).
namespace RnnCourse.Charts;

/// <summary>What the unfolded graph shows.</summary>
public sealed record UnfoldedGraphOptions
{
    /// <summary>Number of time steps T (1–12; beyond 12 the picture stops being readable).</summary>
    public int Steps { get; init; } = 4;

    /// <summary>The cell's name, written in the caption.</summary>
    public string CellName { get; init; } = "Elman RNN";

    /// <summary>Draw the per-step losses L_t above the outputs (where the gradients start).</summary>
    public bool ShowLoss { get; init; } = true;

    /// <summary>Draw the backward (BPTT) gradient paths as dashed red arrows.</summary>
    public bool ShowBackward { get; init; }

    /// <summary>
    /// Highlight the path of ∂L_T/∂h_k for this k (1 ≤ k ≤ T): from L_T down to h_T and back
    /// through T−k Jacobians to h_k. Null: no highlight. Implies the backward paths.
    /// </summary>
    public int? HighlightFrom { get; init; }
}

/// <summary>Draws the unfolded graph (see <see cref="CourseCharts.UnfoldedGraph(UnfoldedGraphOptions?)"/>).</summary>
internal static class UnfoldedGraph
{
    private const double Col = 150,
        Left = 70,
        R = 22;
    private const string Fwd = "#333333",
        Bwd = "#c0392b",
        Hi = "#e67e22";

    internal static Svg Draw(UnfoldedGraphOptions o)
    {
        if (o.Steps < 1 || o.Steps > 12)
            throw new ArgumentOutOfRangeException(
                nameof(o),
                o.Steps,
                "Steps must be between 1 and 12 for a readable picture."
            );
        if (o.HighlightFrom is { } hf && (hf < 1 || hf > o.Steps))
            throw new ArgumentOutOfRangeException(
                nameof(o),
                hf,
                $"HighlightFrom must be a step between 1 and Steps = {o.Steps} (the k of ∂L_T/∂h_k)."
            );
        int T = o.Steps;
        bool backward = o.ShowBackward || o.HighlightFrom is not null;
        bool loss = o.ShowLoss;
        double yL = 50,
            yO = loss ? 145 : 50,
            yH = yO + 110,
            yX = yH + 110;
        double height = yX + 90 + (backward ? 20 : 0);
        double width = Left + (T + 1) * Col;
        double X(int t) => Left + t * Col;

        var svg = new SvgBuilder(width, height, $"{o.CellName} unrolled over {T} steps");
        svg.Raw(
            "<defs>"
                + Marker("rnnc-arrow-fwd", Fwd)
                + Marker("rnnc-arrow-bwd", Bwd)
                + Marker("rnnc-arrow-hi", Hi)
                + "</defs>"
        );
        svg.Rect(0, 0, width, height, "fill=\"#ffffff\"");

        // Forward edges first, nodes on top of them.
        for (int t = 1; t <= T; t++)
        {
            Edge(svg, X(t - 1), yH, X(t), yH, "forward", Fwd, "fwd", ("W", "hh"), labelAbove: true);
            Edge(svg, X(t), yX, X(t), yH, "forward", Fwd, "fwd", ("W", "xh"), labelAbove: false);
            Edge(svg, X(t), yH, X(t), yO, "forward", Fwd, "fwd", ("W", "hy"), labelAbove: false);
            if (loss)
                Edge(svg, X(t), yO, X(t), yL, "forward", Fwd, "fwd", null, labelAbove: false);
        }

        if (backward)
        {
            int? k = o.HighlightFrom;
            for (int t = 1; t <= T; t++)
            {
                // On the highlighted path: L_T → o_T → h_T, then h_j → h_{j-1} for j = T … k+1.
                bool hiVertical = k is not null && t == T;
                if (loss)
                    BackEdge(svg, X(t), yL, X(t), yO, hiVertical, null);
                BackEdge(svg, X(t), yO, X(t), yH, hiVertical, null);
                if (t >= 2)
                    BackEdge(
                        svg,
                        X(t),
                        yH,
                        X(t - 1),
                        yH,
                        k is not null && t > k,
                        $"∂h{Sub(t)}/∂h{Sub(t - 1)}"
                    );
            }
        }

        // Nodes.
        Node(svg, X(0), yH, "h", "0", "#eaf2fb", "#2c6fbb", circle: true);
        for (int t = 1; t <= T; t++)
        {
            var ts = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Node(svg, X(t), yX, "x", ts, "#f2f2f2", "#555555", circle: false);
            Node(svg, X(t), yH, "h", ts, "#eaf2fb", "#2c6fbb", circle: true);
            Node(svg, X(t), yO, "o", ts, "#eaf7ee", "#2e8b57", circle: false);
            if (loss)
                Node(svg, X(t), yL, "L", ts, "#fdf0e6", "#c86b1f", circle: false);
        }

        // Caption.
        var caption =
            $"{o.CellName} unrolled over T = {T} step{(T == 1 ? "" : "s")}: the same weights W_xh, W_hh, W_hy at every step.";
        svg.Text(
            Left - 40,
            height - (backward ? 42 : 22),
            caption,
            null,
            "font-size=\"13\" fill=\"#333\" class=\"caption\""
        );
        if (backward)
        {
            var second = o.HighlightFrom is { } hk
                ? $"Dashed red: BPTT gradient paths. Orange: ∂L{Sub(T)}/∂h{Sub(hk)} = ∂L{Sub(T)}/∂h{Sub(T)} · ∏ ∂h_j/∂h_j−1 ({T - hk} Jacobian{(T - hk == 1 ? "" : "s")})."
                : "Dashed red: BPTT gradient paths, each ∂h_t/∂h_t−1 a Jacobian.";
            svg.Text(
                Left - 40,
                height - 20,
                second,
                null,
                "font-size=\"13\" fill=\"#333\" class=\"caption\""
            );
        }
        return new Svg(svg.Build(), $"Unfolded graph of {o.CellName}, T = {T}");
    }

    private static string Marker(string id, string color) =>
        $"<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\">"
        + $"<path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>";

    private static void Edge(
        SvgBuilder svg,
        double x1,
        double y1,
        double x2,
        double y2,
        string cls,
        string color,
        string marker,
        (string Main, string Sub)? label,
        bool labelAbove
    )
    {
        var (ax, ay, bx, by) = Shorten(x1, y1, x2, y2, R + 2);
        svg.Line(
            ax,
            ay,
            bx,
            by,
            $"class=\"edge {cls}\" stroke=\"{color}\" stroke-width=\"1.6\" marker-end=\"url(#rnnc-arrow-{marker})\""
        );
        if (label is { } l)
        {
            double mx = (x1 + x2) / 2,
                my = (y1 + y2) / 2;
            bool horizontal = Math.Abs(y2 - y1) < 1;
            double lx = horizontal ? mx - 12 : mx - 36,
                ly = horizontal ? my - 9 : my + 5;
            svg.Text(
                lx,
                ly,
                l.Main,
                l.Sub,
                $"class=\"weight\" font-size=\"14\" font-style=\"italic\" fill=\"{color}\""
            );
        }
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
        var (ax, ay, bx, by) = Shorten(x1 + dx, y1 + dy, x2 + dx, y2 + dy, R + 2);
        var color = highlight ? Hi : Bwd;
        var width = highlight ? 3.2 : 1.4;
        var cls = highlight ? "edge backward highlight" : "edge backward";
        svg.Line(
            ax,
            ay,
            bx,
            by,
            $"class=\"{cls}\" stroke=\"{color}\" stroke-width=\"{SvgBuilder.N(width)}\" stroke-dasharray=\"6 4\" marker-end=\"url(#rnnc-arrow-{(highlight ? "hi" : "bwd")})\""
        );
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
            svg.Circle(cx, cy, R, attrs);
        else
            svg.Rect(cx - R, cy - R, 2 * R, 2 * R, attrs + " rx=\"6\"");
        svg.Text(
            cx,
            cy + 6,
            name,
            sub,
            $"class=\"label\" font-size=\"17\" fill=\"{stroke}\" text-anchor=\"middle\""
        );
    }

    private static (double, double, double, double) Shorten(
        double x1,
        double y1,
        double x2,
        double y2,
        double by
    )
    {
        double dx = x2 - x1,
            dy = y2 - y1,
            len = Math.Sqrt(dx * dx + dy * dy);
        double ux = dx / len,
            uy = dy / len;
        return (x1 + ux * by, y1 + uy * by, x2 - ux * by, y2 - uy * by);
    }

    /// <summary>Unicode subscript digits: 12 → "₁₂".</summary>
    internal static string Sub(int n) =>
        string.Concat(
            n.ToString(System.Globalization.CultureInfo.InvariantCulture)
                .Select(c => (char)('₀' + (c - '0')))
        );
}
