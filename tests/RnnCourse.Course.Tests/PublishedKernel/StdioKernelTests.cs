// The published-kernel client against the real tool: a small notebook (kernel-sample.ipynb beside
// this file) pins how the kernel's events become the VS Code view, and the bad cases give one line
// naming the fix.
namespace RnnCourse.Course.Tests.PublishedKernel;

public class StdioKernelTests
{
    private static string SampleDir =>
        Path.Combine(Course.Root, "tests", "RnnCourse.Course.Tests", "PublishedKernel");

    [Fact]
    public async Task RunAsync_SampleNotebook_GoesOnAfterTheFailedCellAndBuildsTheVsCodeView()
    {
        var cells = PublishedKernelRun.CodeCells(
            Course.ReadJson(Path.Combine(SampleDir, "kernel-sample.ipynb"))
        );

        var view = await PublishedKernelRun.RunAsync(SampleDir, cells);

        Assert.Null(view.Died);
        Assert.Equal(4, view.Cells.Count);
        Assert.Equal([2], view.FailedCells);
        // The tool gives Update a value id of its own, so VS Code shows a second copy.
        Assert.Equal(
            ["display_data text/plain\nfirst", "display_data text/plain\nsecond"],
            view.Cells[0].Select(o => o.Key())
        );
        Assert.Equal(
            ["stream:stdout text/plain\na\nb\n", "stream:stderr text/plain\ne\n"],
            view.Cells[1].Select(o => o.Key())
        );
        var error = Assert.Single(view.Cells[2]);
        Assert.StartsWith("error text/plain\nSystem.InvalidOperationException: boom", error.Key());
        var result = Assert.Single(view.Cells[3]);
        Assert.Equal("execute_result", result.Kind);
        Assert.Contains("<pre>2</pre>", result.Shown().Text);
        var warning = Assert.Single(view.Warnings);
        Assert.StartsWith("cell 3: (1,7): warning CS8632", warning);
    }

    [Fact]
    public async Task RunAsync_CellExitsTheProcess_ReportsCellAndReasonAndStops()
    {
        var view = await PublishedKernelRun.RunAsync(
            SampleDir,
            ["Console.WriteLine(\"before\");", "System.Environment.Exit(3);", "1 + 1"]
        );

        Assert.Equal("cell 1: the kernel process exited (code 3)", view.Died);
        Assert.Equal(2, view.Cells.Count);
        Assert.Equal([1], view.FailedCells);
    }

    [Fact]
    public async Task StartAsync_ToolNotInManifest_OneLineNamingToolRestore()
    {
        var empty = Course.TempDir("no-manifest");

        var ex = await Assert.ThrowsAsync<KernelStartException>(() =>
            StdioKernel.StartAsync(empty, empty, TimeSpan.FromMinutes(1))
        );

        Assert.Contains("run `dotnet tool restore`", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task StartAsync_NotReadyInTime_OneLineNamingTheTimeout()
    {
        var ex = await Assert.ThrowsAsync<KernelStartException>(() =>
            StdioKernel.StartAsync(SampleDir, Course.Root, TimeSpan.FromMilliseconds(1))
        );

        Assert.StartsWith("dotnet-interactive did not report KernelReady within", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
