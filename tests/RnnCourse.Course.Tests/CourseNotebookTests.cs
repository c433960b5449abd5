// Every course notebook runs top to bottom in the reference host (`rnncourse run`), as CI and the
// README's course command run it: a failing cell anywhere in the course fails the build.
using System.Text.Json.Nodes;

namespace RnnCourse.Course.Tests;

public class CourseNotebookTests
{
    public static TheoryData<string> Notebooks() => new(Course.NotebookNames());

    [Fact]
    public void Notebooks_Folder_IsNumberedInCourseOrderFromSetup()
    {
        var names = Course.NotebookNames();
        Assert.True(
            names.Count >= 6,
            $"Expected the course notebooks 00–05 at least; found {names.Count}."
        );
        for (int i = 0; i < names.Count; i++)
        {
            Assert.StartsWith($"{i:00}-", names[i]);
        }
        Assert.Equal("00-setup.ipynb", names[0]);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Run_CourseNotebook_EveryCellSucceeds(string name)
    {
        var output = Course.TempDir("run-" + Path.GetFileNameWithoutExtension(name));
        var (code, log) = Course.Rnncourse(
            TimeSpan.FromMinutes(6),
            "run",
            Path.Combine(Course.NotebooksDir, name),
            "--output",
            output
        );
        Assert.True(code == 0, $"rnncourse run {name} exited {code}:\n{log}");
        var executed = Course.ReadJson(Path.Combine(output, name));
        var codeCells = executed["cells"]!
            .AsArray()
            .Where(c => (string?)c!["cell_type"] == "code")
            .ToList();
        Assert.NotEmpty(codeCells);
        foreach (var cell in codeCells)
        {
            var outputs = cell!["outputs"]!.AsArray();
            var error = outputs.FirstOrDefault(o => (string?)o!["output_type"] == "error");
            Assert.True(
                error is null,
                $"{name}: a cell failed: {error?["ename"]}: {error?["evalue"]}"
            );
            Assert.NotNull(cell["execution_count"]?.GetValue<int>());
        }
        // The source notebook stays clean: outputs go to the output folder only.
        var source = Course.ReadJson(Path.Combine(Course.NotebooksDir, name));
        Assert.All(
            source["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code"),
            c => Assert.Empty(c!["outputs"]!.AsArray())
        );
    }
}
