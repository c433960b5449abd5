// Class-level reports from the per-submission reports: JUnit XML and TRX (one test per test case,
// named <submission>/<exercise>/<test>, and one per written answer), a grades CSV (one row per
// submission, one column per item) and a Markdown summary. Each says which marks are manual and
// which written answers still await review. They contain names, messages and points only.
using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace RnnCourse.Grading.Reports;

/// <summary>Writers for class reports.</summary>
public static class ClassReports
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Grades CSV: submission, status, score, max, one column per exercise, notes.</summary>
    public static string Csv(IReadOnlyList<SubmissionReport> reports)
    {
        var exercises = reports.SelectMany(r => r.Exercises.Select(e => e.Id)).Distinct().ToList();
        var sb = new StringBuilder();
        sb.Append("submission,status,score,max_score");
        foreach (var e in exercises)
        {
            sb.Append(",ex_").Append(Cell(e));
        }
        sb.Append(",manual,awaiting_review,tampered_cells,notes\n");
        foreach (var r in reports)
        {
            sb.Append(Cell(r.Submission)).Append(',').Append(r.Status).Append(',');
            sb.Append(N(r.Score)).Append(',').Append(N(r.MaxScore));
            foreach (var e in exercises)
            {
                var ex = r.Exercises.FirstOrDefault(x => x.Id == e);
                sb.Append(',').Append(ex is null || ex.Status == "to-review" ? "" : N(ex.Points));
            }
            sb.Append(',').Append(Cell(string.Join(" ", Manual(r))));
            sb.Append(',').Append(Cell(string.Join(" ", r.AwaitingReview)));
            sb.Append(',').Append(r.Tampering.Count.ToString(Inv));
            sb.Append(',').Append(Cell(string.Join(" | ", r.Notes))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>JUnit XML: one testsuite per submission, one testcase per test case.</summary>
    public static string JUnit(IReadOnlyList<SubmissionReport> reports)
    {
        var suites = new XElement("testsuites", new XAttribute("name", "rnncourse-grade"));
        foreach (var r in reports)
        {
            var cases = Cases(r).ToList();
            var suite = new XElement(
                "testsuite",
                new XAttribute("name", r.Submission),
                new XAttribute("tests", cases.Count),
                new XAttribute("failures", cases.Count(c => Outcome(c) == "failed")),
                new XAttribute("skipped", cases.Count(c => Outcome(c) == "awaiting")),
                new XAttribute("time", S(r.Timings.TotalMs)),
                new XElement(
                    "properties",
                    new XElement(
                        "property",
                        new XAttribute("name", "score"),
                        new XAttribute("value", N(r.Score))
                    ),
                    new XElement(
                        "property",
                        new XAttribute("name", "maxScore"),
                        new XAttribute("value", N(r.MaxScore))
                    ),
                    new XElement(
                        "property",
                        new XAttribute("name", "manual"),
                        new XAttribute("value", string.Join(" ", Manual(r)))
                    ),
                    new XElement(
                        "property",
                        new XAttribute("name", "awaitingReview"),
                        new XAttribute("value", string.Join(" ", r.AwaitingReview))
                    )
                )
            );
            foreach (var (ex, t, name) in cases)
            {
                var tc = new XElement(
                    "testcase",
                    new XAttribute("classname", $"{r.Submission}.{ex.Id}"),
                    new XAttribute("name", name),
                    new XAttribute("time", S(t?.RunMs ?? 0))
                );
                switch (Outcome((ex, t, name)))
                {
                    case "awaiting":
                        tc.Add(
                            new XElement(
                                "skipped",
                                new XAttribute("message", "awaiting manual review")
                            )
                        );
                        break;
                    case "failed":
                        tc.Add(
                            new XElement(
                                "failure",
                                new XAttribute("type", t?.Status ?? ex.Status),
                                new XAttribute("message", Message(ex, t))
                            )
                        );
                        break;
                }
                suite.Add(tc);
            }
            suites.Add(suite);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites).ToString() + "\n";
    }

    /// <summary>Visual Studio TRX: one UnitTest/UnitTestResult per test case.</summary>
    public static string Trx(IReadOnlyList<SubmissionReport> reports, DateTime created)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var listId = Guid.Parse("8c84fa94-04c1-424b-9868-57a2d4851a1d");
        var results = new XElement(ns + "Results");
        var definitions = new XElement(ns + "TestDefinitions");
        var entries = new XElement(ns + "TestEntries");
        int total = 0,
            passed = 0,
            notExecuted = 0;
        foreach (var r in reports)
        {
            foreach (var (ex, t, name) in Cases(r))
            {
                total++;
                var outcome = Outcome((ex, t, name));
                bool ok = outcome == "passed";
                passed += ok ? 1 : 0;
                notExecuted += outcome == "awaiting" ? 1 : 0;
                var full = $"{r.Submission}/{ex.Id}/{name}";
                var testId = DeterministicGuid("test:" + full);
                var execId = DeterministicGuid("exec:" + full);
                definitions.Add(
                    new XElement(
                        ns + "UnitTest",
                        new XAttribute("name", full),
                        new XAttribute("id", testId),
                        new XElement(ns + "Execution", new XAttribute("id", execId)),
                        new XElement(
                            ns + "TestMethod",
                            new XAttribute("codeBase", r.Assignment),
                            new XAttribute("className", $"{r.Submission}.{ex.Id}"),
                            new XAttribute("name", name)
                        )
                    )
                );
                entries.Add(
                    new XElement(
                        ns + "TestEntry",
                        new XAttribute("testId", testId),
                        new XAttribute("executionId", execId),
                        new XAttribute("testListId", listId)
                    )
                );
                var result = new XElement(
                    ns + "UnitTestResult",
                    new XAttribute("executionId", execId),
                    new XAttribute("testId", testId),
                    new XAttribute("testName", full),
                    new XAttribute("computerName", "grader"),
                    new XAttribute(
                        "duration",
                        TimeSpan.FromMilliseconds(t?.RunMs ?? 0).ToString("c", Inv)
                    ),
                    new XAttribute("testType", "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b"),
                    new XAttribute(
                        "outcome",
                        outcome switch
                        {
                            "passed" => "Passed",
                            "awaiting" => "NotExecuted",
                            _ => "Failed",
                        }
                    ),
                    new XAttribute("testListId", listId)
                );
                if (!ok)
                {
                    result.Add(
                        new XElement(
                            ns + "Output",
                            new XElement(
                                ns + "ErrorInfo",
                                new XElement(
                                    ns + "Message",
                                    outcome == "awaiting"
                                        ? "awaiting manual review"
                                        : Message(ex, t)
                                )
                            )
                        )
                    );
                }
                results.Add(result);
            }
        }
        var run = new XElement(
            ns + "TestRun",
            new XAttribute(
                "id",
                DeterministicGuid("run:" + string.Join(",", reports.Select(r => r.Submission)))
            ),
            new XAttribute("name", "rnncourse grade"),
            new XElement(
                ns + "Times",
                new XAttribute("creation", created.ToString("o", Inv)),
                new XAttribute("finish", created.ToString("o", Inv))
            ),
            results,
            definitions,
            entries,
            new XElement(
                ns + "TestLists",
                new XElement(
                    ns + "TestList",
                    new XAttribute("name", "Graded tests"),
                    new XAttribute("id", listId)
                )
            ),
            new XElement(
                ns + "ResultSummary",
                new XAttribute(
                    "outcome",
                    passed == total ? "Passed"
                        : passed + notExecuted == total ? "Pending"
                        : "Failed"
                ),
                new XElement(
                    ns + "Counters",
                    new XAttribute("total", total),
                    new XAttribute("executed", total),
                    new XAttribute("passed", passed),
                    new XAttribute("failed", total - passed - notExecuted),
                    new XAttribute("notExecuted", notExecuted)
                )
            )
        );
        return new XDocument(new XDeclaration("1.0", "utf-8", null), run).ToString() + "\n";
    }

    /// <summary>A Markdown summary: a table of submissions and per-exercise averages.</summary>
    public static string Markdown(IReadOnlyList<SubmissionReport> reports)
    {
        var exercises = reports.SelectMany(r => r.Exercises.Select(e => e.Id)).Distinct().ToList();
        var sb = new StringBuilder();
        sb.Append("# Grades");
        if (reports.Count > 0)
        {
            sb.Append(": ").Append(reports[0].Assignment);
        }
        sb.Append("\n\n");
        var graded = reports.Where(r => r.Status != "skipped").ToList();
        sb.Append(
            Inv,
            $"{graded.Count} submissions, mean {N(graded.Count == 0 ? 0 : graded.Average(r => r.Score))} / {N(graded.Count == 0 ? 0 : graded.Max(r => r.MaxScore))}; "
        );
        sb.Append(
            Inv,
            $"{reports.Count(r => r.Status == "invalid")} unreadable, {reports.Count(r => r.Tampering.Count > 0)} with changed locked cells, {reports.Count - graded.Count} files not graded (listed with the reason).\n\n"
        );
        int awaiting = reports.Sum(r => r.AwaitingReview.Count);
        sb.Append(
            Inv,
            $"Manual marks: {reports.Sum(r => Manual(r).Count())} given; {awaiting} written answer(s) await review{(awaiting > 0 ? " (their points count as 0 until marked)" : "")}.\n\n"
        );
        sb.Append("| Submission | Score | ")
            .Append(string.Join(" | ", exercises.Select(e => "Ex " + e)))
            .Append(" | Notes |\n");
        sb.Append("|---|---:|")
            .Append(string.Concat(exercises.Select(_ => "---:|")))
            .Append("---|\n");
        foreach (var r in reports)
        {
            sb.Append("| ")
                .Append(Md(r.Submission))
                .Append(" | ")
                .Append(N(r.Score))
                .Append('/')
                .Append(N(r.MaxScore))
                .Append(" | ");
            foreach (var e in exercises)
            {
                var ex = r.Exercises.FirstOrDefault(x => x.Id == e);
                sb.Append(
                        ex is null ? ""
                        : ex.Status == "to-review" ? "– (to review)"
                        : $"{N(ex.Points)} {(ex.Review is not null ? "(manual)" : ex.Status == "passed" ? "" : "(" + ex.Status + ")")}".TrimEnd()
                    )
                    .Append(" | ");
            }
            sb.Append(Md(string.Join("; ", r.Notes))).Append(" |\n");
        }
        sb.Append("\n## Exercises\n\n| Exercise | Mean | Max | Passed |\n|---|---:|---:|---:|\n");
        foreach (var e in exercises)
        {
            var all = reports.SelectMany(r => r.Exercises.Where(x => x.Id == e)).ToList();
            sb.Append(
                Inv,
                $"| {Md(e)} | {N(all.Average(x => x.Points))} | {N(all.Max(x => x.MaxPoints))} | {all.Count(x => x.Status == "passed")}/{all.Count} |\n"
            );
        }
        return sb.ToString();
    }

    private static IEnumerable<(ExerciseReport Ex, TestReport? Test, string Name)> Cases(
        SubmissionReport r
    )
    {
        foreach (var ex in r.Exercises)
        {
            if (ex.Kind == "written")
            {
                yield return (ex, null, "written answer (manual review)");
                continue;
            }
            if (ex.Tests.Count == 0)
            {
                yield return (ex, null, "(no tests)");
            }
            foreach (var t in ex.Tests)
            {
                yield return (ex, t, t.Name);
            }
        }
    }

    // passed, failed or awaiting (a written answer not marked yet). A written answer passes with
    // full marks; a code test passes as its test did (an override changes points, not tests).
    private static string Outcome((ExerciseReport Ex, TestReport? Test, string Name) c) =>
        c.Ex.Kind == "written"
            ? c.Ex.Status == "to-review"
                ? "awaiting"
                : c.Ex.Status == "reviewed" && c.Ex.Points >= c.Ex.MaxPoints
                    ? "passed"
                    : "failed"
            : c.Test?.Status == "passed"
                ? "passed"
                : "failed";

    private static string Message(ExerciseReport ex, TestReport? t) =>
        ex.Kind == "written"
            ? $"manual mark {N(ex.Points)}/{N(ex.MaxPoints)} ({ex.Status})"
                + (string.IsNullOrWhiteSpace(ex.Review?.Comment) ? "" : ": " + ex.Review.Comment)
            : t?.Message ?? ex.Reason ?? ex.Status;

    // The ids of the items with a manual mark (a rubric mark, an override, or a comment).
    private static IEnumerable<string> Manual(SubmissionReport r) =>
        r.Exercises.Where(e => e.Review is not null).Select(e => e.Id);

    private static Guid DeterministicGuid(string text)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(bytes.AsSpan(0, 16));
    }

    private static string N(double v) => v.ToString("0.####", Inv);

    private static string S(double ms) => (ms / 1000).ToString("0.000", Inv);

    private static string Md(string s) =>
        s.Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);

    private static string Cell(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0
            ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : s;
}
