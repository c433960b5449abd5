// Manual marks: what an instructor decides in `rnncourse review` (the criteria a written answer
// meets, a comment, an override of a code exercise's automatic points with its reason), and how a
// mark enters a report. Applying is a pure function of the report as graded plus the marks, so it
// can run again after every change (and after a regrade) with the same result: a written answer is
// worth the points of the criteria it meets, an override replaces the tests' points, and a written
// answer without a mark waits (0 points, listed in AwaitingReview).
using System.Globalization;
using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Reports;

/// <summary>One rubric criterion in a report.</summary>
public sealed class RubricLine
{
    /// <summary>The criterion id.</summary>
    public string Id { get; set; } = "";

    /// <summary>What the answer must do.</summary>
    public string Text { get; set; } = "";

    /// <summary>Points when met.</summary>
    public double Points { get; set; }

    /// <summary>True or false once reviewed; null before.</summary>
    public bool? Met { get; set; }
}

/// <summary>One manual mark of one item of one submission.</summary>
public sealed class ReviewMark
{
    /// <summary>Revision, raised by every save (two tabs cannot overwrite each other unseen).</summary>
    public int Rev { get; set; }

    /// <summary>Written answers: the ids of the criteria the answer meets.</summary>
    public List<string>? Criteria { get; set; }

    /// <summary>Code exercises: points that replace the automatic ones (null: no override).</summary>
    public double? Override { get; set; }

    /// <summary>Why the automatic points were overridden (required with an override).</summary>
    public string? Reason { get; set; }

    /// <summary>A comment for the student.</summary>
    public string? Comment { get; set; }

    /// <summary>When the mark was saved (UTC, ISO 8601).</summary>
    public string? SavedAt { get; set; }
}

/// <summary>Applies manual marks to reports and checks them.</summary>
public static class ManualMarks
{
    /// <summary>
    /// Sets every item's points and status from its graded result and <paramref name="marks"/>
    /// (item id → mark; null or missing: none), then the score and the items awaiting review.
    /// </summary>
    /// <exception cref="FormatException">A mark does not fit its item; the message says which and why.</exception>
    public static void Apply(
        SubmissionReport report,
        IReadOnlyDictionary<string, ReviewMark>? marks
    )
    {
        foreach (var ex in report.Exercises)
        {
            var mark = marks?.GetValueOrDefault(ex.Id);
            Check(report.Submission, ex, mark);
            ex.Review = mark;
            if (ex.Kind == "written")
            {
                foreach (var line in ex.Rubric ?? [])
                {
                    line.Met = mark is null ? null : mark.Criteria?.Contains(line.Id) == true;
                }
                ex.Points = Math.Round(
                    (ex.Rubric ?? []).Where(l => l.Met == true).Sum(l => l.Points),
                    4
                );
                ex.Status =
                    report.Status != "graded" ? "not-graded"
                    : mark is not null ? "reviewed"
                    : ex.Answer is null ? "missing"
                    : Releaser.IsBlankAnswer(ex.Answer) ? "blank"
                    : "to-review";
                ex.Reason = ex.Status switch
                {
                    "to-review" => "Awaiting your instructor's review.",
                    "blank" => "No answer was written.",
                    "missing" => "The answer cell was not found: keep the cell under the question.",
                    "not-graded" => "The notebook could not be graded.",
                    _ => null,
                };
            }
            else
            {
                ex.AutoPoints ??= ex.Points;
                ex.Points = mark?.Override ?? ex.AutoPoints.Value;
            }
        }
        report.Score = Math.Round(report.Exercises.Sum(e => e.Points), 4);
        report.AwaitingReview = report
            .Exercises.Where(e => e.Status == "to-review")
            .Select(e => e.Id)
            .ToList();
    }

    /// <summary>Checks a mark against its item.</summary>
    /// <exception cref="FormatException">The mark names an unknown criterion, gives an override
    /// outside 0…max or without a reason, or marks a written answer with an override.</exception>
    public static void Check(string submission, ExerciseReport item, ReviewMark? mark)
    {
        if (mark is null)
        {
            return;
        }
        string where = $"the mark of {submission}, item {item.Id}";
        if (item.Kind == "written")
        {
            if (mark.Override is not null)
            {
                throw new FormatException(
                    $"{where} overrides the points of a written answer; mark its rubric criteria instead."
                );
            }
            var known = (item.Rubric ?? []).Select(l => l.Id).ToHashSet();
            foreach (var c in mark.Criteria ?? [])
            {
                if (!known.Contains(c))
                {
                    throw new FormatException(
                        $"{where} names criterion \"{c}\", which its rubric does not have ({string.Join(", ", known)})."
                    );
                }
            }
            return;
        }
        if (mark.Criteria is { Count: > 0 })
        {
            throw new FormatException($"{where} ticks rubric criteria, but it is a code exercise.");
        }
        if (mark.Override is { } o && (o < 0 || o > item.MaxPoints || double.IsNaN(o)))
        {
            throw new FormatException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{where} gives {o} points; it is worth 0 to {item.MaxPoints}."
                )
            );
        }
        if (mark.Override is not null && string.IsNullOrWhiteSpace(mark.Reason))
        {
            throw new FormatException(
                $"{where} overrides the automatic points without a reason; give one."
            );
        }
    }
}
