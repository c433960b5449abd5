// How a failed test case is put into words, in one place for the grader's worker and report and
// for a public-test cell run in the notebook (PublicTests), so that `check`, `grade` and VS Code
// say the same thing.
namespace RnnCourse.Grading;

/// <summary>The wording of a failed test.</summary>
internal static class TestFailure
{
    /// <summary>A <see cref="Check"/> failure's own message; any other exception as its type and message.</summary>
    public static string Describe(Exception e) =>
        e is CheckFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";

    /// <summary>What the student sees for a failed public test: the test's message with the
    /// error in parentheses, or the error alone.</summary>
    public static string PublicMessage(string? message, string error) =>
        message is null ? error : $"{message} ({error})";
}
