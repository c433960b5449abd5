// One output of a cell as a notebook shows it, whichever side produced it: the published kernel's
// events (VsCodeView) or the executed notebook `rnncourse run` writes (RunnerView).
using System.Text.RegularExpressions;

namespace RnnCourse.Course.Tests.PublishedKernel;

/// <summary>One cell output in nbformat's vocabulary.</summary>
/// <param name="Kind"><c>display_data</c>, <c>execute_result</c>, <c>stream</c> or <c>error</c>.</param>
/// <param name="Data">MIME type → text; a stream or error holds its text under <c>text/plain</c>.</param>
/// <param name="Name"><c>stdout</c> or <c>stderr</c> for a stream; null otherwise.</param>
/// <param name="ValueId">The kernel's value id of a displayed value (never compared).</param>
public sealed partial record ViewOutput(
    string Kind,
    OrderedDictionary<string, string> Data,
    string? Name = null,
    string? ValueId = null
)
{
    /// <summary>
    /// The MIME types in the order VS Code's notebook prefers them when an output carries several
    /// (its built-in display order); the first one present is the one rendered.
    /// </summary>
    public static readonly string[] DisplayOrder =
    [
        "application/json",
        "application/javascript",
        "text/html",
        "image/svg+xml",
        "text/latex",
        "text/markdown",
        "image/png",
        "image/jpeg",
        "text/plain",
    ];

    /// <summary>A stream or error output holding <paramref name="text"/>.</summary>
    public static ViewOutput Text(string kind, string text, string? name = null) =>
        new(kind, new(StringComparer.Ordinal) { ["text/plain"] = text }, name);

    /// <summary>The MIME type VS Code renders and its text, before normalisation.</summary>
    public (string Mime, string Text) Shown()
    {
        foreach (var mime in DisplayOrder)
        {
            if (Data.TryGetValue(mime, out var text))
            {
                return (mime, text);
            }
        }
        return Data.Count > 0
            ? Data.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, d.Value)).First()
            : ("", "");
    }

    /// <summary>
    /// What is compared between the two views: the kind (and stream name), the rendered MIME type
    /// and its <see cref="Normalise"/>d text. An error keeps only its first line (the exception
    /// type and message; stack traces differ by host).
    /// </summary>
    public string Key()
    {
        var (mime, text) = Shown();
        if (Kind == "error")
        {
            text = text.Split('\n')[0];
        }
        return $"{Kind}{(Name is null ? "" : ":" + Name)} {mime}\n{Normalise(text)}";
    }

    /// <summary>
    /// THE normalisation of output text before the kernel's and the runner's views are compared;
    /// everything it changes varies legitimately between two runs of the same notebook:
    /// <list type="bullet">
    /// <item>line endings: <c>\r\n</c> → <c>\n</c> (the kernel's HTML formatter writes CRLF);</item>
    /// <item>GUIDs (value ids, kernel ids) → <c>&lt;guid&gt;</c>;</item>
    /// <item>random element ids in HTML, a word, a dash and 8–32 hex digits (<c>plot-1b861ead5e9a</c>)
    ///   → the word, a dash and <c>&lt;id&gt;</c>;</item>
    /// <item>durations, a number and a time unit (<c>123 ms</c>, <c>1.2 s</c>, <c>4ns</c>, <c>2 min</c>)
    ///   with the spaces before them (right-aligned columns pad by the value's width)
    ///   → <c>&lt;time&gt;</c> after at most one space;</item>
    /// <item>what is measured from those durations or from the machine's load at that moment: a
    ///   ratio of two timings (<c>ratio  1.9 ×</c>) → <c>ratio &lt;ratio&gt; ×</c>, and
    ///   <c>load average 27.30</c> → <c>load average &lt;load&gt;</c>, a throughput
    ///   (<c>182,803 characters/s</c>, also tokens, steps, updates, samples) → <c>&lt;rate&gt; characters/s</c>,
    ///   and in a chart whose y axis
    ///   is a time (its title starts with a time unit: <c>"ms per step"</c>) every
    ///   <c>"y":[…]</c> array → <c>"y":[&lt;timings&gt;]</c>.</item>
    /// </list>
    /// Nothing else is touched: numbers, object rendering, style blocks and <c>&lt;null&gt;</c> must match.
    /// </summary>
    public static string Normalise(string text)
    {
        text = text.Replace("\r\n", "\n");
        text = Guid().Replace(text, "<guid>");
        text = ElementId().Replace(text, "$1-<id>");
        text = Duration().Replace(text, m => char.IsWhiteSpace(m.Value[0]) ? " <time>" : "<time>");
        text = TimingRatio().Replace(text, "ratio <ratio> ×");
        text = Rate().Replace(text, "<rate> $1/s");
        text = LoadAverage().Replace(text, "load average <load>");
        return TimeAxis().IsMatch(text) ? YValues().Replace(text, "\"y\":[<timings>]") : text;
    }

    [GeneratedRegex(
        @"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
    )]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b([A-Za-z][A-Za-z_]*)-[0-9a-f]{8,32}\b")]
    private static partial Regex ElementId();

    [GeneratedRegex(@"[ \t]*\b\d+(?:[.,]\d+)?\s?(?:ns|µs|us|ms|s|sec|min)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\bratio\s+\d+(?:[.,]\d+)?\s?×")]
    private static partial Regex TimingRatio();

    [GeneratedRegex(@"\b\d[\d,]*(?:\.\d+)?\s(characters|tokens|steps|updates|samples)/s\b")]
    private static partial Regex Rate();

    [GeneratedRegex(@"\bload average \d+(?:[.,]\d+)?")]
    private static partial Regex LoadAverage();

    [GeneratedRegex(
        """
            "yaxis":\{"title":\{"text":"(?:ns|us|µs|\\u00B5s|ms|s|sec|seconds|milliseconds)\b
            """
    )]
    private static partial Regex TimeAxis();

    [GeneratedRegex(
        """
            "y":\[[^\]]*\]
            """
    )]
    private static partial Regex YValues();
}
