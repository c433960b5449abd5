// The in-memory notebook: cells plus the notebook-level metadata, read from any of the three
// Polyglot metadata dialects and written back in the VS Code dialect (see NotebookJson).
using System.Text.Json.Nodes;

namespace RnnCourse.Runner.Notebooks;

/// <summary>Which metadata convention a notebook file used when it was read.</summary>
public enum NotebookDialect
{
    /// <summary>VS Code Polyglot Notebooks: <c>metadata.polyglot_notebook.kernelInfo</c> plus
    /// <c>cell.metadata.polyglot_notebook.kernelName</c>.</summary>
    VsCode,

    /// <summary>The Polyglot Documents library: <c>polyglot_notebook</c> cell metadata without a
    /// notebook-level <c>kernelInfo</c>.</summary>
    Documents,

    /// <summary>Legacy .NET Interactive: <c>cell.metadata.dotnet_interactive.language</c>.</summary>
    Legacy,

    /// <summary>No Polyglot metadata; a .NET C# kernelspec (or nothing) makes every code cell C#.</summary>
    Plain,
}

/// <summary>The type of a cell.</summary>
public enum CellKind
{
    /// <summary>A code cell.</summary>
    Code,

    /// <summary>A markdown cell.</summary>
    Markdown,

    /// <summary>A raw cell.</summary>
    Raw,
}

/// <summary>A notebook. Unknown notebook-level metadata and top-level properties are kept.</summary>
public sealed class Notebook
{
    /// <summary>Notebook-level metadata (kernelspec, polyglot_notebook, anything else).</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>The nbformat minor version (4.x); ids are written from 4.5 on.</summary>
    public int FormatMinor { get; set; } = 5;

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; } = [];

    /// <summary>The dialect the file was read in.</summary>
    public NotebookDialect Dialect { get; set; } = NotebookDialect.VsCode;

    /// <summary>The kernel of code cells that do not name one (<c>csharp</c> normally).</summary>
    public string DefaultKernel { get; set; } = "csharp";

    /// <summary>Top-level properties other than cells/metadata/nbformat (kept for round trips).</summary>
    public JsonObject ExtraProperties { get; } = new();

    /// <summary>Code cells whose kernel is C#.</summary>
    public IEnumerable<NotebookCell> CSharpCells =>
        Cells.Where(c => c.Kind == CellKind.Code && c.IsCSharp);

    /// <summary>A deep copy.</summary>
    public Notebook Clone() => NotebookJson.Parse(NotebookJson.Write(this));
}

/// <summary>One cell. <see cref="Metadata"/> keeps everything the file had (tags, ids of other tools...).</summary>
public sealed class NotebookCell
{
    /// <summary>Code, markdown or raw.</summary>
    public required CellKind Kind { get; set; }

    /// <summary>The nbformat 4.5 cell id, or null (generated on write when the format needs one).</summary>
    public string? Id { get; set; }

    /// <summary>The cell's source text (lines joined).</summary>
    public string Source { get; set; } = "";

    /// <summary>The cell's metadata, as read.</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>The Polyglot kernel name (<c>csharp</c>, <c>fsharp</c>, <c>markdown</c>...), for code cells.</summary>
    public string Kernel { get; set; } = "csharp";

    /// <summary>The execution count (code cells), null when not run.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>The outputs (code cells).</summary>
    public List<CellOutput> Outputs { get; set; } = [];

    /// <summary>Markdown/raw cell attachments, kept as read.</summary>
    public JsonObject? Attachments { get; set; }

    /// <summary>Properties of the cell object the runner does not know, kept as read.</summary>
    public JsonObject ExtraProperties { get; } = new();

    /// <summary>Whether the cell's kernel is C#.</summary>
    public bool IsCSharp => Kind == CellKind.Code && KernelNames.IsCSharp(Kernel);

    /// <summary>The cell's tags (<c>metadata.tags</c>).</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray a ? a.Select(t => t?.GetValue<string>() ?? "").ToList() : [];
}

/// <summary>Kernel-name normalisation shared by the reader, the session and the exporter.</summary>
public static class KernelNames
{
    /// <summary>Whether a Polyglot kernel or language name means C#.</summary>
    public static bool IsCSharp(string? name) =>
        name is not null
        && (
            name.Equals("csharp", StringComparison.OrdinalIgnoreCase)
            || name.Equals("c#", StringComparison.OrdinalIgnoreCase)
            || name.Equals(".net-csharp", StringComparison.OrdinalIgnoreCase)
            || name.Equals("cs", StringComparison.OrdinalIgnoreCase)
        );

    /// <summary>Maps language names of the legacy dialect and kernelspecs to Polyglot kernel names.</summary>
    public static string Normalize(string name) =>
        IsCSharp(name) ? "csharp"
        : name.Equals("f#", StringComparison.OrdinalIgnoreCase)
        || name.Equals(".net-fsharp", StringComparison.OrdinalIgnoreCase)
            ? "fsharp"
        : name.Equals(".net-pwsh", StringComparison.OrdinalIgnoreCase)
        || name.Equals("powershell", StringComparison.OrdinalIgnoreCase)
            ? "pwsh"
        : name.ToLowerInvariant();
}
