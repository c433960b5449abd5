using System.Text.Json;
using Microsoft.DotNet.Interactive.Formatting;
using RnnCourse.Charts;
using XPlot.Plotly;

namespace RnnCourse.Tests.Charts;

public class XPlotChartsTests
{
    private static PlotlyChart Sample()
    {
        var chart = XPlot.Plotly.Chart.Plot(
            new XPlot.Plotly.Scatter
            {
                x = new[] { 1, 2, 3 },
                y = new[] { 2, 4, 8 },
                name = "</script><b>",
            }
        );
        chart.WithTitle("Growth");
        chart.WithXTitle("step");
        return chart;
    }

    [Fact]
    public void ToFigureJson_ScatterWithTitles_GivesTracesAndTitleObjects()
    {
        using var doc = JsonDocument.Parse(XPlotCharts.ToFigureJson(Sample()));
        var root = doc.RootElement;

        var trace = Assert.Single(root.GetProperty("data").EnumerateArray().ToList());
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal([2, 4, 8], trace.GetProperty("y").EnumerateArray().Select(e => e.GetInt32()));
        var layout = root.GetProperty("layout");
        Assert.Equal("Growth", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(
            "step",
            layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString()
        );
    }

    [Fact]
    public void ToFigureJson_TextWithScriptTag_IsEscapedForTheScriptElement()
    {
        var json = XPlotCharts.ToFigureJson(Sample());

        Assert.DoesNotContain("</script>", json);
        Assert.Contains("\\u003C/script\\u003E", json);
    }

    [Fact]
    public void ToFigureJson_NotAPlotlyChart_SaysWhatItExpected()
    {
        var ex = Assert.Throws<ArgumentException>(() => XPlotCharts.ToFigureJson("chart"));

        Assert.Contains("Expected an XPlot.Plotly.PlotlyChart", ex.Message);
        Assert.Contains("System.String", ex.Message);
    }

    [Fact]
    public void Register_WithKernelFormatter_ShowsPlotlyChartAsTheCoursesChartFragment()
    {
        // The kernel's own Formatter (the package the published kernel is built from), in process.
        var chart = Sample();

        XPlotCharts.Register();
        var html = chart.ToDisplayString(MimeTypes.Html);

        var expected = new FigureJson(XPlotCharts.ToFigureJson(chart)).ToHtml();
        Assert.Equal(expected, html);
        Assert.Contains("class=\"rnncourse-plot\"", html);
        Assert.Equal([MimeTypes.Html], Formatter.GetPreferredMimeTypesFor(typeof(PlotlyChart)));
    }
}
