// Every notebook of the student edition (notebooks/) runs in the published kernel that VS Code
// launches and fails only where an exercise is still to do, each such cell saying which. Its own
// class, so it runs beside the instructor's sources (PublishedKernelNotebookTests), which wait for
// the course run they compare with.
using System.Text.RegularExpressions;

namespace RnnCourse.Course.Tests.PublishedKernel;

public partial class PublishedKernelStudentEditionTests
{
    [Theory]
    [MemberData(nameof(Course.Notebooks), MemberType = typeof(Course))]
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
