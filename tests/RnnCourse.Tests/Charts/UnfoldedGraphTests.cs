using System.Xml.Linq;
using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class UnfoldedGraphTests
{
    private static XDocument Parse(Svg svg) => XDocument.Parse(svg.Markup);

    private static int Count(XDocument doc, string element, string cls) =>
        doc.Descendants()
            .Count(e =>
                e.Name.LocalName == element
                && ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cls)
            );

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    public void Forward_EdgesAndNodes_PerStep(int steps)
    {
        var doc = Parse(CourseCharts.UnfoldedGraph(steps));
        // Per step: h_{t-1}→h_t, x_t→h_t, h_t→o_t, o_t→L_t.
        Assert.Equal(4 * steps, Count(doc, "line", "forward"));
        Assert.Equal(0, Count(doc, "line", "backward"));
        // Nodes: h_0 plus x, h, o, L per step.
        Assert.Equal(
            1 + 4 * steps,
            doc.Descendants().Count(e => ((string?)e.Attribute("class")) == "node")
        );
    }

    [Fact]
    public void Forward_SharedWeights_LabelEveryEdgeWithTheSameNames()
    {
        var doc = Parse(CourseCharts.UnfoldedGraph(5));
        var weights = doc.Descendants()
            .Where(e => (string?)e.Attribute("class") == "weight")
            .Select(e => e.Value)
            .ToArray();
        Assert.Equal(15, weights.Length);
        Assert.Equal(5, weights.Count(w => w == "Whh"));
        Assert.Equal(5, weights.Count(w => w == "Wxh"));
        Assert.Equal(5, weights.Count(w => w == "Why"));
    }

    [Theory]
    [InlineData(4, 1, 5)] // L4→o4, o4→h4, h4→h3, h3→h2, h2→h1
    [InlineData(4, 4, 2)] // only L4→o4→h4
    [InlineData(6, 3, 5)]
    public void Backward_HighlightedPath_FollowsTheJacobianChain(
        int steps,
        int k,
        int expectedHighlighted
    )
    {
        var doc = Parse(CourseCharts.UnfoldedGraph(steps, highlightFrom: k));
        Assert.Equal(expectedHighlighted, Count(doc, "line", "highlight"));
        // Backward edges: L→o and o→h per step, h_t→h_{t-1} for t ≥ 2.
        Assert.Equal(2 * steps + (steps - 1), Count(doc, "line", "backward"));
        var grads = doc.Descendants()
            .Where(e => (string?)e.Attribute("class") == "grad")
            .Select(e => e.Value)
            .ToArray();
        Assert.Contains("∂h₂/∂h₁", grads);
        Assert.Contains(
            $"∂L{CourseCharts.Sub(steps)}/∂h{CourseCharts.Sub(k)}",
            Parse(CourseCharts.UnfoldedGraph(steps, k)).ToString()
        );
    }

    [Fact]
    public void UnfoldedGraph_OutOfRange_ThrowsNamingTheLimits()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CourseCharts.UnfoldedGraph(13));
        Assert.Contains("between 1 and 12", ex.Message);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() =>
            CourseCharts.UnfoldedGraph(3, highlightFrom: 4)
        );
        Assert.Contains("between 1 and steps = 3", ex2.Message);
    }

    [Fact]
    public void CellName_IsEscapedInTheMarkup()
    {
        var svg = CourseCharts.UnfoldedGraph(2, cellName: "LSTM <peephole> & co");
        Assert.Contains("LSTM &lt;peephole&gt; &amp; co", svg.Markup);
        Parse(svg); // still well-formed XML
    }

    [Fact]
    public void Save_SvgExtension_WritesBareSvgFile()
    {
        var path = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-graph-" + Guid.NewGuid().ToString("N") + ".svg"
        );
        try
        {
            CourseCharts.UnfoldedGraph(2).Save(path);
            var text = File.ReadAllText(path);
            Assert.StartsWith("<?xml", text);
            XDocument.Parse(text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
