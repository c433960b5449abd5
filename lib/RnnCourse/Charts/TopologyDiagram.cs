// Diagrams of the sequence topologies (Karpathy's "The Unreasonable Effectiveness of RNNs", 2015,
// the seeds' figure of one-to-many, many-to-one, many-to-many) and of Elman vs Jordan recurrence
// (Elman 1990: the state feeds back; Jordan 1986: the output feeds back). Boxes: inputs x (bottom,
// red), hidden states h (middle, green), outputs y (top, blue); arrows are the data flow, dashed
// arrows the feedback that distinguishes the architectures.
namespace RnnCourse.Charts;

/// <summary>The input/output arrangements a recurrent network can serve.</summary>
public enum Topology
{
    /// <summary>A vector in, a vector out: no recurrence (the feed-forward baseline).</summary>
    OneToOne,

    /// <summary>A vector in, a sequence out (generation: captioning, spelling a word).</summary>
    OneToMany,

    /// <summary>A sequence in, one output (classification: sentiment, language understanding).</summary>
    ManyToOne,

    /// <summary>A sequence in, an output at every step (tagging, language modelling).</summary>
    ManyToManyAligned,

    /// <summary>A sequence in, another sequence out after it (translation: encoder–decoder).</summary>
    ManyToManyUnaligned,
}

public static partial class CourseCharts
{
    private const double TopoCol = 78,
        TopoBox = 40;

    // Per topology, in enum order: steps drawn, inputs at steps [0, Inputs), outputs at steps
    // [OutputsFrom, Steps), and the caption.
    private static readonly (int Steps, int Inputs, int OutputsFrom, string Caption)[] Topologies =
    [
        (1, 1, 0, "one-to-one: a vector in, a vector out (no recurrence)"),
        (4, 1, 0, "one-to-many: generation, each output fed back as the next input"),
        (4, 4, 3, "many-to-one: classify the whole sequence from its last state"),
        (4, 4, 0, "many-to-many aligned: an output for every input (tagging)"),
        (6, 3, 3, "many-to-many unaligned: encoder, then decoder (translation)"),
    ];

    // Node colours (fill, stroke): inputs red, states green, outputs blue.
    private static readonly (string, string) InputColors = ("#fadbd8", "#b03a2e"),
        StateColors = ("#d5f5e3", "#1e8449"),
        OutputColors = ("#d6eaf8", "#1f618d");

    private const string TopoArrow =
        "stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#topo-arrow)\"";

    private const string TopoDefs =
        "<defs><marker id=\"topo-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker>"
        + "<marker id=\"topo-arrow-fb\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7d3c98\"/></marker></defs>";

    /// <summary>The diagram of one <see cref="Topology"/> with a caption naming an example task.</summary>
    /// <param name="topology">The arrangement to draw.</param>
    public static Svg TopologyDiagram(Topology topology)
    {
        if (!Enum.IsDefined(topology))
            throw new ArgumentOutOfRangeException(nameof(topology), topology, "Unknown topology.");
        var (steps, inputs, outputsFrom, caption) = Topologies[(int)topology];
        // Generation feeds each output back as the next step's input.
        bool feedback = topology is Topology.OneToMany or Topology.ManyToManyUnaligned;
        double width = Math.Max(360, 40 + steps * TopoCol + 40);
        var svg = new SvgBuilder(width, 250, caption).Raw(TopoDefs);
        const double yY = 40,
            yH = 120,
            yX = 200,
            half = TopoBox / 2;
        for (int t = 0; t < steps; t++)
        {
            double cx = 40 + t * TopoCol + TopoCol / 2;
            TopoNode(svg, cx, yH, "h", t, StateColors);
            if (t > 0)
                svg.Line(cx - TopoCol + half, yH, cx - half, yH, TopoArrow);
            if (t < inputs)
            {
                TopoNode(svg, cx, yX, "x", t, InputColors);
                svg.Line(cx, yX - half, cx, yH + half, TopoArrow);
            }
            if (t < outputsFrom)
                continue;
            TopoNode(svg, cx, yY, "y", t, OutputColors);
            svg.Line(cx, yH - half, cx, yY + half, TopoArrow);
            if (feedback && t + 1 < steps)
            {
                double nx = cx + TopoCol;
                svg.Path(
                    $"M{SvgBuilder.N(cx + half)},{SvgBuilder.N(yY)} C{SvgBuilder.N(cx + TopoCol * 0.6)},{SvgBuilder.N(yY)} {SvgBuilder.N(nx - TopoCol * 0.6)},{SvgBuilder.N(yH)} {SvgBuilder.N(nx - half)},{SvgBuilder.N(yH - 8)}",
                    "fill=\"none\" stroke=\"#7d3c98\" stroke-dasharray=\"5 4\" stroke-width=\"1.4\" marker-end=\"url(#topo-arrow-fb)\""
                );
            }
        }
        svg.Text(
            width / 2,
            245,
            caption,
            null,
            "text-anchor=\"middle\" font-size=\"13\" font-family=\"sans-serif\" fill=\"#333\""
        );
        return new Svg(svg.Build(), caption);
    }

    /// <summary>
    /// Elman and Jordan recurrence side by side over three steps: Elman feeds the hidden state
    /// h_{t−1} into step t (W_hh); Jordan feeds the previous output y_{t−1} (W_yh).
    /// </summary>
    public static Svg ElmanVsJordan()
    {
        const double panel = 300;
        var svg = new SvgBuilder(2 * panel + 20, 270, "Elman vs Jordan recurrence").Raw(TopoDefs);
        for (int p = 0; p < 2; p++)
        {
            bool jordan = p == 1;
            double x0 = 10 + p * (panel + 20);
            svg.Text(
                x0 + panel / 2,
                20,
                jordan ? "Jordan (1986): y_{t−1} → h_t" : "Elman (1990): h_{t−1} → h_t",
                null,
                "text-anchor=\"middle\" font-size=\"14\" font-family=\"sans-serif\" font-weight=\"bold\""
            );
            for (int t = 0; t < 3; t++)
            {
                double cx = x0 + 50 + t * 100;
                TopoNode(svg, cx, 60, "y", t + 1, OutputColors);
                TopoNode(svg, cx, 140, "h", t + 1, StateColors);
                TopoNode(svg, cx, 220, "x", t + 1, InputColors);
                svg.Line(cx, 200, cx, 160, TopoArrow);
                svg.Line(cx, 120, cx, 80, TopoArrow);
                if (t > 0 && jordan)
                    svg.Path(
                        $"M{SvgBuilder.N(cx - 80)},{SvgBuilder.N(60)} L{SvgBuilder.N(cx - 20)},{SvgBuilder.N(132)}",
                        "fill=\"none\" stroke=\"#7d3c98\" stroke-dasharray=\"5 4\" stroke-width=\"1.6\" marker-end=\"url(#topo-arrow-fb)\""
                    );
                else if (t > 0)
                    svg.Line(
                        cx - 80,
                        140,
                        cx - 20,
                        140,
                        "stroke=\"#7d3c98\" stroke-width=\"1.6\" marker-end=\"url(#topo-arrow-fb)\""
                    );
            }
        }
        return new Svg(svg.Build(), "Elman vs Jordan recurrence");
    }

    private static void TopoNode(
        SvgBuilder svg,
        double cx,
        double cy,
        string name,
        int t,
        (string Fill, string Stroke) colors
    )
    {
        svg.Rect(
            cx - TopoBox / 2,
            cy - TopoBox / 2,
            TopoBox,
            TopoBox,
            $"rx=\"6\" fill=\"{colors.Fill}\" stroke=\"{colors.Stroke}\" stroke-width=\"1.5\""
        );
        svg.Text(
            cx - 4,
            cy + 5,
            name,
            t.ToString(Inv),
            "text-anchor=\"middle\" font-size=\"16\" font-family=\"serif\" font-style=\"italic\""
        );
    }
}
