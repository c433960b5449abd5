// The failure of a Check assertion: the grader reports it as a failed test (not a crash).
namespace RnnCourse.Grading;

/// <summary>Thrown by <see cref="Check"/> when an expectation does not hold.</summary>
public sealed class CheckFailedException : Exception
{
    /// <summary>Creates the failure with a message that names what was expected and what was found.</summary>
    public CheckFailedException(string message)
        : base(message) { }
}
