// The globals object of every script submission: its public members are callable unqualified
// from notebook cells, like the real kernel's display(...) and HTML(...).
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Execution;

/// <summary>Members available unqualified in every cell.</summary>
public class ScriptGlobals
{
    private readonly NotebookSession _session;

    internal ScriptGlobals(NotebookSession session) => _session = session;

    /// <summary>
    /// Displays a value as a new output of the running cell. Without MIME types a string gives
    /// <c>text/plain</c> and anything else <c>text/html</c> (or the type's own formatters);
    /// with MIME types the output has exactly those.
    /// </summary>
    /// <returns>A handle whose <see cref="DisplayHandle.Update"/> replaces this output.</returns>
#pragma warning disable IDE1006 // lower-case names match the real kernel's API
    public DisplayHandle display(object? value, params string[] mimeTypes)
    {
        var collector =
            _session.CurrentCollector
            ?? throw new InvalidOperationException(
                "display(...) can only be called while a cell is running."
            );
        var index = collector.Add(CellOutput.Display(MimeFormatter.Format(value, mimeTypes)));
        return new DisplayHandle(collector, index, mimeTypes);
    }

    /// <summary>Wraps markup so that it displays as HTML.</summary>
    public HtmlString HTML(string html) => new(html);
#pragma warning restore IDE1006
}
