using System.Text.Json;
using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class FigureTests
{
    private static Figure Sample() =>
        Figure.Of(
            new Layout { Title = "Sample" },
            new Scatter
            {
                X = new[] { 1, 2 },
                Y = new[] { 3, 4 },
                Mode = "lines",
            }
        );

    [Fact]
    public void ToJson_HasDataLayoutConfigInPlotlyShape()
    {
        using var doc = JsonDocument.Parse(Sample().ToJson());
        var root = doc.RootElement;
        Assert.Equal(
            ["data", "layout", "config"],
            root.EnumerateObject().Select(p => p.Name).ToArray()
        );
        Assert.Equal("scatter", root.GetProperty("data")[0].GetProperty("type").GetString());
        Assert.Equal(
            "Sample",
            root.GetProperty("layout").GetProperty("title").GetProperty("text").GetString()
        );
        Assert.False(root.GetProperty("config").GetProperty("displaylogo").GetBoolean());
    }

    [Fact]
    public void ToHtml_Default_LoadsPinnedPlotlyFromCdnAndEmbedsTheFigure()
    {
        var fig = Sample();
        var html = fig.ToHtml();
        Assert.StartsWith($"<div id=\"{fig.DivId}\"", html);
        Assert.Contains(
            "https://cdn.jsdelivr.net/npm/plotly.js-dist-min@"
                + PlotlyJs.Version
                + "/plotly.min.js",
            html
        );
        Assert.Contains("var fig = " + fig.ToJson() + ";", html);
        Assert.Contains("newPlot(el, fig)", html);
        Assert.EndsWith("</script>", html);
    }

    [Fact]
    public void DivId_DependsOnContent_StableForEqualFigures()
    {
        Assert.Equal(Sample().DivId, Sample().DivId);
        Assert.NotEqual(
            Sample().DivId,
            (Sample() with { Layout = new Layout { Title = "Other" } }).DivId
        );
        Assert.Matches("^plot-[0-9a-f]{12}$", Sample().DivId);
    }

    [Fact]
    public void ToHtml_LocalFile_UsesFileUrl()
    {
        var path = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-fake-plotly-" + Environment.ProcessId + ".js"
        );
        File.WriteAllText(path, "window.Plotly = {};");
        try
        {
            var html = Sample().ToHtml(PlotlyJs.FromFile(path));
            Assert.Contains("var src = \"file:///", html);
            Assert.DoesNotContain("cdn.jsdelivr", html);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromFile_Missing_ThrowsNamingTheFixAndPath()
    {
        var ex = Assert.Throws<FileNotFoundException>(() =>
            PlotlyJs.FromFile("/nonexistent/plotly.min.js")
        );
        Assert.Contains("npm ci --prefix web", ex.Message);
        Assert.Contains("/nonexistent/plotly.min.js", ex.Message);
    }

    [Fact]
    public void SaveHtml_WritesStandalonePageWithHeadScript()
    {
        var dir = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-charts-" + Guid.NewGuid().ToString("N")
        );
        try
        {
            var written = Sample().SaveHtml(Path.Combine(dir, "sub", "chart.html"));
            var page = File.ReadAllText(written);
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.Contains("<title>Sample</title>", page);
            Assert.Contains("<script src=\"https://cdn.jsdelivr.net/npm/plotly.js-dist-min@", page);
            Assert.Contains(Sample().ToJson(), page);
            Assert.EndsWith("</html>\n", page);
            Assert.NotEqual(0xEF, File.ReadAllBytes(written)[0]); // no BOM
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ChartPage_Inline_EmbedsPlotlyOnceAndEscapesItsScriptEnd()
    {
        var path = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-inline-" + Environment.ProcessId + ".js"
        );
        File.WriteAllText(path, "window.Plotly = { marker: '</script>' };");
        try
        {
            var page = ChartPage.ToHtml(
                "two",
                [Sample(), Sample() with { Layout = new Layout { Title = "B" } }],
                PlotlyJs.Inline(path)
            );
            Assert.Equal(1, PlotlyJsonTests.CountOf(page, "window.Plotly = { marker:"));
            Assert.Contains("'<\\/script>'", page);
            Assert.Equal(2, PlotlyJsonTests.CountOf(page, "class=\"rnncourse-plot\""));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ChartPage_UnsupportedItem_ThrowsNamingTheType()
    {
        var ex = Assert.Throws<ArgumentException>(() => ChartPage.ToHtml("x", [Sample(), 42]));
        Assert.Contains("Item 1", ex.Message);
        Assert.Contains("Int32", ex.Message);
    }

    [Fact]
    public void ToMimeBundle_HasPlotlyJsonHtmlAndText()
    {
        var fig = Sample();
        var bundle = fig.ToMimeBundle();
        Assert.Equal(
            ["application/vnd.plotly.v1+json", "text/html", "text/plain"],
            bundle.Keys.ToArray()
        );
        Assert.Equal(fig.ToJson(), bundle["application/vnd.plotly.v1+json"]);
        Assert.Equal(fig.ToHtml(), bundle["text/html"]);
        Assert.Equal("Figure \"Sample\": 1 trace(s) [scatter]", bundle["text/plain"]);
    }
}
