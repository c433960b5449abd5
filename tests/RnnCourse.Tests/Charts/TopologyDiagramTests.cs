using System.Text.RegularExpressions;
using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class TopologyDiagramTests
{
    private static int Count(string markup, string fill) =>
        Regex.Matches(markup, $"fill=\"{fill}\"").Count;

    [Theory]
    [InlineData(Topology.OneToOne, 1, 1, 1, 0)]
    [InlineData(Topology.OneToMany, 1, 4, 4, 3)]
    [InlineData(Topology.ManyToOne, 4, 4, 1, 0)]
    [InlineData(Topology.ManyToManyAligned, 4, 4, 4, 0)]
    [InlineData(Topology.ManyToManyUnaligned, 3, 6, 3, 2)]
    public void TopologyDiagram_EachTopology_DrawsItsInputsStatesOutputsAndFeedback(
        Topology topology,
        int inputs,
        int states,
        int outputs,
        int feedbackArrows
    )
    {
        var svg = CourseCharts.TopologyDiagram(topology);
        Assert.StartsWith("<svg", svg.Markup);
        Assert.Equal(inputs, Count(svg.Markup, "#fadbd8"));
        Assert.Equal(states, Count(svg.Markup, "#d5f5e3"));
        Assert.Equal(outputs, Count(svg.Markup, "#d6eaf8"));
        Assert.Equal(feedbackArrows, Regex.Matches(svg.Markup, "<path d=\"M[^\"]*C").Count);
    }

    [Fact]
    public void ElmanVsJordan_DrawsStateFeedbackLeftAndOutputFeedbackRight()
    {
        var markup = CourseCharts.ElmanVsJordan().Markup;
        Assert.Contains("Elman (1990)", markup);
        Assert.Contains("Jordan (1986)", markup);
        // Two recurrent edges per panel: straight lines h→h for Elman, dashed paths y→h for Jordan.
        Assert.Equal(
            2,
            Regex
                .Matches(
                    markup,
                    "<path d=\"M[^\"]*L[^\"]*\" fill=\"none\" stroke=\"#7d3c98\" stroke-dasharray"
                )
                .Count
        );
        Assert.Equal(2, Regex.Matches(markup, "<line [^>]*stroke=\"#7d3c98\"").Count);
    }
}
