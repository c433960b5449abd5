// Finding submissions as a careful tool does: links are listed and never followed, every file
// gets a line with the reason it was not graded, and report names are collision-free and reversible.
using RnnCourse.Grading.Grading;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class SubmissionFilesTests : IDisposable
{
    private readonly string _root = Directory
        .CreateDirectory(
            Path.Combine(Path.GetTempPath(), "rnncourse-files-tests", Guid.NewGuid().ToString("N"))
        )
        .FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
        return path;
    }

    [Theory]
    [InlineData("a/b", "a_b")]
    [InlineData("a/b", "a__b")]
    [InlineData("x y", "x_y")]
    [InlineData("alice/hw1", "alice_2Fhw1")]
    public void ReportName_DifferentIds_DifferentNames(string one, string other)
    {
        Assert.NotEqual(SubmissionFiles.ReportName(one), SubmissionFiles.ReportName(other));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a_b")]
    [InlineData("dir/sub dir/José's notebook (2)")]
    [InlineData(".hidden/x")]
    [InlineData("__/_/_5F")]
    public void ReportName_AnyId_RoundTripsAndIsAPlainFileName(string id)
    {
        var name = SubmissionFiles.ReportName(id);
        Assert.Equal(id, SubmissionFiles.IdOf(name));
        Assert.Matches("^[A-Za-z0-9_-][A-Za-z0-9._-]*$", name);
    }

    [Fact]
    public void IdOf_NotAReportName_ThrowsNamingTheRule()
    {
        var e = Assert.Throws<FormatException>(() => SubmissionFiles.IdOf("a_zz"));
        Assert.Contains("two hex digits", e.Message);
    }

    [Fact]
    public void Find_MixedFolder_EveryFileListedLinksNotFollowed()
    {
        Touch("alice/hw.ipynb");
        Touch("alice_hw.ipynb");
        Touch("bob/hw.graded.ipynb");
        Touch("bob/.ipynb_checkpoints/hw-checkpoint.ipynb");
        Touch("notes.txt");
        var outside = Directory
            .CreateDirectory(Path.Combine(_root, "..", Guid.NewGuid().ToString("N")))
            .FullName;
        File.WriteAllText(Path.Combine(outside, "secret.ipynb"), "{}");
        File.CreateSymbolicLink(
            Path.Combine(_root, "carol.ipynb"),
            Path.Combine(outside, "secret.ipynb")
        );
        Directory.CreateSymbolicLink(Path.Combine(_root, "dave"), outside);
        try
        {
            var found = SubmissionFiles.Find(_root).ToDictionary(f => f.Id, f => f.NotGraded);
            Assert.Equal(
                [
                    "alice/hw",
                    "alice_hw",
                    "bob/.ipynb_checkpoints/hw-checkpoint",
                    "bob/hw.graded",
                    "carol",
                    "dave",
                    "notes.txt",
                ],
                found.Keys.Order(StringComparer.Ordinal)
            );
            Assert.Null(found["alice/hw"]);
            Assert.Null(found["alice_hw"]);
            Assert.Contains("symbolic link", found["carol"]);
            Assert.Contains("symbolic link", found["dave"]);
            Assert.Contains("graded.ipynb", found["bob/hw.graded"]);
            Assert.Contains("checkpoint", found["bob/.ipynb_checkpoints/hw-checkpoint"]);
            Assert.Contains("not a notebook", found["notes.txt"]);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Find_SingleSymlinkedNotebook_ListedNotGraded()
    {
        var real = Touch("real/hw.ipynb");
        var link = Path.Combine(_root, "link.ipynb");
        File.CreateSymbolicLink(link, real);
        var only = Assert.Single(SubmissionFiles.Find(link));
        Assert.Contains("symbolic link", only.NotGraded);
    }
}
