// The hostile corpus (Corpus/02-elman-rnn-and-bptt): each attack file replaces one exercise of the
// course's notebook 02 in an otherwise honest submission, and the class is graded as an instructor
// grades it (default options, two jobs, the OS sandbox when there is one). Every attack must score
// 0 on the exercise it attacks; the hidden tests and the reference solutions must appear in no
// output file; nothing may be written outside the sandbox; every file found gets a report line
// (a symlink to the source notebook, two names that used to collide, a *.graded.ipynb); and the
// honest control must get the same marks when graded twice.
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class HostileCorpusTests : IDisposable
{
    private const string Notebook = "02-elman-rnn-and-bptt";
    private readonly string _root = Path.Combine(
        Path.GetTempPath(),
        "rnncourse-corpus-tests",
        Guid.NewGuid().ToString("N")
    );

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException) { }
    }

    private sealed record Entry(string Name, string Kind, string Exercise, string Code);

    private static List<Entry> Corpus() =>
        Directory
            .GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus", Notebook), "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(f =>
            {
                var text = File.ReadAllText(f);
                var head = text[..text.IndexOf('\n')].TrimStart('/', ' ').Split(':', 2);
                return new Entry(
                    Path.GetFileNameWithoutExtension(f),
                    head[0].Trim(),
                    head[1].Trim(),
                    text
                );
            })
            .ToList();

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "RnnCourse.sln")))
            {
                return d.FullName;
            }
        }
        throw new DirectoryNotFoundException(
            "RnnCourse.sln not found above the test binaries; run the tests from the repository."
        );
    }

    // The --hidden folder: the course's source notebook and hidden tests of notebook 02.
    private string MakeHidden()
    {
        var repo = RepoRoot();
        var tests = Path.Combine(repo, "tests", "grading", Notebook);
        var hidden = Directory.CreateDirectory(Path.Combine(_root, "hidden")).FullName;
        foreach (var f in Directory.GetFiles(tests))
        {
            File.Copy(f, Path.Combine(hidden, Path.GetFileName(f)));
        }
        var source = Path.Combine(hidden, Notebook + ".ipynb");
        if (!File.Exists(source))
        {
            File.Copy(Path.Combine(repo, "notebooks", Notebook + ".ipynb"), source);
        }
        return hidden;
    }

    [Fact]
    public void Grade_Notebook02Corpus_EveryAttackHeldAndNothingLeaks()
    {
        var hidden = MakeHidden();
        var source = Path.Combine(hidden, Notebook + ".ipynb");
        var released = Releaser.Release(source, Path.Combine(_root, "released")).Notebook;
        var corpus = Corpus();
        var honest = corpus
            .Where(e => e.Kind == "honest")
            .ToDictionary(e => e.Exercise, e => e.Code);
        Assert.Equal(3, honest.Count);
        var subs = Directory.CreateDirectory(Path.Combine(_root, "submissions")).FullName;
        string Submit(string relative, string? exercise, string? code)
        {
            var nb = GradingNotebook.Load(released);
            foreach (var cell in nb.Cells.Where(c => c.Role == CellRole.Exercise))
            {
                cell.Source = cell.Exercise == exercise ? code! : honest[cell.Exercise!];
            }
            var path = Path.Combine(subs, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            nb.Save(path);
            return path;
        }
        var attacks = corpus.Where(e => e.Kind == "attack").ToList();
        Assert.True(attacks.Count >= 20, $"the corpus has {attacks.Count} attacks");
        foreach (var a in attacks)
        {
            Submit($"attacks/{a.Name}.ipynb", a.Exercise, a.Code);
        }
        var control = Submit("control.ipynb", null, null);
        Submit("a/b.ipynb", null, null);
        Submit("a_b.ipynb", null, null);
        Submit("old.graded.ipynb", null, null);
        File.CreateSymbolicLink(Path.Combine(subs, "link.ipynb"), source);

        var output = Path.Combine(_root, "out");
        var options = new GradeOptions
        {
            SandboxRoot = Path.Combine(_root, "sandboxes"),
            ExerciseTimeout = TimeSpan.FromSeconds(60), // wall-clock on a shared CI machine
            MemoryLimitMb = 512,
            Jobs = 2,
        };
        var watched = new[]
        {
            hidden,
            subs,
            Path.Combine(_root, "released"),
            RepoRoot() + "/tests/grading",
        };
        var before = Snapshot(watched);
        var assignment = AssignmentLoader.Load(hidden);
        var outcome = ClassGrader.Grade(subs, assignment, output, options);
        Assert.Equal(before, Snapshot(watched));
        foreach (var marker in Directory.GetFiles(Path.GetTempPath(), "rnncourse-corpus-escaped*"))
        {
            Assert.Fail($"written outside the sandbox: {marker}");
        }

        var byId = outcome.Reports.ToDictionary(r => r.Submission);
        Assert.Equal(attacks.Count + 5, byId.Count); // every file has a line
        foreach (var a in attacks)
        {
            var ex = byId["attacks/" + a.Name].Exercises.Single(e => e.Id == a.Exercise);
            Assert.True(
                ex.Points == 0,
                $"{a.Name}: {ex.Id} scored {ex.Points} ({ex.Status}: {ex.Reason})"
            );
        }
        Assert.All(outcome.Reports, r => Assert.False(string.IsNullOrEmpty(r.Isolation)));
        Assert.Equal("skipped", byId["link"].Status);
        Assert.Contains("symbolic link", byId["link"].Notes.Single());
        Assert.Equal("skipped", byId["old.graded"].Status);
        Assert.False(File.Exists(Path.Combine(output, "link.graded.ipynb")));
        var full = byId["control"].MaxScore;
        Assert.Equal(
            [full, full, full],
            new[] { "control", "a/b", "a_b" }.Select(id => byId[id].Score)
        );
        foreach (var id in new[] { "control", "a/b", "a_b" })
        {
            Assert.True(
                File.Exists(Path.Combine(output, SubmissionFiles.ReportName(id) + ".json")),
                id
            );
        }
        var csv = File.ReadAllLines(Path.Combine(output, "grades.csv"));
        Assert.Equal(byId.Count + 1, csv.Length);

        var again = new SubmissionGrader(assignment, options).Grade(control, "control").Report;
        Assert.Equal(byId["control"].ToJson(timings: false), again.ToJson(timings: false));

        var secrets = SecretLines(hidden, source, released).ToList();
        Assert.True(secrets.Count > 30, $"only {secrets.Count} secret lines to search for");
        foreach (var file in Directory.GetFiles(output))
        {
            var text = File.ReadAllText(file);
            foreach (var line in secrets)
            {
                Assert.False(
                    text.Contains(line, StringComparison.Ordinal),
                    $"{Path.GetFileName(file)} contains '{line}'"
                );
            }
            Assert.DoesNotContain(new string('S', 500), text);
        }
    }

    // Lines of the hidden tests and the reference solutions that students never see: not in the
    // released notebook, not test messages (those are feedback), long enough to be distinctive.
    private static IEnumerable<string> SecretLines(string hidden, string source, string released)
    {
        var visible = File.ReadAllText(released);
        var tests = Directory.GetFiles(hidden, "*.cs").SelectMany(File.ReadAllLines);
        var reference = new List<string>();
        bool inside = false;
        foreach (
            var line in GradingNotebook.Load(source).Cells.SelectMany(c => c.Source.Split('\n'))
        )
        {
            if (line.Contains("END SOLUTION", StringComparison.Ordinal))
            {
                inside = false;
            }
            if (inside)
            {
                reference.Add(line);
            }
            if (line.Contains("BEGIN SOLUTION", StringComparison.Ordinal))
            {
                inside = true;
            }
        }
        return tests
            .Concat(reference)
            .Select(l => l.Trim())
            .Where(l =>
                l.Length > 25
                && !l.StartsWith("//", StringComparison.Ordinal)
                && !l.StartsWith("[GradedTest", StringComparison.Ordinal)
                && !l.Contains("Message =", StringComparison.Ordinal)
                && !l.StartsWith('"')
            )
            .Where(l => !visible.Contains(l, StringComparison.Ordinal))
            .Distinct();
    }

    private static List<string> Snapshot(IEnumerable<string> roots) =>
        roots
            .Where(Directory.Exists)
            .SelectMany(r =>
                Directory.EnumerateFileSystemEntries(r, "*", SearchOption.AllDirectories)
            )
            .Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length : -1)}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
