// Grades a submission or a folder of submissions: finds the files (SubmissionFiles: every file
// gets a line in the class reports, graded or with the reason it was not), keeps this machine's shard,
// grades them `Jobs` at a time (each in its own worker and sandbox; stateless, so any job runner
// can split a class with --shard i/n), and writes a grades folder (GradesFolder): per-submission
// JSON and graded notebooks, with any manual marks already in the folder applied, plus the class
// reports. Files that are not graded get a report too, so merged shards list every file. An exception while grading one submission becomes that submission's grade of 0
// with the reason; it never stops the others.
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Reports;

namespace RnnCourse.Grading.Grading;

/// <summary>Grades many submissions.</summary>
public static class ClassGrader
{
    /// <summary>What a grading run produced.</summary>
    /// <param name="Reports">One report per submission, in submission order.</param>
    /// <param name="Files">The class report files written.</param>
    public sealed record Outcome(
        IReadOnlyList<SubmissionReport> Reports,
        IReadOnlyList<string> Files
    );

    /// <summary>Keeps the submissions of shard <paramref name="index"/> of <paramref name="count"/> (1-based, round robin over the sorted list).</summary>
    public static List<T> Shard<T>(List<T> all, int index, int count)
    {
        if (count < 1 || index < 1 || index > count)
        {
            throw new ArgumentException(
                $"--shard {index}/{count}: use i/n with 1 ≤ i ≤ n, e.g. --shard 2/4."
            );
        }
        return all.Where((_, k) => k % count == index - 1).ToList();
    }

    /// <summary>Grades everything and writes the reports into <paramref name="outputDir"/>.</summary>
    public static Outcome Grade(
        string target,
        Assignment assignment,
        string outputDir,
        GradeOptions options,
        Action<SubmissionReport>? onGraded = null
    )
    {
        var submissions = Shard(
            SubmissionFiles.Find(target),
            options.Shard.Index,
            options.Shard.Count
        );
        var folder = GradesFolder.ForGrading(outputDir, assignment);
        var grader = new SubmissionGrader(assignment, options);
        var reports = new SubmissionReport[submissions.Count];
        Parallel.For(
            0,
            submissions.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs) },
            i =>
            {
                var (path, id, notGraded) = submissions[i];
                SubmissionReport report;
                GradingNotebook? graded = null;
                if (notGraded is not null)
                {
                    report = grader.NotGraded(id, notGraded);
                }
                else
                {
                    try
                    {
                        var result = grader.Grade(path, id);
                        report = result.Report;
                        graded = result.Notebook;
                    }
                    catch (Exception e)
                    {
                        report = grader.Failed(
                            id,
                            $"The grader failed on this submission ({e.GetType().Name}: {e.Message}); it scored 0, please report it."
                        );
                    }
                }
                // Marks already given (a regrade after review) apply to the new grade.
                folder.ApplyMarks(report);
                folder.WriteSubmission(report, graded);
                reports[i] = report;
                onGraded?.Invoke(report);
            }
        );
        var suffix =
            options.Shard.Count > 1 ? $".shard-{options.Shard.Index}-of-{options.Shard.Count}" : "";
        return new Outcome(reports, folder.WriteClassReports(reports, suffix));
    }
}
