using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Execution;

// The out-of-process kernel used directly, as the grader does: cells, then extra code in the
// same state, then a crash that must not take the caller down.
public class NotebookProcessTests
{
    [Fact]
    public async Task ExecuteAsync_StateEnvironmentAndCrash_BehaveLikeTheInProcessKernel()
    {
        var dir = TestPaths.TempDir("process");
        await using var kernel = await NotebookProcess.StartAsync(
            new SessionOptions
            {
                WorkingDirectory = dir,
                Environment = new Dictionary<string, string?>
                {
                    ["RNNCOURSE_TEST_VALUE"] = "from parent",
                },
            }
        );
        var first = await kernel.ExecuteAsync(
            "var answer = 41;\nConsole.WriteLine(System.IO.Directory.GetCurrentDirectory());"
        );
        Assert.True(first.Succeeded, first.ErrorSummary);
        Assert.Equal(dir, first.Outputs.Single().Text.Trim());
        var test = await kernel.ExecuteAsync(
            "$\"{answer + 1} {Environment.GetEnvironmentVariable(\"RNNCOURSE_TEST_VALUE\")}\"",
            TimeSpan.FromSeconds(60)
        );
        Assert.Equal(2, test.ExecutionCount);
        Assert.Equal("42 from parent", test.Outputs.Single().Data["text/plain"]);
        var crash = await kernel.ExecuteAsync("Console.Write(\"partial\");\nEnvironment.Exit(5);");
        Assert.Equal(CellStatus.Crashed, crash.Status);
        Assert.Equal("partial", crash.Outputs[0].Text);
        Assert.Contains("exit code 5", crash.Outputs[^1].ErrorValue);
        Assert.False(kernel.IsAlive);
        var after = await kernel.ExecuteAsync("1");
        Assert.Equal(CellStatus.Crashed, after.Status);
        Assert.Contains("no longer running", Assert.Single(after.Outputs).ErrorValue);
    }
}
