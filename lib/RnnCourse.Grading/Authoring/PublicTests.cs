// Runs an exercise's public tests where the student is: the last line of a public-test cell,
//     PublicTests.Run("2.1", StepForward_ZeroWeights_GivesZeros);
// so that running the cell in VS Code (or `rnncourse run`) prints one ✅/❌ line per test with its
// points and, on failure, the test's message and the error — the lines `rnncourse check` prints
// (FeedbackWriter.TestLine). The grader discovers the same [GradedTest] methods itself and does not
// need this line; it only reports.
using System.Globalization;
using System.Reflection;
using System.Text;
using RnnCourse.Grading.Reports;

namespace RnnCourse.Grading;

/// <summary>Runs public test cases in the notebook and prints the result of each.</summary>
public static class PublicTests
{
    /// <summary>
    /// Runs each test (a method marked <see cref="GradedTestAttribute"/>) and writes one line per
    /// test to the console; never throws for a failing test.
    /// </summary>
    /// <param name="exercise">The exercise id, as in the cell metadata (e.g. "2.1").</param>
    /// <param name="tests">The public test methods of that exercise.</param>
    /// <returns>The points earned (also printed).</returns>
    /// <exception cref="ArgumentException">A method is not marked [GradedTest].</exception>
    public static double Run(string exercise, params Action[] tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var lines = new StringBuilder();
        double earned = 0,
            total = 0;
        foreach (var test in tests)
        {
            var info =
                test.Method.GetCustomAttribute<GradedTestAttribute>()
                ?? throw new ArgumentException(
                    $"{test.Method.Name} is not marked [GradedTest(points)]; mark it or leave it out of PublicTests.Run.",
                    nameof(tests)
                );
            var name = info.Name ?? SourceName(test.Method.Name);
            total += info.Points;
            string? error = null;
            try
            {
                test();
            }
            catch (Exception e)
            {
                error = TestFailure.Describe(e);
            }
            if (error is null)
                earned += info.Points;
            var message = error is null ? null : TestFailure.PublicMessage(info.Message, error);
            lines.Append(
                FeedbackWriter.TestLine(
                    name,
                    error is null,
                    error is null ? info.Points : 0,
                    info.Points,
                    "public",
                    message
                )
            );
        }
        Console.Write(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Public tests, exercise {exercise}: {earned:0.##} / {total:0.##} points\n{lines}"
            )
        );
        return earned;
    }

    /// <summary>
    /// The method's name as written: a local function compiled in a program (a notebook exported
    /// by <c>rnncourse export</c>) is named like <c>&lt;&lt;Main&gt;$&gt;g__Name|0_3</c>.
    /// </summary>
    internal static string SourceName(string compiled)
    {
        var start = compiled.IndexOf(">g__", StringComparison.Ordinal);
        if (start < 0)
            return compiled;
        var end = compiled.IndexOf('|', start);
        return end < 0 ? compiled[(start + 4)..] : compiled[(start + 4)..end];
    }
}
