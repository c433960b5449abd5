// Runs the whole course once with `rnncourse run <every source notebook> --output DIR` (the copy
// built beside these tests, as a child process, as a user runs it) and keeps the executed notebooks
// and the site for the tests that check them (the site's pages, and the published kernel's view of
// each notebook, PublishedKernelNotebookTests): the run takes minutes, so it is shared. It runs the
// instructor's edition, where every chart has its data; in the student edition a chart fed by an
// exercise still to do is empty by design.
using System.Text.Json.Nodes;

namespace RnnCourse.Course.Tests.Site;

public sealed class CourseSiteFixture
{
    public CourseSiteFixture()
    {
        Output = Course.TempDir("site");
        (ExitCode, Log) = Course.Rnncourse(
            TimeSpan.FromMinutes(30),
            ["run", .. Course.NotebookNames().Select(Course.SourcePath), "--output", Output]
        );
    }

    /// <summary>The site folder (executed notebooks, one page per notebook, index.html, _static/).</summary>
    public string Output { get; }

    public int ExitCode { get; }

    public string Log { get; }

    /// <summary>Every page of the site, the index first.</summary>
    public IReadOnlyList<string> Pages =>
        [
            Path.Combine(Output, "index.html"),
            .. Course
                .NotebookNames()
                .Select(n => Path.Combine(Output, Path.ChangeExtension(n, ".html"))),
        ];

    /// <summary>The executed notebooks, by file name.</summary>
    public IEnumerable<(string Name, JsonObject Notebook)> Notebooks() =>
        Course.NotebookNames().Select(n => (n, Course.ReadJson(Path.Combine(Output, n))));

    /// <summary>Every output of every code cell of the executed notebooks, with its notebook's name.</summary>
    public IEnumerable<(string Name, JsonObject Output)> Outputs() =>
        Notebooks()
            .SelectMany(nb =>
                nb.Notebook["cells"]!
                    .AsArray()
                    .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
                    .Select(o => (nb.Name, o!.AsObject()))
            );

    /// <summary>The text of an nbformat MIME value (a string or a list of lines).</summary>
    public static string Text(JsonNode? node) =>
        node switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue v when v.TryGetValue(out string? s) => s,
            _ => node?.ToJsonString() ?? "",
        };
}

/// <summary>The tests that share one <see cref="CourseSiteFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class CourseSiteCollection : ICollectionFixture<CourseSiteFixture>
{
    public const string Name = "course site";
}
