// `rnncourse review <grades folder>`: the review page for manual marks (ReviewServer), served until
// Ctrl+C. Each mark is saved to the folder's _review.json at once and flows into the submission's
// report, its graded notebook and the class reports. See docs/grading.md, "Marking by hand".
using System.CommandLine;
using RnnCourse.Grading.Reports;
using RnnCourse.Runner.Commands;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Runner.Grading;

/// <summary>The <c>review</c> command.</summary>
public static class ReviewCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var folder = new Argument<string>("grades")
        {
            Description = "The grades folder `rnncourse grade … -o <folder>` wrote.",
        };
        var port = new Option<int>("--port")
        {
            Description = "Port on 127.0.0.1 (0: a free one).",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command(
            "review",
            "Mark written answers and override code exercises by hand, in a local web page."
        )
        {
            folder,
            port,
        };
        command.SetAction(
            async (parse, cancel) =>
            {
                GradesFolder grades;
                try
                {
                    grades = GradesFolder.Open(parse.GetValue(folder)!);
                    WebAssets.Shipped.Check();
                }
                catch (Exception e) when (e is GradesFolderException or FileNotFoundException)
                {
                    Console.Error.WriteLine($"rnncourse review: {e.Message}");
                    return ExitCodes.BadInput;
                }
                using var server = new ReviewServer(
                    grades,
                    WebAssets.Shipped,
                    parse.GetValue(port)
                );
                server.Start();
                int awaiting = grades.Reports.Sum(r => r.AwaitingReview.Count);
                Console.WriteLine(
                    $"Reviewing {grades.Name}: {grades.Reports.Count} submission(s), {awaiting} written answer(s) to mark."
                );
                Console.WriteLine($"Open {server.Url}");
                Console.WriteLine(
                    $"Marks are saved as you make them, to {Path.Combine(grades.Dir, GradesFolder.ReviewFile)}. Press Ctrl+C to stop."
                );
                try
                {
                    await Task.Delay(Timeout.Infinite, cancel);
                }
                catch (OperationCanceledException) { }
                return ExitCodes.Ok;
            }
        );
        return command;
    }
}
