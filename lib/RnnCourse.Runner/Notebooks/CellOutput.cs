// One output of a code cell, in the nbformat 4 vocabulary (execute_result, display_data, stream,
// error). The execution core produces these; NotebookJson reads and writes them.
namespace RnnCourse.Runner.Notebooks;

/// <summary>The nbformat <c>output_type</c> of a <see cref="CellOutput"/>.</summary>
public enum OutputKind
{
    /// <summary>The value of a cell's last expression (<c>execute_result</c>).</summary>
    ExecuteResult,

    /// <summary>A <c>display(...)</c> call or rendered markdown (<c>display_data</c>).</summary>
    DisplayData,

    /// <summary>Text written to Console.Out (<c>stdout</c>) or Console.Error (<c>stderr</c>).</summary>
    Stream,

    /// <summary>An exception, a compile error or a runner error (<c>error</c>).</summary>
    Error,
}

/// <summary>
/// One cell output. <see cref="Data"/> is a MIME bundle in insertion order (the order the kernel
/// chose); JSON MIME types (<c>application/json</c>, <c>*+json</c>) hold JSON text, every other
/// type holds the text itself (base64 for images).
/// </summary>
public sealed class CellOutput
{
    /// <summary>The output type.</summary>
    public required OutputKind Kind { get; init; }

    /// <summary>MIME type → content, for execute_result and display_data.</summary>
    public OrderedDictionary<string, string> Data { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Output metadata (kept as read; empty for outputs the runner creates).</summary>
    public System.Text.Json.Nodes.JsonObject Metadata { get; init; } = new();

    /// <summary>The execution count, for execute_result.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary><c>stdout</c> or <c>stderr</c>, for stream outputs.</summary>
    public string? StreamName { get; init; }

    /// <summary>The text of a stream output (appended to while the cell runs).</summary>
    public string Text { get; set; } = "";

    /// <summary>The exception type or error name, for error outputs.</summary>
    public string? ErrorName { get; init; }

    /// <summary>The error message, for error outputs.</summary>
    public string? ErrorValue { get; init; }

    /// <summary>The traceback lines (first line: <c>Type: message</c>), for error outputs.</summary>
    public List<string> Traceback { get; init; } = [];

    /// <summary>Creates a stream output.</summary>
    public static CellOutput Stream(string name, string text) =>
        new()
        {
            Kind = OutputKind.Stream,
            StreamName = name,
            Text = text,
        };

    /// <summary>Creates an error output; the traceback defaults to <c>name: value</c>.</summary>
    public static CellOutput Error(
        string name,
        string value,
        IEnumerable<string>? traceback = null
    ) =>
        new()
        {
            Kind = OutputKind.Error,
            ErrorName = name,
            ErrorValue = value,
            Traceback = traceback?.ToList() ?? [$"{name}: {value}"],
        };

    /// <summary>Creates a display_data output from a MIME bundle.</summary>
    public static CellOutput Display(OrderedDictionary<string, string> data) =>
        new() { Kind = OutputKind.DisplayData, Data = data };

    /// <summary>Total characters held by this output (used by the output size limit).</summary>
    public long Size =>
        Text.Length
        + Data.Sum(kv => (long)kv.Value.Length)
        + (ErrorValue?.Length ?? 0)
        + Traceback.Sum(t => (long)t.Length);

    /// <summary>A deep copy (outputs handed across threads or processes stay independent).</summary>
    public CellOutput Clone() =>
        new()
        {
            Kind = Kind,
            Data = new OrderedDictionary<string, string>(Data, StringComparer.Ordinal),
            Metadata = (System.Text.Json.Nodes.JsonObject)Metadata.DeepClone(),
            ExecutionCount = ExecutionCount,
            StreamName = StreamName,
            Text = Text,
            ErrorName = ErrorName,
            ErrorValue = ErrorValue,
            Traceback = [.. Traceback],
        };

    /// <summary>Whether a MIME type's content is JSON (stored as JSON, not as a string).</summary>
    public static bool IsJsonMime(string mime) =>
        mime == "application/json"
        || (
            mime.StartsWith("application/", StringComparison.Ordinal)
            && mime.EndsWith("+json", StringComparison.Ordinal)
        );
}
