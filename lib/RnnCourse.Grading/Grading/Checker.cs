// `rnncourse check <notebook>`: the student's self-check. It builds the assignment from the
// student's own notebook (their exercises, the public test cells, the release manifest embedded in
// the metadata) and grades it through the same SubmissionGrader and worker as `grade`, without
// hidden tests and without reference solutions. The text output is per exercise; written answers
// get a note each (marked by the instructor, not by check).
using System.Globalization;
using System.Text;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Reports;

namespace RnnCourse.Grading.Grading;

/// <summary>Self-check of a student notebook.</summary>
public static class Checker
{
    /// <summary>Checks <paramref name="notebookPath"/>; never throws for a bad notebook (the report says why).</summary>
    public static SubmissionReport Check(string notebookPath, GradeOptions options)
    {
        var id = Path.GetFileNameWithoutExtension(notebookPath);
        GradingNotebook notebook;
        try
        {
            notebook = GradingNotebook.Load(notebookPath);
        }
        catch (NotebookFormatException e)
        {
            return new SubmissionReport
            {
                Submission = id,
                Assignment = id,
                Mode = "check",
                Status = "invalid",
                Notes = [e.Message],
            };
        }
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        var assignment = Assignment.FromStudent(notebook, id, baseDir);
        var report = new SubmissionGrader(assignment, options, checkMode: true)
            .Grade(notebookPath, id)
            .Report;
        // Written answers are marked by the instructor; check only says where each one stands.
        foreach (var cell in notebook.Cells.Where(c => c.Role == CellRole.Answer))
        {
            int words = cell
                .Source.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Length;
            report.Notes.Add(
                Release.Releaser.IsBlankAnswer(cell.Source)
                    ? $"Written answer {cell.AnswerId} is still empty: write it in the cell under its question."
                    : $"Written answer {cell.AnswerId}: {words} words; your instructor marks it against the criteria in its question."
            );
        }
        return report;
    }

    /// <summary>The check result as console text.</summary>
    public static string Format(SubmissionReport report)
    {
        var sb = new StringBuilder();
        sb.Append(
            CultureInfo.InvariantCulture,
            $"{report.Submission}: public tests {report.Score:0.##} / {report.MaxScore:0.##} points\n"
        );
        foreach (var n in report.Notes)
        {
            sb.Append("  ! ").Append(n).Append('\n');
        }
        foreach (var ex in report.Exercises)
        {
            sb.Append('\n')
                .Append(FeedbackWriter.Exercise(ex).Replace("**", "", StringComparison.Ordinal));
        }
        return sb.ToString();
    }
}
