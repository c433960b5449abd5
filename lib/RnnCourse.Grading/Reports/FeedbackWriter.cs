// Writes feedback into the graded notebook: a summary cell at the top and one markdown cell under
// each exercise (points, status, reason, one line per test: name, points, message). Old feedback
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
                c.Role == CellRole.Exercise && c.Exercise == ex.Id
            );
            if (at >= 0)
            {
                notebook.InsertCell(
                    at + 1,
                    NotebookCell.Markdown(CellId(ex.Id), Exercise(ex), Meta(ex.Id))
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
        if (ex.ReferenceUsed)
        {
            sb.Append(
                "\nThe reference solution was used for later exercises, so they are graded on their own.\n"
            );
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
