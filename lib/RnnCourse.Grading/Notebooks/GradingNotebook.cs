// The grader's view of an .ipynb file: a JSON tree kept whole (unknown metadata, outputs and
// ids survive a round trip) with typed access to what grading needs: cell kind, source text and
// the "rnncourse" metadata that marks exercises, public tests and feedback cells.
// nbformat 4: https://nbformat.readthedocs.io/en/latest/format_description.html
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.Grading.Notebooks;

/// <summary>A notebook read for grading; edits change the underlying JSON.</summary>
public sealed class GradingNotebook
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private GradingNotebook(JsonObject root, List<NotebookCell> cells)
    {
        Root = root;
        Cells = cells;
    }

    /// <summary>The whole notebook JSON.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells in order (edit through <see cref="InsertCell"/> / <see cref="RemoveCell"/>).</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>The notebook-level "rnncourse" metadata, created on demand.</summary>
    public JsonObject CourseMetadata
    {
        get
        {
            var meta = Root["metadata"] as JsonObject ?? new JsonObject();
            Root["metadata"] = meta;
            if (meta["rnncourse"] is not JsonObject course)
            {
                course = new JsonObject();
                meta["rnncourse"] = course;
            }
            return course;
        }
    }

    /// <summary>Reads a notebook file; a clear <see cref="NotebookFormatException"/> when it is not one.</summary>
    public static GradingNotebook Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException($"Cannot read '{path}': {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Parses notebook JSON; <paramref name="name"/> is used in error messages.</summary>
    public static GradingNotebook Parse(string json, string name)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(
                json,
                documentOptions: new JsonDocumentOptions { MaxDepth = 256 }
            );
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(
                $"'{name}' is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): "
                    + "the file is damaged; download the notebook again or restore it from a backup."
            );
        }
        if (node is not JsonObject root)
        {
            throw new NotebookFormatException(
                $"'{name}' is JSON but not a notebook (expected an object with \"cells\")."
            );
        }
        if (root["nbformat"] is JsonValue v && v.TryGetValue(out int major) && major < 4)
        {
            throw new NotebookFormatException(
                $"'{name}' is nbformat {major}; save it as nbformat 4 (any current Jupyter or VS Code does)."
            );
        }
        if (root["cells"] is not JsonArray array)
        {
            throw new NotebookFormatException(
                $"'{name}' has no \"cells\" array; it is not an nbformat 4 notebook."
            );
        }
        var cells = new List<NotebookCell>();
        foreach (var c in array)
        {
            if (c is not JsonObject cell)
            {
                throw new NotebookFormatException(
                    $"'{name}' has a cell that is not a JSON object."
                );
            }
            cells.Add(new NotebookCell(cell));
        }
        return new GradingNotebook(root, cells);
    }

    /// <summary>A deep copy.</summary>
    public GradingNotebook Clone() => Parse(ToJson(), "copy");

    /// <summary>Inserts <paramref name="cell"/> at <paramref name="index"/>.</summary>
    public void InsertCell(int index, NotebookCell cell)
    {
        Cells.Insert(index, cell);
        Sync();
    }

    /// <summary>Removes the cell at <paramref name="index"/>.</summary>
    public void RemoveCell(int index)
    {
        Cells.RemoveAt(index);
        Sync();
    }

    /// <summary>The notebook as nbformat JSON (one-space indent, like Jupyter).</summary>
    public string ToJson()
    {
        Sync();
        return Root.ToJsonString(WriteOptions) + "\n";
    }

    /// <summary>Writes the notebook to <paramref name="path"/> (via a temporary file, so a crash never leaves half a file).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, ToJson());
        File.Move(tmp, full, overwrite: true);
    }

    private void Sync()
    {
        var array = new JsonArray();
        foreach (var c in Cells)
        {
            c.Json.Parent?.AsArray().Remove(c.Json);
            array.Add(c.Json);
        }
        Root["cells"] = array;
        // Cell ids exist from nbformat 4.5 on: a 4.4 notebook that gained ids must say 4.5.
        if (
            Cells.Any(c => c.Id is not null)
            && Root["nbformat_minor"] is JsonValue minor
            && minor.TryGetValue(out int m)
            && m < 5
        )
        {
            Root["nbformat_minor"] = 5;
        }
    }
}

/// <summary>A notebook is unreadable or not nbformat 4; the message names the problem and the fix.</summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the error.</summary>
    public NotebookFormatException(string message)
        : base(message) { }
}
