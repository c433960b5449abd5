// Student-controlled text that reaches feedback and reports (exception messages and type names,
// compiler and policy messages, test names echoed by the worker) is capped where it enters the
// parent, whatever the worker sends: a submission cannot smuggle a file or a secret out through a
// 30 KB exception message, and a report stays readable.
namespace RnnCourse.Grading.Grading;

/// <summary>Caps on worker-supplied text.</summary>
public static class FeedbackLimits
{
    /// <summary>Characters kept of one message (400: a long assertion message fits; a file does not).</summary>
    public const int MaxChars = 400;

    /// <summary>Diagnostics kept per cell (20: more than a student can act on at once).</summary>
    public const int MaxDiagnostics = 20;

    /// <summary><paramref name="text"/>, cut to <see cref="MaxChars"/> with a note of what was dropped.</summary>
    public static string? Cap(string? text) =>
        text is null || text.Length <= MaxChars
            ? text
            : text[..MaxChars] + $"… ({text.Length - MaxChars} more characters not shown)";

    /// <summary>At most <see cref="MaxDiagnostics"/> capped messages, with a count of the rest.</summary>
    public static List<string>? Cap(List<string>? messages)
    {
        if (messages is null)
        {
            return null;
        }
        var kept = messages.Take(MaxDiagnostics).Select(m => Cap(m)!).ToList();
        if (messages.Count > MaxDiagnostics)
        {
            kept.Add($"… and {messages.Count - MaxDiagnostics} more messages");
        }
        return kept;
    }
}
