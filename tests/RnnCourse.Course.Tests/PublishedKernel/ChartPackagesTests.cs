// Pins what the chart packages the course's design names do in the published kernel (issue
// "Charts that draw everywhere") as they come, without the course's Register() calls that make
// both draw (ChartPackageFormattersTests): Plotly.NET 6 restores and loads its extension, but its
// first chart fails to bind FSharp.Core 10.1.0.0 (the tool carries its own FSharp.Core);
// XPlot.Plotly 4.1.0 loads but has no formatter of its own in the kernel, so a chart is shown as
// an object tree. The day either changes, this test fails and the calls may no longer be needed.
// Needs NuGet (CI has it).
namespace RnnCourse.Course.Tests.PublishedKernel;

public class ChartPackagesTests
{
    [Fact]
    public async Task PublishedKernel_PlotlyNetAndXPlot_FailAsDocumented()
    {
        var view = await PublishedKernelRun.RunAsync(
            Course.NotebooksDir,
            [
                "#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"",
                "Plotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2, 3 }, y: new[] { 2, 4, 8 })",
                "#r \"nuget: XPlot.Plotly, 4.1.0\"",
                "XPlot.Plotly.Chart.Plot(new XPlot.Plotly.Scatter { x = new[] { 1, 2 }, y = new[] { 3, 4 } })",
            ]
        );

        Assert.Null(view.Died);
        Assert.Equal([1], view.FailedCells);
        var plotlyNet = Assert.Single(view.Cells[1]).Shown().Text;
        Assert.Contains(
            "Could not load file or assembly 'FSharp.Core, Version=10.1.0.0",
            plotlyNet
        );
        var xplot = Assert.Single(view.Cells[3]);
        Assert.Equal("execute_result", xplot.Kind);
        Assert.Contains("dni-treeview", xplot.Shown().Text); // an object tree, not a chart
        Assert.DoesNotContain("Plotly.newPlot", xplot.Shown().Text);
    }
}
