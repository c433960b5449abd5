using System.Text.Json.Nodes;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;
using RnnCourse.Grading.Tests.Grading;

namespace RnnCourse.Grading.Tests.Release;

public sealed class ReleaserTests : IDisposable
{
    private readonly BasicsAssignment _a = new();

    public void Dispose() => _a.Dispose();

    [Fact]
    public void Release_Basics_SolutionsGoneOutputsClearedManifestWritten()
    {
        var text = File.ReadAllText(_a.Release.Notebook);
        Assert.DoesNotContain("BEGIN SOLUTION", text);
        Assert.DoesNotContain("Math.Exp(-x)", text);
        Assert.DoesNotContain("s * (1 - s)", text);
        Assert.Contains(
            "throw new NotImplementedException(\\\"Exercise 1.3 is not implemented yet.\\\");",
            text
        );
        var nb = GradingNotebook.Load(_a.Release.Notebook);
        Assert.All(
            nb.Cells.Where(c => c.CellType == "code"),
            c => Assert.Empty(c.Json["outputs"]!.AsArray())
        );
        Assert.Equal(3, _a.Release.Exercises);
        var manifest = JsonNode.Parse(File.ReadAllText(_a.Release.Manifest!))!;
        var cells = manifest["cells"]!.AsArray();
        Assert.Equal(_a.Release.LockedCells, cells.Count);
        var setup = nb.Cells.Single(c => c.Id == "setup");
        Assert.Equal(
            CellHasher.Hash(setup.Source),
            cells.Single(c => c!["id"]!.GetValue<string>() == "setup")!["hash"]!.GetValue<string>()
        );
        // Embedded copy for `check`.
        Assert.Equal(cells.Count, nb.CourseMetadata["manifest"]!["cells"]!.AsArray().Count);
    }

    [Fact]
    public void Release_IntoSourceFolder_Refused()
    {
        var e = Assert.Throws<AssignmentException>(() =>
            Releaser.Release(Path.Combine(_a.Hidden, "basics.ipynb"), _a.Hidden)
        );
        Assert.Contains("overwrite the solutions", e.Message);
    }

    [Fact]
    public void Release_NotJson_ClearError()
    {
        var path = Path.Combine(_a.Root, "bad.ipynb");
        File.WriteAllText(path, "{ nope");
        var e = Assert.Throws<AssignmentException>(() =>
            Releaser.Release(path, Path.Combine(_a.Root, "out"))
        );
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void Release_KeepOutputs_KeepsLockedOutputsAndClearsExerciseAndTestCells()
    {
        var source = GradingNotebook.Load(Path.Combine(_a.Hidden, "basics.ipynb"));
        foreach (var cell in source.Cells.Where(c => c.CellType == "code"))
        {
            cell.Json["outputs"] = new JsonArray(
                new JsonObject
                {
                    ["output_type"] = "stream",
                    ["name"] = "stdout",
                    ["text"] = "ran\n",
                }
            );
        }
        var dir = Path.Combine(_a.Root, "keep");
        var released = Releaser.Release(
            source,
            Path.Combine(_a.Hidden, "basics.ipynb"),
            dir,
            new ReleaseOptions(KeepOutputs: true, ManifestFile: false)
        );
        Assert.Null(released.Manifest);
        Assert.False(File.Exists(Path.Combine(dir, "basics.manifest.json")));
        var nb = GradingNotebook.Load(released.Notebook);
        foreach (var cell in nb.Cells.Where(c => c.CellType == "code"))
        {
            var outputs = cell.Json["outputs"]!.AsArray().Count;
            Assert.Equal(cell.Role is CellRole.Exercise or CellRole.PublicTests ? 0 : 1, outputs);
        }
    }

    [Theory]
    [InlineData(
        "#r \"../../../lib/X/bin/X.dll\"",
        "/repo/tests/grading/nb",
        "/repo/notebooks",
        "#r \"../lib/X/bin/X.dll\""
    )]
    [InlineData(
        "  #r \"x.dll\"\nvar a = 1;",
        "/repo/a",
        "/repo/b",
        "  #r \"../a/x.dll\"\nvar a = 1;"
    )]
    [InlineData(
        "#r \"nuget: Plotly.NET, 6.0.0\"",
        "/repo/a",
        "/repo/b",
        "#r \"nuget: Plotly.NET, 6.0.0\""
    )]
    [InlineData("#r \"/abs/x.dll\"", "/repo/a", "/repo/b", "#r \"/abs/x.dll\"")]
    public void RebaseReferences_FileReference_NamesTheSameFileFromTheOutputFolder(
        string code,
        string from,
        string to,
        string expected
    )
    {
        Assert.Equal(expected, Releaser.RebaseReferences(code, from, to));
    }
}
