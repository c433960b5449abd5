using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Execution;

// Notebook-level policy (order, skipping, limits), with the in-process kernel to stay fast.
public class NotebookExecutorTests
{
    private static Notebook Make(params string[] cells)
    {
        var nb = new Notebook();
        nb.Cells.Add(new NotebookCell { Kind = CellKind.Markdown, Source = "# T" });
        foreach (var c in cells)
            nb.Cells.Add(new NotebookCell { Kind = CellKind.Code, Source = c });
        return nb;
    }

    [Fact]
    public async Task Run_StopOnError_SkipsLaterCellsAndClearsTheirOldOutputs()
    {
        var nb = Make("1", "throw new Exception(\"x\");", "2");
        nb.Cells[3].Outputs.Add(CellOutput.Stream("stdout", "stale output from an earlier run"));
        nb.Cells[3].ExecutionCount = 9;
        var r = await NotebookExecutor.RunAsync(
            nb,
            new NotebookSession(),
            new NotebookRunOptions { StopOnError = true }
        );
        Assert.Equal(
            [CellStatus.Ok, CellStatus.RuntimeError, CellStatus.Skipped],
            r.Cells.Select(c => c.Result.Status)
        );
        Assert.Equal(2, r.FirstFailure!.CellIndex);
        Assert.Null(nb.Cells[3].ExecutionCount);
        Assert.Empty(nb.Cells[3].Outputs);
        Assert.Equal(1, r.Failed);
        Assert.Equal(1, r.Skipped);
    }

    [Fact]
    public async Task Run_Default_GoesOnAfterAFailureAsVsCodeRunAllDoes()
    {
        var nb = Make("undefined", "\"after\"", "throw new Exception(\"x\");");
        var r = await NotebookExecutor.RunAsync(nb, new NotebookSession());
        Assert.Equal(
            [CellStatus.CompileError, CellStatus.Ok, CellStatus.RuntimeError],
            r.Cells.Select(c => c.Result.Status)
        );
        Assert.Equal(2, r.Failed);
        Assert.Equal([1, 2, 3], nb.Cells.Skip(1).Select(c => c.ExecutionCount ?? 0));
    }

    [Fact]
    public async Task Run_NotebookTimeLimit_StopsTheNotebookAndSaysWhichLimit()
    {
        var nb = Make("await Task.Delay(3000);", "\"never\"");
        var r = await NotebookExecutor.RunAsync(
            nb,
            new NotebookSession(),
            new NotebookRunOptions { NotebookTimeout = TimeSpan.FromMilliseconds(300) }
        );
        Assert.Equal(CellStatus.TimedOut, r.Cells[0].Result.Status);
        Assert.Contains("--notebook-timeout", nb.Cells[1].Outputs.Single().ErrorValue);
        Assert.Equal(CellStatus.Skipped, r.Cells[1].Result.Status);
    }

    [Fact]
    public async Task Run_DisplayUpdatedFromALaterCell_UpdatesTheEarlierCellsOutput()
    {
        var nb = Make(
            "using Microsoft.DotNet.Interactive;\nvar h = KernelInvocationContext.Current.Display(\"old\");",
            "h.Update(\"new\");"
        );
        await NotebookExecutor.RunAsync(nb, new NotebookSession());
        Assert.Equal("new", nb.Cells[1].Outputs.Single().Data["text/plain"]);
        Assert.Empty(nb.Cells[2].Outputs);
    }

    [Fact]
    public async Task Run_CellOfAnotherKernel_IsAnErrorNamingTheKernel()
    {
        var nb = Make("1");
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Kernel = "pwsh",
                Source = "Get-Date",
            }
        );
        var r = await NotebookExecutor.RunAsync(nb, new NotebookSession());
        Assert.Equal(CellStatus.DirectiveError, r.Cells[1].Result.Status);
        Assert.Contains("'pwsh'", nb.Cells[2].Outputs.Single().ErrorValue);
    }

    [Fact]
    public async Task Run_ManySmallWrites_KeepsEveryCharacterInOneStream()
    {
        var nb = Make("for (var i = 0; i < 20000; i++) Console.Write(i % 10);");
        await NotebookExecutor.RunAsync(nb, new NotebookSession());
        var text = nb.Cells[1].Outputs.Single().Text;
        Assert.Equal(20000, text.Length);
        Assert.StartsWith("0123456789", text);
    }
}
