using System.Text.Json.Nodes;
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
        Assert.Contains("throw new NotImplementedException(\\\"Exercise 1.3\\\");", text);
        var nb = GradingNotebook.Load(_a.Release.Notebook);
        Assert.All(
            nb.Cells.Where(c => c.CellType == "code"),
            c => Assert.Empty(c.Json["outputs"]!.AsArray())
        );
        Assert.Equal(3, _a.Release.Exercises);
        var manifest = JsonNode.Parse(File.ReadAllText(_a.Release.Manifest))!;
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
}
