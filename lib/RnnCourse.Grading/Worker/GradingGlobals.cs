// The globals object of graded scripts: makes `display(x)` and `HTML(s)` callable unqualified, as
// in the notebook kernel, so that cells which display values (or update a live display) also run
// under the grader. Their output is plain text, captured and capped like Console output.
namespace RnnCourse.Grading;

/// <summary>Globals visible to every graded cell.</summary>
public class GradingGlobals
{
#pragma warning disable IDE1006 // lower-case name matches the notebook kernel's display()
    /// <summary>Writes the value's text to the captured output; the handle's Update writes again.</summary>
    public GradedDisplay display(object? value, params string[] mimeTypes)
    {
        Console.Out.WriteLine(value?.ToString() ?? "null");
        return new GradedDisplay();
    }
#pragma warning restore IDE1006

    /// <summary>The HTML text itself (rendering is irrelevant when grading).</summary>
    public string HTML(string html) => html;
}

/// <summary>What <c>display</c> returns under the grader.</summary>
public sealed class GradedDisplay
{
    /// <summary>Writes the new value's text to the captured output.</summary>
    public void Update(object? value) => Console.Out.WriteLine(value?.ToString() ?? "null");
}
