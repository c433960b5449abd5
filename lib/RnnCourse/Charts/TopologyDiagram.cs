// Diagrams of the sequence topologies (Karpathy's "The Unreasonable Effectiveness of RNNs", 2015,
// the seeds' figure of one-to-many, many-to-one, many-to-many) and of Elman vs Jordan recurrence
// (Elman 1990: the state feeds back; Jordan 1986: the output feeds back). Boxes: inputs x (bottom,
// red), hidden states h (middle, green), outputs y (top, blue); arrows are the data flow, dashed
// arrows the feedback that distinguishes the architectures.
using System.Text;

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

    /// <summary>The diagram of one <see cref="Topology"/> with a caption naming an example task.</summary>
    /// <param name="topology">The arrangement to draw.</param>
    public static Svg TopologyDiagram(Topology topology)
    {
        var (steps, inputs, outputs, feedback, caption) = topology switch
        {
            Topology.OneToOne => (
                1,
                new[] { 0 },
                new[] { 0 },
                false,
                "one-to-one: a vector in, a vector out (no recurrence)"
            ),
            Topology.OneToMany => (
                4,
                new[] { 0 },
                new[] { 0, 1, 2, 3 },
                true,
                "one-to-many: generation, each output fed back as the next input"
            ),
            Topology.ManyToOne => (
                4,
                new[] { 0, 1, 2, 3 },
                new[] { 3 },
                false,
                "many-to-one: classify the whole sequence from its last state"
            ),
            Topology.ManyToManyAligned => (
                4,
                new[] { 0, 1, 2, 3 },
                new[] { 0, 1, 2, 3 },
                false,
                "many-to-many aligned: an output for every input (tagging)"
            ),
            Topology.ManyToManyUnaligned => (
                6,
                new[] { 0, 1, 2 },
                new[] { 3, 4, 5 },
                true,
                "many-to-many unaligned: encoder, then decoder (translation)"
            ),
            _ => throw new ArgumentOutOfRangeException(
                nameof(topology),
                topology,
                "Unknown topology."
            ),
        };
        double width = Math.Max(360, 40 + steps * TopoCol + 40);
        var svg = new SvgBuilder(width, 250, caption).Raw(TopoDefs());
        double yY = 40,
            yH = 120,
            yX = 200;
        for (int t = 0; t < steps; t++)
        {
            double cx = 40 + t * TopoCol + TopoCol / 2;
            TopoNode(svg, cx, yH, "h", t, "#d5f5e3", "#1e8449");
            if (t > 0 && topology != Topology.OneToOne)
            {
                svg.Line(cx - TopoCol + TopoBox / 2, yH, cx - TopoBox / 2, yH, TopoArrow("#333"));
            }
            if (inputs.Contains(t))
            {
                TopoNode(svg, cx, yX, "x", t, "#fadbd8", "#b03a2e");
                svg.Line(cx, yX - TopoBox / 2, cx, yH + TopoBox / 2, TopoArrow("#333"));
            }
            if (outputs.Contains(t))
            {
                TopoNode(svg, cx, yY, "y", t, "#d6eaf8", "#1f618d");
                svg.Line(cx, yH - TopoBox / 2, cx, yY + TopoBox / 2, TopoArrow("#333"));
                bool feedsNext = feedback && t + 1 < steps && outputs.Contains(t + 1);
                if (feedsNext)
                {
                    double nx = cx + TopoCol;
                    svg.Path(
                        $"M{SvgBuilder.N(cx + TopoBox / 2)},{SvgBuilder.N(yY)} C{SvgBuilder.N(cx + TopoCol * 0.6)},{SvgBuilder.N(yY)} {SvgBuilder.N(nx - TopoCol * 0.6)},{SvgBuilder.N(yH)} {SvgBuilder.N(nx - TopoBox / 2)},{SvgBuilder.N(yH - 8)}",
                        "fill=\"none\" stroke=\"#7d3c98\" stroke-dasharray=\"5 4\" stroke-width=\"1.4\" marker-end=\"url(#topo-arrow-fb)\""
                    );
                }
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
        var svg = new SvgBuilder(2 * panel + 20, 270, "Elman vs Jordan recurrence").Raw(TopoDefs());
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
                TopoNode(svg, cx, 60, "y", t + 1, "#d6eaf8", "#1f618d");
                TopoNode(svg, cx, 140, "h", t + 1, "#d5f5e3", "#1e8449");
                TopoNode(svg, cx, 220, "x", t + 1, "#fadbd8", "#b03a2e");
                svg.Line(cx, 200, cx, 160, TopoArrow("#333"));
                svg.Line(cx, 120, cx, 80, TopoArrow("#333"));
                if (t == 0)
                {
                    continue;
                }
                if (jordan)
                {
                    svg.Path(
                        $"M{SvgBuilder.N(cx - 80)},{SvgBuilder.N(60)} L{SvgBuilder.N(cx - 20)},{SvgBuilder.N(132)}",
                        "fill=\"none\" stroke=\"#7d3c98\" stroke-dasharray=\"5 4\" stroke-width=\"1.6\" marker-end=\"url(#topo-arrow-fb)\""
                    );
                }
                else
                {
                    svg.Line(
                        cx - 80,
                        140,
                        cx - 20,
                        140,
                        "stroke=\"#7d3c98\" stroke-width=\"1.6\" marker-end=\"url(#topo-arrow-fb)\""
                    );
                }
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
        string fill,
        string stroke
    )
    {
        svg.Rect(
            cx - TopoBox / 2,
            cy - TopoBox / 2,
            TopoBox,
            TopoBox,
            $"rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\""
        );
        svg.Text(
            cx - 4,
            cy + 5,
            name,
            t.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "text-anchor=\"middle\" font-size=\"16\" font-family=\"serif\" font-style=\"italic\""
        );
    }

    private static string TopoArrow(string color) =>
        $"stroke=\"{color}\" stroke-width=\"1.5\" marker-end=\"url(#topo-arrow)\"";

    private static string TopoDefs()
    {
        var sb = new StringBuilder("<defs>");
        foreach (var (id, color) in new[] { ("topo-arrow", "#333"), ("topo-arrow-fb", "#7d3c98") })
        {
            sb.Append(
                $"<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"
            );
        }
        return sb.Append("</defs>").ToString();
    }
}
