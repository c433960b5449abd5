// XPlot.Plotly and Plotly.NET charts, after the course's one documented call
// (XPlotCharts.Register(), PlotlyNetCharts.Register()), in the published kernel VS Code launches
// and in `rnncourse run`: both show the course's chart fragment (not the object tree or the
// FSharp.Core error ChartPackagesTests pins without the call), the two outputs are equal, and the
// run adds the chart's static image. Needs NuGet (CI has it).
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Course.Tests.PublishedKernel;

public class ChartPackageFormattersTests
{
    // The library as built beside these tests: the kernel loads it by absolute path.
    private static readonly string Library = typeof(RnnCourse.Charts.XPlotCharts).Assembly.Location;

    [Fact]
    public Task XPlotChartsRegister_PublishedKernelAndRnncourseRun_ShowACourseChart() =>
        AssertCourseChart(
            "#r \"nuget: XPlot.Plotly, 4.1.0\"",
            "RnnCourse.Charts.XPlotCharts.Register();",
            "XPlot.Plotly.Chart.Plot(new XPlot.Plotly.Scatter { x = new[] { 1, 2, 3 }, y = new[] { 2, 4, 8 } })",
            "\"type\":\"scatter\",\"x\":[1,2,3],\"y\":[2,4,8]"
        );

    [Fact]
    public Task PlotlyNetChartsRegister_PublishedKernelAndRnncourseRun_ShowACourseChart() =>
        AssertCourseChart(
            "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"",
            "RnnCourse.Charts.PlotlyNetCharts.Register();",
            "Plotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2, 3 }, y: new[] { 2, 4, 8 })",
            "\"x\":[1,2,3],\"y\":[2,4,8]"
        );

    private static async Task AssertCourseChart(
        string reference,
        string register,
        string chart,
        string expectedTrace
    )
    {
        string[] cells = [reference, $"#r \"{Library}\"\n{register}", chart];
        var view = await PublishedKernelRun.RunAsync(Course.NotebooksDir, cells);

        Assert.Null(view.Died);
        Assert.True(
            view.FailedCells.Count == 0,
            string.Join("\n", view.Cells.SelectMany(c => c).Select(o => o.Shown().Text))
        );
        var shown = Assert.Single(view.Cells[2]).Shown();
        Assert.Equal("text/html", shown.Mime);
        Assert.Contains("class=\"rnncourse-plot\"", shown.Text);
        Assert.Contains(expectedTrace, shown.Text);
        Assert.DoesNotContain("dni-treeview", shown.Text);

        var dir = Course.TempDir("chart-package");
        var path = Path.Combine(dir, "chart.ipynb");
        var nb = new Notebook();
        foreach (var cell in cells)
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
        var executed = Course.ReadJson(Path.Combine(output, "chart.ipynb"));

        Assert.Empty(ViewDiff.Differences(view.Cells, ViewDiff.RunnerCells(executed)));
        var data = executed["cells"]![2]!["outputs"]![0]!["data"]!.AsObject();
        Assert.True(data.ContainsKey("image/png"), "no static image beside the chart: " + log);
    }
}
