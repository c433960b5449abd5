// Every instructor's source (tests/grading/<name>/) runs in the published kernel that VS Code
// launches (the pinned Microsoft.dotnet-interactive tool, over stdio as the extension drives it)
// with no failed cell, and shows there exactly what `rnncourse run` writes: the notebooks of the
// course run the site tests share (CourseSiteFixture, the same command on the same sources), so
// each notebook runs once in each host. The student edition: PublishedKernelStudentEditionTests.
using System.Diagnostics;
using RnnCourse.Course.Tests.Site;
using Xunit.Abstractions;

namespace RnnCourse.Course.Tests.PublishedKernel;

[Collection(CourseSiteCollection.Name)]
public class PublishedKernelNotebookTests(CourseSiteFixture site, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Course.Notebooks), MemberType = typeof(Course))]
    public async Task PublishedKernel_CourseNotebook_RunsCleanAndShowsWhatRnncourseRunWrites(
        string name
    )
    {
        var path = Course.SourcePath(name);
        var cells = PublishedKernelRun.CodeCells(Course.ReadJson(path));
        var clock = Stopwatch.StartNew();
        var view = await PublishedKernelRun.RunAsync(Path.GetDirectoryName(path)!, cells);
        var kernelSeconds = clock.Elapsed.TotalSeconds;

        var executed = Path.Combine(site.Output, name);
        var runner = File.Exists(executed) ? ViewDiff.RunnerCells(Course.ReadJson(executed)) : [];
        var diffs = ViewDiff.Differences(view.Cells, runner);

        PublishedKernelRun.Record(
            $"| {name} | {cells.Count} | {view.FailedCells.Count} | {view.ErrorOutputs} | "
                + $"{view.Warnings.Count} | {diffs.Count} | {kernelSeconds:0.0} | "
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
        if (runner.Count == 0)
        {
            problems.Add(
                $"rnncourse run (exit {site.ExitCode}) wrote no executed {name}: {site.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()}"
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
}
