// Writes feedback into the graded notebook: a summary cell at the top and one markdown cell under
// each exercise (points, status, reason, one line per test: name, points, message; a manual
// override with its reason) and under each written answer (each rubric criterion met or not, the
// reviewer's comment). Old feedback
// cells are removed first, so regrading does not pile them up. Nothing here comes from hidden test
// source or reference solutions: only names, messages and points.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RnnCourse.Grading.Notebooks;

namespace RnnCourse.Grading.Reports;

/// <summary>Adds feedback cells to a notebook.</summary>
public static class FeedbackWriter
{
    /// <summary>Replaces feedback cells in <paramref name="notebook"/> with feedback from <paramref name="report"/>.</summary>
    public static void Write(GradingNotebook notebook, SubmissionReport report)
    {
        for (int i = notebook.Cells.Count - 1; i >= 0; i--)
        {
            if (notebook.Cells[i].Role == CellRole.Feedback)
            {
                notebook.RemoveCell(i);
            }
        }
        foreach (var ex in report.Exercises)
        {
            int at = notebook.Cells.FindIndex(c =>
                ex.Kind == "written"
                    ? c.Role == CellRole.Answer && c.AnswerId == ex.Id
                    : c.Role == CellRole.Exercise && c.Exercise == ex.Id
            );
            if (at >= 0)
            {
                notebook.InsertCell(
                    at + 1,
                    NotebookCell.Markdown(
                        CellId(ex.Id),
                        ex.Kind == "written" ? Written(ex) : Exercise(ex),
                        Meta(ex.Id)
                    )
                );
            }
        }
        notebook.InsertCell(
            0,
            NotebookCell.Markdown("feedback-summary", Summary(report), Meta("summary"))
        );
    }

    /// <summary>The feedback text of one exercise (Markdown).</summary>
    public static string Exercise(ExerciseReport ex)
    {
        var sb = new StringBuilder();
        sb.Append(
            CultureInfo.InvariantCulture,
            $"**Feedback, exercise {ex.Id}: {P(ex.Points)} / {P(ex.MaxPoints)} points** ({ex.Status})\n\n"
        );
        if (ex.Reason is not null)
        {
            sb.Append(ex.Reason).Append("\n\n");
        }
        foreach (var d in ex.Diagnostics ?? [])
        {
            sb.Append("    ").Append(d).Append('\n');
        }
        if (ex.Diagnostics is { Count: > 0 })
        {
            sb.Append('\n');
        }
        foreach (var t in ex.Tests)
        {
            sb.Append(
                TestLine(t.Name, t.Status == "passed", t.Earned, t.Points, t.Visibility, t.Message)
            );
        }
        if (ex.Review?.Override is not null)
        {
            sb.Append(
                CultureInfo.InvariantCulture,
                $"\nYour instructor set the points to {P(ex.Points)} (the tests gave {P(ex.AutoPoints ?? 0)}): {ex.Review.Reason}\n"
            );
        }
        if (!string.IsNullOrWhiteSpace(ex.Review?.Comment))
        {
            sb.Append("\n**Comment:** ").Append(ex.Review.Comment).Append('\n');
        }
        if (ex.ReferenceUsed)
        {
            sb.Append(
                "\nThe reference solution was used for later exercises, so they are graded on their own.\n"
            );
        }
        return sb.ToString();
    }

    /// <summary>The feedback text of one written answer (Markdown): its points once marked, each
    /// rubric criterion met or not, and the reviewer's comment.</summary>
    public static string Written(ExerciseReport ex)
    {
        var sb = new StringBuilder();
        var state = ex.Status switch
        {
            "to-review" => "awaiting your instructor's review",
            "blank" => "no answer was written",
            "missing" => "the answer cell was not found",
            _ => ex.Status,
        };
        sb.Append(
            CultureInfo.InvariantCulture,
            $"**Feedback, written answer {ex.Id}: {(ex.Status == "to-review" ? "–" : P(ex.Points))} / {P(ex.MaxPoints)} points** ({state})\n\n"
        );
        foreach (var line in ex.Rubric ?? [])
        {
            var mark =
                line.Met is null ? "▫️"
                : line.Met.Value ? "✅"
                : "❌";
            sb.Append(
                CultureInfo.InvariantCulture,
                $"- {mark} {line.Text} ({(line.Met == true ? P(line.Points) : "0")}/{P(line.Points)})\n"
            );
        }
        if (!string.IsNullOrWhiteSpace(ex.Review?.Comment))
        {
            sb.Append("\n**Comment:** ").Append(ex.Review.Comment).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>One test's line, as <c>check</c>, the graded notebook and a public-test cell show it:
    /// <c>- ✅ Name (1/1, public)</c> or <c>- ❌ Name (0/1, hidden): message</c>.</summary>
    public static string TestLine(
        string name,
        bool passed,
        double earned,
        double points,
        string visibility,
        string? message
    ) =>
        $"- {(passed ? "✅" : "❌")} {name} ({P(earned)}/{P(points)}, {visibility})"
        + (!passed && message is not null ? ": " + message : "")
        + "\n";

    private static string Summary(SubmissionReport r)
    {
        var sb = new StringBuilder();
        sb.Append(
            CultureInfo.InvariantCulture,
            $"**Grade: {P(r.Score)} / {P(r.MaxScore)} points** ({r.Assignment})\n\n"
        );
        foreach (var n in r.Notes)
        {
            sb.Append("- ").Append(n).Append('\n');
        }
        if (r.AwaitingReview.Count > 0)
        {
            sb.Append(
                $"- Written answer(s) {string.Join(", ", r.AwaitingReview)} await your instructor's review; the grade counts them as 0 until then.\n"
            );
        }
        return sb.ToString();
    }

    private static JsonObject Meta(string id) => new() { ["feedback"] = id };

    // nbformat cell ids allow [A-Za-z0-9-_] only: "1.1" becomes "feedback-1-1".
    private static string CellId(string exercise) =>
        "feedback-"
        + string.Concat(
            exercise.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')
        );

    private static string P(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
