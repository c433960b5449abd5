// The graded exercises of every course notebook, graded end to end by `rnncourse release` and
// `rnncourse grade --hidden tests/grading/<notebook>` (the course's folder as it is): the reference solutions
// score full marks, the released student version scores 0 without crashing, and a deliberately
// wrong answer earns partial credit with a message saying what is wrong.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RnnCourse.Course.Tests;

public class CourseGradingTests
{
    /// <summary>
    /// Per notebook: an exercise and a plausible wrong body for its solution region, chosen so that
    /// some of its tests still pass (partial credit) and others fail.
    /// </summary>
    private static readonly Dictionary<string, (string Exercise, string Body)> WrongAnswers = new()
    {
        // Uses a column norm instead of the spectral radius and never answers "oscillating".
        ["01-dynamical-systems-and-unfolding"] = (
            "1.2",
            "return W[0, 0] * W[0, 0] + W[1, 0] * W[1, 0] < 1 ? \"contracting\" : \"bistable\";"
        ),
        // Forgets the tanh derivative: da = dh.
        ["02-elman-rnn-and-bptt"] = (
            "2.2",
            """
            var dhPrev = new double[w.H];
            for (int i = 0; i < w.H; i++)
            {
                g.bh[i] += dh[i];
                for (int j = 0; j < w.V; j++) g.Wxh[i, j] += dh[i] * x[j];
                for (int j = 0; j < w.H; j++) { g.Whh[i, j] += dh[i] * hPrev[j]; dhPrev[j] += w.Whh[i, j] * dh[i]; }
            }
            return dhPrev;
            """
        ),
        // Counts padded steps as wrong answers.
        ["03-topologies"] = (
            "3.2",
            "return tags.Length == 0 ? 0 : predicted.Zip(tags).Count(p => p.First == p.Second) / (double)tags.Length;"
        ),
        // Drops the output feedback: s ignores yPrev.
        ["04-elman-vs-jordan"] = (
            "4.1",
            """
            var s = new double[bh.Length];
            for (int i = 0; i < s.Length; i++) { double a = bh[i]; for (int j = 0; j < x.Length; j++) a += Wxh[i, j] * x[j]; s[i] = Math.Tanh(a); }
            var y = new double[by.Length];
            for (int k = 0; k < y.Length; k++) { double a = by[k]; for (int i = 0; i < s.Length; i++) a += Why[k, i] * s[i]; y[k] = Math.Tanh(a); }
            return (s, y);
            """
        ),
    };

    public static TheoryData<string> GradedNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var name in Course.NotebookNames())
        {
            if (ExerciseIds(Course.ReadJson(Course.SourcePath(name))).Any())
            {
                data.Add(Path.GetFileNameWithoutExtension(name));
            }
        }
        return data;
    }

    [Fact]
    public void HiddenTests_EveryNotebookWithExercises_HasThem()
    {
        foreach (var name in Course.NotebookNames())
        {
            var stem = Path.GetFileNameWithoutExtension(name);
            var exercises = ExerciseIds(Course.ReadJson(Course.SourcePath(name)));
            foreach (var id in exercises)
            {
                Assert.True(
                    File.Exists(Path.Combine(Course.HiddenTestsDir, stem, id + ".cs")),
                    $"{name}: exercise {id} has no hidden tests (tests/grading/{stem}/{id}.cs)."
                );
            }
        }
    }

    [Theory]
    [MemberData(nameof(GradedNotebooks))]
    public void Grade_ReferenceStudentAndWrongAnswer_FullZeroAndPartialCredit(string stem)
    {
        var work = Course.TempDir("grade-" + stem);
        // The course's folder is exactly what `grade --hidden` takes: the source beside its tests.
        var source = Course.SourcePath(stem);
        var hidden = Path.GetDirectoryName(source)!;
        var subs = Path.Combine(work, "submissions");
        var release = Path.Combine(work, "release");
        var output = Path.Combine(work, "out");
        Directory.CreateDirectory(subs);

        var (releaseCode, releaseLog) = Course.Rnncourse(
            TimeSpan.FromMinutes(2),
            "release",
            source,
            "--output",
            release
        );
        Assert.True(releaseCode == 0, $"release failed ({releaseCode}):\n{releaseLog}");
        File.Copy(Path.Combine(release, stem + ".ipynb"), Path.Combine(subs, "student.ipynb"));
        File.Copy(source, Path.Combine(subs, "reference.ipynb"));
        bool hasWrong = WrongAnswers.TryGetValue(stem, out var wrong);
        if (hasWrong)
        {
            File.WriteAllText(
                Path.Combine(subs, "wrong.ipynb"),
                WithSolution(File.ReadAllText(source), wrong.Exercise, wrong.Body)
            );
        }

        var (code, log) = Course.Rnncourse(
            TimeSpan.FromMinutes(12),
            "grade",
            subs,
            "--hidden",
            hidden,
            "--output",
            output,
            "--jobs",
            "2",
            "--exercise-timeout",
            "60s",
            "--submission-timeout",
            "8m",
            // So that one wrong exercise costs only its own points (checked below); by default
            // the reference solution never enters the worker and later exercises use the
            // student's own definitions.
            "--reference-after-failure"
        );
        Assert.True(code is 0 or 1, $"grade exited {code}:\n{log}");

        var reference = Course.ReadJson(Path.Combine(output, "reference.json"));
        // Written answers wait for a manual mark (the model answer too): the tests' points are the rest.
        double written = reference["exercises"]!
            .AsArray()
            .Where(e => (string?)e!["kind"] == "written")
            .Sum(e => (double)e!["maxPoints"]!);
        Assert.All(
            reference["exercises"]!.AsArray().Where(e => (string?)e!["kind"] == "written"),
            e => Assert.Equal("to-review", (string?)e!["status"])
        );
        double max = (double)reference["maxScore"]! - written;
        Assert.True(max > 0, "the notebook has graded exercises");
        Assert.True(
            (double)reference["score"]! == max,
            $"{stem}: reference solutions scored {reference["score"]}/{max}:\n{Summary(reference)}"
        );

        var student = Course.ReadJson(Path.Combine(output, "student.json"));
        Assert.Equal("graded", (string?)student["status"]);
        Assert.True(
            (double)student["score"]! == 0,
            $"{stem}: the released student version scored {student["score"]}:\n{Summary(student)}"
        );
        foreach (var ex in student["exercises"]!.AsArray())
        {
            Assert.NotEqual("crashed", (string?)ex!["status"]);
            Assert.False(
                string.IsNullOrWhiteSpace((string?)ex["reason"]),
                $"exercise {ex["id"]} has no reason"
            );
        }

        if (hasWrong)
        {
            var report = Course.ReadJson(Path.Combine(output, "wrong.json"));
            var ex = report["exercises"]!
                .AsArray()
                .Single(e => (string?)e!["id"] == wrong.Exercise)!;
            double points = (double)ex["points"]!,
                exMax = (double)ex["maxPoints"]!;
            Assert.True(
                points > 0 && points < exMax,
                $"{stem} {wrong.Exercise}: wrong answer scored {points}/{exMax}, expected partial credit:\n{Summary(report)}"
            );
            var failed = ex["tests"]!
                .AsArray()
                .Where(t => (string?)t!["status"] != "passed")
                .ToList();
            Assert.NotEmpty(failed);
            Assert.All(
                failed,
                t =>
                    Assert.False(
                        string.IsNullOrWhiteSpace((string?)t!["message"]),
                        "a failed test must say why"
                    )
            );
            // One wrong exercise costs only its own points: the others are graded against the reference.
            foreach (
                var other in report["exercises"]!
                    .AsArray()
                    .Where(e =>
                        (string?)e!["id"] != wrong.Exercise && (string?)e["kind"] != "written"
                    )
            )
            {
                Assert.True(
                    (double)other!["points"]! == (double)other["maxPoints"]!,
                    $"{stem} {other["id"]} lost points because of {wrong.Exercise}:\n{Summary(report)}"
                );
            }
        }
    }

    private static IEnumerable<string> ExerciseIds(JsonObject notebook) =>
        notebook["cells"]!
            .AsArray()
            .Select(c => (string?)c!["metadata"]?["rnncourse"]?["exercise"])
            .Where(id => id is not null)
            .Select(id => id!);

    /// <summary>The notebook JSON with the solution region of <paramref name="exercise"/> replaced by <paramref name="body"/>.</summary>
    private static string WithSolution(string json, string exercise, string body)
    {
        var nb = JsonNode.Parse(json)!.AsObject();
        var cell = nb["cells"]!
            .AsArray()
            .Single(c => (string?)c!["metadata"]?["rnncourse"]?["exercise"] == exercise)!;
        var source = string.Concat(cell["source"]!.AsArray().Select(l => (string?)l));
        var replaced = Regex.Replace(
            source,
            @"// BEGIN SOLUTION.*?// END SOLUTION",
            "// BEGIN SOLUTION\n" + body + "\n// END SOLUTION",
            RegexOptions.Singleline
        );
        Assert.NotEqual(source, replaced);
        var lines = new JsonArray();
        foreach (var line in replaced.Split('\n'))
        {
            lines.Add(line + "\n");
        }
        cell["source"] = lines;
        return nb.ToJsonString();
    }

    private static string Summary(JsonObject report) =>
        string.Join(
            "\n",
            report["exercises"]!
                .AsArray()
                .Select(e =>
                    $"  {e!["id"]}: {e["status"]} {e["points"]}/{e["maxPoints"]} — {e["reason"]} {string.Join("; ", e["tests"]!.AsArray().Select(t => $"{t!["name"]}={t["status"]}"))}"
                )
                .Concat((report["notes"]?.AsArray() ?? []).Select(n => "  note: " + n))
        );
}
