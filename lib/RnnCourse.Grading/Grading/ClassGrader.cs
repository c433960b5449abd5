// Grades a submission or a folder of submissions: finds the files (SubmissionFiles: every file
// gets a line in the class reports, graded or with the reason it was not), keeps this machine's shard,
// grades them `Jobs` at a time (each in its own worker and sandbox; stateless, so any job runner
// can split a class with --shard i/n), and writes per-submission JSON and graded notebooks plus the
// class reports. An exception while grading one submission becomes that submission's grade of 0
// with the reason; it never stops the others.
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
        Directory.CreateDirectory(outputDir);
        var grader = new SubmissionGrader(assignment, options);
        var reports = new SubmissionReport[submissions.Count];
        Parallel.For(
            0,
            submissions.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs) },
            i =>
            {
                var (path, id, notGraded) = submissions[i];
                if (notGraded is not null)
                {
                    reports[i] = grader.NotGraded(id, notGraded);
                    onGraded?.Invoke(reports[i]);
                    return;
                }
                SubmissionReport report;
                try
                {
                    var result = grader.Grade(path, id);
                    report = result.Report;
                    result.Notebook?.Save(
                        Path.Combine(outputDir, SubmissionFiles.ReportName(id) + ".graded.ipynb")
                    );
                }
                catch (Exception e)
                {
                    report = grader.Failed(
                        id,
                        $"The grader failed on this submission ({e.GetType().Name}: {e.Message}); it scored 0, please report it."
                    );
                }
                File.WriteAllText(
                    Path.Combine(outputDir, SubmissionFiles.ReportName(id) + ".json"),
                    report.ToJson() + "\n"
                );
                reports[i] = report;
                onGraded?.Invoke(report);
            }
        );
        var suffix =
            options.Shard.Count > 1 ? $".shard-{options.Shard.Index}-of-{options.Shard.Count}" : "";
        var files = new List<string>
        {
            Write(outputDir, $"grades{suffix}.csv", ClassReports.Csv(reports)),
            Write(outputDir, $"junit{suffix}.xml", ClassReports.JUnit(reports)),
            Write(outputDir, $"results{suffix}.trx", ClassReports.Trx(reports, DateTime.UtcNow)),
            Write(outputDir, $"summary{suffix}.md", ClassReports.Markdown(reports)),
        };
        return new Outcome(reports, files);
    }

    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
