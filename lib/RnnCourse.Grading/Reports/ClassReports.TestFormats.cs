// The class reports CI systems and test dashboards read: JUnit XML and Visual Studio TRX, one test
// case per graded test (named <submission>/<exercise>/<test>) and one per written answer, which is
// skipped (JUnit) or NotExecuted (TRX) while it awaits review. See ClassReports.cs for the rest.
using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace RnnCourse.Grading.Reports;

public static partial class ClassReports
{
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

    private static Guid DeterministicGuid(string text)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new Guid(bytes.AsSpan(0, 16));
    }
}
