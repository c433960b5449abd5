// An XPlot.Plotly chart, after the one documented call RnnCourse.Charts.XPlotCharts.Register(), in
// the published kernel VS Code launches and in `rnncourse run`: both show the course's chart
// fragment (not the object tree ChartPackagesTests pins without the call), the two outputs are
// equal, and the run adds the chart's static image. Needs NuGet (CI has it).
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Course.Tests.PublishedKernel;

public class XPlotChartsKernelTests
{
    // The library as built beside these tests: the kernel loads it by absolute path.
    private static readonly string Library = typeof(RnnCourse.Charts.XPlotCharts).Assembly.Location;

    private static readonly string[] Cells =
    [
        "#r \"nuget: XPlot.Plotly, 4.1.0\"",
        $"#r \"{Library}\"\nRnnCourse.Charts.XPlotCharts.Register();",
        "XPlot.Plotly.Chart.Plot(new XPlot.Plotly.Scatter { x = new[] { 1, 2, 3 }, y = new[] { 2, 4, 8 } })",
    ];

    [Fact]
    public async Task Register_PublishedKernelAndRnncourseRun_ShowThePlotlyChartAsACourseChart()
    {
        var view = await PublishedKernelRun.RunAsync(Course.NotebooksDir, Cells);

        Assert.Null(view.Died);
        Assert.True(
            view.FailedCells.Count == 0,
            string.Join("\n", view.Cells.SelectMany(c => c).Select(o => o.Shown().Text))
        );
        var shown = Assert.Single(view.Cells[2]).Shown();
        Assert.Equal("text/html", shown.Mime);
        Assert.Contains("class=\"rnncourse-plot\"", shown.Text);
        Assert.Contains("\"type\":\"scatter\",\"x\":[1,2,3],\"y\":[2,4,8]", shown.Text);
        Assert.DoesNotContain("dni-treeview", shown.Text);

        var dir = Course.TempDir("xplot");
        var path = Path.Combine(dir, "xplot.ipynb");
        var nb = new Notebook();
        foreach (var cell in Cells)
            nb.Cells.Add(new NotebookCell { Kind = CellKind.Code, Source = cell });
        NotebookJson.WriteFile(path, nb);
        var output = Path.Combine(dir, "out");
        var (code, log) = Course.Rnncourse(
            TimeSpan.FromMinutes(5),
            "run",
            path,
            "--output",
            output
        );
        Assert.True(code == 0, log);
        var executed = Course.ReadJson(Path.Combine(output, "xplot.ipynb"));

        Assert.Empty(ViewDiff.Differences(view.Cells, ViewDiff.RunnerCells(executed)));
        var chart = executed["cells"]![2]!["outputs"]![0]!["data"]!.AsObject();
        Assert.True(chart.ContainsKey("image/png"), "no static image beside the chart: " + log);
    }
}
