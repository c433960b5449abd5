// Both editions of every course notebook run in the published kernel that VS Code launches (the
// pinned Microsoft.dotnet-interactive tool, over stdio as the extension drives it). The
// instructor's source (tests/grading/<name>/) runs with no failed cell and shows there exactly what
// `rnncourse run` writes; the student edition (notebooks/) fails only where an exercise is still to
// do, and each such cell says which.
using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RnnCourse.Course.Tests.PublishedKernel;

public partial class PublishedKernelNotebookTests(ITestOutputHelper output)
{
    public static TheoryData<string> Notebooks() => new(Course.NotebookNames());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task PublishedKernel_CourseNotebook_RunsCleanAndShowsWhatRnncourseRunWrites(
        string name
    )
    {
        var path = Course.SourcePath(name);
        var cells = PublishedKernelRun.CodeCells(Course.ReadJson(path));
        var clock = Stopwatch.StartNew();
        var view = await PublishedKernelRun.RunAsync(Path.GetDirectoryName(path)!, cells);
        var kernelSeconds = clock.Elapsed.TotalSeconds;

        var outputDir = Course.TempDir(
            "published-kernel-" + Path.GetFileNameWithoutExtension(name)
        );
        clock.Restart();
        var (code, log) = Course.Rnncourse(
            TimeSpan.FromMinutes(6),
            "run",
            path,
            "--output",
            outputDir
        );
        var runSeconds = clock.Elapsed.TotalSeconds;
        var executed = Path.Combine(outputDir, name);
        var runner = File.Exists(executed) ? ViewDiff.RunnerCells(Course.ReadJson(executed)) : [];
        var diffs = ViewDiff.Differences(view.Cells, runner);

        PublishedKernelRun.Record(
            $"| {name} | {cells.Count} | {view.FailedCells.Count} | {view.ErrorOutputs} | "
                + $"{view.Warnings.Count} | {diffs.Count} | {kernelSeconds:0.0} | {runSeconds:0.0} | "
                + $"{view.Died ?? "no"} |",
            output
        );

        var problems = new List<string>();
        if (view.Died is not null)
        {
            problems.Add($"the kernel died at {view.Died}; later cells did not run");
        }
        foreach (var cell in view.FailedCells)
        {
            var error = view.Cells[cell].FirstOrDefault(o => o.Kind == "error");
            problems.Add(
                $"cell {cell} failed: {error?.Data["text/plain"].Split('\n')[0] ?? "(no message)"}"
            );
        }
        if (view.ErrorOutputs > view.FailedCells.Count)
        {
            problems.Add(
                $"{view.ErrorOutputs} error outputs for {view.FailedCells.Count} failed cells"
            );
        }
        problems.AddRange(view.Warnings.Select(w => "compiler warning in " + w));
        // A value the author did not mean to show: the kernel's <null> after a block whose local
        // functions return (write such code as a method and call it).
        for (var cell = 0; cell < view.Cells.Count; cell++)
        {
            if (
                view.Cells[cell]
                    .Any(o =>
                        o.Kind == "execute_result"
                        && o.Data.Values.Any(v => v.Contains("<pre>&lt;null&gt;</pre>"))
                    )
            )
            {
                problems.Add($"cell {cell} shows a stray <null> value");
            }
        }
        if (code != 0 || runner.Count == 0)
        {
            problems.Add(
                $"rnncourse run exited {code}: {log.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()}"
            );
        }
        problems.AddRange(diffs.Select(d => "VS Code view differs from rnncourse run in " + d));
        // `run --output` leaves the course's notebooks clean: outputs go to the output folder only.
        if (
            Course.ReadJson(path)["cells"]!
                .AsArray()
                .Any(c => (string?)c!["cell_type"] == "code" && c["outputs"]!.AsArray().Count > 0)
        )
        {
            problems.Add(
                "the source notebook has outputs: keep the instructor's sources without outputs (rnncourse run --output writes elsewhere)"
            );
        }
        Assert.True(
            problems.Count == 0,
            $"{name} in the published kernel ({cells.Count} code cells):\n- "
                + string.Join("\n- ", problems)
        );
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task PublishedKernel_StudentEdition_FailsOnlyWhereAnExerciseIsToDo(string name)
    {
        var path = Path.Combine(Course.NotebooksDir, name);
        var cells = PublishedKernelRun.CodeCells(Course.ReadJson(path));
        var view = await PublishedKernelRun.RunAsync(Course.NotebooksDir, cells);
        var problems = new List<string>();
        if (view.Died is not null)
        {
            problems.Add($"the kernel died at {view.Died}; later cells did not run");
        }
        foreach (var cell in view.FailedCells)
        {
            var error = view.Cells[cell].FirstOrDefault(o => o.Kind == "error");
            var text = error?.Data["text/plain"] ?? "(no message)";
            if (!ExerciseToDo().IsMatch(text))
            {
                problems.Add(
                    $"cell {cell} failed without naming the exercise it waits for: {text.Split('\n')[0]}"
                );
            }
        }
        problems.AddRange(view.Warnings.Select(w => "compiler warning in " + w));
        Assert.True(
            problems.Count == 0,
            $"notebooks/{name} (student edition) in the published kernel:\n- "
                + string.Join("\n- ", problems)
        );
    }

    [GeneratedRegex(@"Exercise \d+\.\d+ is not implemented yet")]
    private static partial Regex ExerciseToDo();
}
