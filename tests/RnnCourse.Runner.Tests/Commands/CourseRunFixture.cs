using RnnCourse.Runner.Commands;
using RnnCourse.Runner.Execution;

namespace RnnCourse.Runner.Tests.Commands;

/// <summary>
/// Runs the construct, dialect and crash notebooks once through `rnncourse run` (one child process
/// per notebook, as in real use) and keeps the written notebooks, exit codes and console text for
/// the tests that check them: child processes are slow, so they are shared.
/// </summary>
public sealed class CourseRunFixture : IAsyncLifetime
{
    public string Output { get; } = TestPaths.TempDir("course-run");

    public int ConstructsExit { get; private set; }

    public string ConstructsLog { get; private set; } = "";

    public int CrashesExit { get; private set; }

    public string CrashesLog { get; private set; } = "";

    public string CrashesOutput => Path.Combine(Output, "crashes");

    public async Task InitializeAsync()
    {
        var (console, text) = TestPaths.Console();
        ConstructsExit = await RunCommand.ExecuteAsync(
            new RunCommand.RunSettings(
                [TestPaths.Notebook("constructs"), TestPaths.Notebook("dialects")],
                Output,
                new NotebookRunOptions(),
                new SessionOptions().MaxOutputChars,
                Parallel: 2,
                Images: new RunCommand.ChartImageSettings(Chromium: null, PlotlyJs: "")
            ),
            console
        );
        ConstructsLog = text.ToString();
        var (console2, text2) = TestPaths.Console();
        CrashesExit = await RunCommand.ExecuteAsync(
            new RunCommand.RunSettings(
                [TestPaths.Notebook("crashes")],
                CrashesOutput,
                new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(15) },
                new SessionOptions().MaxOutputChars,
                Site: false,
                Parallel: 2
            ),
            console2
        );
        CrashesLog = text2.ToString();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The tests that share one <see cref="CourseRunFixture"/> (it runs once for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class CourseRunCollection : ICollectionFixture<CourseRunFixture>
{
    public const string Name = "course run";
}
