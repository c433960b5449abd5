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

    [Fact]
    public async Task StartAsync_RelativeDataAndCacheFolders_ReachTheNotebookAbsolute()
    {
        // The shell's `RNNCOURSE_DATA_DIR=../shared/datasets rnncourse run …` means relative to
        // where rnncourse started, not to the notebook's folder the kernel runs in.
        await using var kernel = await NotebookProcess.StartAsync(
            new SessionOptions
            {
                WorkingDirectory = TestPaths.TempDir("relative-data"),
                Environment = new Dictionary<string, string?>
                {
                    ["RNNCOURSE_DATA_DIR"] = Path.Combine("..", "shared", "datasets"),
                    ["RNNCOURSE_CACHE_DIR"] = "/already/absolute",
                },
            }
        );
        var seen = await kernel.ExecuteAsync(
            "$\"{Environment.GetEnvironmentVariable(\"RNNCOURSE_DATA_DIR\")}|{Environment.GetEnvironmentVariable(\"RNNCOURSE_CACHE_DIR\")}\"",
            TimeSpan.FromSeconds(60)
        );
        Assert.Equal(
            $"{Path.GetFullPath(Path.Combine("..", "shared", "datasets"))}|/already/absolute",
            seen.Outputs.Single().Data["text/plain"]
        );
    }

    [Fact]
    public async Task StartAsync_KernelNotReadyInTime_IsOneLineNamingTheFix()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NotebookProcess.StartAsync(new SessionOptions(), TimeSpan.FromMilliseconds(1))
        );
        Assert.StartsWith("the C# kernel did not start within 0 s", e.Message);
        Assert.Contains("--parallel 1", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task ExecuteAsync_ReferenceToAMissingLibrary_IsAOneLineCompileErrorNamingIt()
    {
        await using var kernel = await NotebookProcess.StartAsync(
            new SessionOptions { WorkingDirectory = TestPaths.TempDir("missing-dll") }
        );
        var r = await kernel.ExecuteAsync(
            "#r \"../lib/RnnCourse/bin/Release/net10.0/RnnCourse.dll\"\nusing RnnCourse.Numerics;"
        );
        Assert.Equal(CellStatus.CompileError, r.Status);
        var error = Assert.Single(r.Outputs);
        Assert.Contains("CS0006", error.ErrorValue);
        Assert.Contains("RnnCourse.dll", error.ErrorValue);
        Assert.DoesNotContain(error.Traceback, l => l.TrimStart().StartsWith("at "));
    }
}
