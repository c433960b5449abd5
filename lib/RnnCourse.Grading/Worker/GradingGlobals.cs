// The globals object of graded scripts: makes `display(x)` callable unqualified, as in the
// notebook kernel, so that cells which display values also run under the grader (their output is
// captured and capped like Console output).
namespace RnnCourse.Grading;

/// <summary>Globals visible to every graded cell.</summary>
public class GradingGlobals
{
    /// <summary>Writes the value's text to the captured output and returns it.</summary>
#pragma warning disable IDE1006 // lower-case name matches the notebook kernel's display()
    public object? display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        Console.Out.WriteLine(value?.ToString() ?? "null");
        return value;
    }
}
