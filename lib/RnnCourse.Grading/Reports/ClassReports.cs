// Class-level reports from the per-submission reports, for people: a grades CSV (one row per
// submission, one column per item) and a Markdown summary; the formats CI systems read (JUnit XML,
// TRX) are in ClassReports.TestFormats.cs. Each says which marks are manual and which written
// answers still await review. They contain names, messages and points only.
using System.Globalization;
using System.Text;

namespace RnnCourse.Grading.Reports;

/// <summary>Writers for class reports.</summary>
public static partial class ClassReports
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

    // The ids of the items with a manual mark (a rubric mark, an override, or a comment).
    private static IEnumerable<string> Manual(SubmissionReport r) =>
        r.Exercises.Where(e => e.Review is not null).Select(e => e.Id);

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
