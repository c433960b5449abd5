// The course's two editions of one source: the instructor's notebooks in tests/grading/<name>/
// (solutions, beside their hidden tests) and the student edition in notebooks/, which must be
// exactly what `rnncourse release` makes of them (outputs aside) and hold no solution text. Points
// are one number: the heading's "(N points)", the cell metadata and the sum of the exercise's test
// points (public and hidden) agree.
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Release;

namespace RnnCourse.Course.Tests;

public partial class CourseEditionsTests
{
    [Fact]
    public void Sources_EveryStudentNotebook_HasOneAndEverySourceIsReleased()
    {
        var sources = Directory
            .GetDirectories(Course.HiddenTestsDir)
            .Select(d => Path.GetFileName(d) + ".ipynb")
            .Where(n => File.Exists(Course.SourcePath(n)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(sources, Course.NotebookNames());
    }

    [Theory]
    [MemberData(nameof(Course.Notebooks), MemberType = typeof(Course))]
    public void StudentEdition_Notebook_IsTheReleaseOfItsSource(string name)
    {
        var dir = Course.TempDir("edition");
        var released = Releaser.Release(
            Course.SourcePath(name),
            dir,
            new ReleaseOptions(ManifestFile: false)
        );
        // The committed edition sits in notebooks/, so its #r paths must resolve from there.
        var expected = Comparable(
            Course.ReadJson(released.Notebook),
            Path.GetDirectoryName(released.Notebook)!
        );
        var actual = Comparable(
            Course.ReadJson(Path.Combine(Course.NotebooksDir, name)),
            Course.NotebooksDir
        );
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"notebooks/{name} is out of date with tests/grading/{Path.GetFileNameWithoutExtension(name)}/{name}; "
                + "make it again: dotnet run --project lib/RnnCourse.Runner -c Release -- release tests/grading --output notebooks --execute --no-manifest-file"
        );
    }

    [Theory]
    [MemberData(nameof(Course.Notebooks), MemberType = typeof(Course))]
    public void StudentEdition_Notebook_HasNoSolutionText(string name)
    {
        var student = Course.ReadJson(Path.Combine(Course.NotebooksDir, name));
        foreach (var cell in Cells(student).Where(c => (string?)c["cell_type"] == "code"))
        {
            Assert.DoesNotContain(
                Text(cell["source"]).Split('\n'),
                l => l.Trim() is SolutionRegions.Begin or SolutionRegions.End
            );
        }
        var source = Course.ReadJson(Course.SourcePath(name));
        foreach (var cell in Cells(source).Where(c => Exercise(c) is not null))
        {
            var id = Exercise(cell)!;
            var mine = Cells(student).Single(c => Exercise(c) == id);
            var released = Text(mine["source"]);
            Assert.Contains(
                $"NotImplementedException(\"{SolutionRegions.ToDoMessage(id)}\")",
                released
            );
            Assert.Empty(mine["outputs"]!.AsArray());
            // The solution's own lines (those not also outside its regions) are gone from the cell.
            var kept = SolutionRegions.ToStudent(Text(cell["source"]), id);
            Assert.DoesNotContain(
                SolutionLines(Text(cell["source"]))
                    .Where(l => l.Length > 0 && !kept.Contains(l, StringComparison.Ordinal)),
                l => released.Contains(l, StringComparison.Ordinal)
            );
        }
        // Model answers of written items: no line of them anywhere in the student's file.
        var file = File.ReadAllText(Path.Combine(Course.NotebooksDir, name));
        foreach (
            var cell in Cells(source).Where(c => c["metadata"]?["rnncourse"]?["answer"] is not null)
        )
        {
            Assert.DoesNotContain(
                Text(cell["source"]).Split('\n').Where(l => l.Trim().Length > 20),
                l =>
                    file.Contains(
                        System.Text.Json.JsonSerializer.Serialize(
                            l.TrimEnd(),
                            new System.Text.Json.JsonSerializerOptions
                            {
                                Encoder = System
                                    .Text
                                    .Encodings
                                    .Web
                                    .JavaScriptEncoder
                                    .UnsafeRelaxedJsonEscaping,
                            }
                        )[1..^1],
                        StringComparison.Ordinal
                    )
            );
        }
    }

    [Theory]
    [MemberData(nameof(Course.Notebooks), MemberType = typeof(Course))]
    public void Source_Folder_IsWhatGradeHiddenTakesWithPointsAsOneNumber(string name)
    {
        var folder = Path.GetDirectoryName(Course.SourcePath(name))!;
        var assignment = AssignmentLoader.Load(folder);
        var headings = Cells(Course.ReadJson(Course.SourcePath(name)))
            .Where(c => (string?)c["cell_type"] == "markdown")
            .SelectMany(c => StatedPoints().Matches(Text(c["source"])))
            .ToDictionary(
                m => m.Groups["id"].Value,
                m => double.Parse(m.Groups["points"].Value, CultureInfo.InvariantCulture)
            );
        Assert.Equal(assignment.Exercises.Select(e => e.Id).Order(), headings.Keys.Order());
        foreach (var ex in assignment.Exercises)
        {
            Assert.True(
                ex.Points == headings[ex.Id],
                $"{name}: exercise {ex.Id} says ({headings[ex.Id]} points) in its heading and {ex.Points} in its metadata."
            );
            var tests = ex
                .PublicTests.Concat(ex.HiddenTests)
                .SelectMany(t => TestSourceScanner.Scan(t.Code, t.Name))
                .Sum(t => t.Points);
            Assert.True(
                Math.Abs(tests - ex.Points!.Value) < 1e-9,
                $"{name}: exercise {ex.Id} is worth {ex.Points} points but its tests sum to {tests}."
            );
        }
    }

    /// <summary>The notebook as compared across editions: no outputs, no execution counts, #r paths as absolute files.</summary>
    private static JsonObject Comparable(JsonObject notebook, string folder)
    {
        var copy = notebook.DeepClone().AsObject();
        foreach (var cell in Cells(copy).Where(c => (string?)c["cell_type"] == "code"))
        {
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
            var source = Releaser.RebaseReferences(Text(cell["source"]), folder, "/");
            cell["source"] = source;
        }
        return copy;
    }

    private static IEnumerable<JsonObject> Cells(JsonObject nb) =>
        nb["cells"]!.AsArray().Select(c => c!.AsObject());

    private static string? Exercise(JsonObject cell) =>
        (string?)cell["metadata"]?["rnncourse"]?["exercise"];

    private static string Text(JsonNode? source) =>
        source is JsonArray lines
            ? string.Concat(lines.Select(l => (string?)l))
            : (string?)source ?? "";

    private static IEnumerable<string> SolutionLines(string source)
    {
        var inside = false;
        foreach (var line in source.Split('\n').Select(l => l.Trim()))
        {
            if (line == SolutionRegions.Begin)
                inside = true;
            else if (line == SolutionRegions.End)
                inside = false;
            else if (inside)
                yield return line;
        }
    }

    [GeneratedRegex(@"Exercise (?<id>\d+\.\d+)\b[^\n]*\((?<points>[\d.]+) points?\)")]
    private static partial Regex StatedPoints();
}
