// Reads nbformat 4 notebooks in the three Polyglot metadata dialects and writes them in the VS Code
// dialect (kernelspec .net-csharp, polyglot_notebook.kernelInfo, per-cell kernelName).
// Reference: the nbformat 4.x JSON schema (nbformat.v4.schema.json); text fields are written as
// lists of lines like Jupyter and VS Code do, so diffs stay line-based.
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.Runner.Notebooks;

/// <summary>nbformat 4 JSON reading and writing.</summary>
public static class NotebookJson
{
    /// <summary>Largest cell source accepted (characters): bigger cells are data, not code.</summary>
    public const int MaxCellChars = 1_000_000;

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a notebook file; throws <see cref="NotebookFormatException"/> naming the problem.</summary>
    public static Notebook ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException(
                NotebookProblem.MalformedJson,
                $"{path}: cannot read the file: {e.Message}"
            );
        }
        try
        {
            return Parse(text);
        }
        catch (NotebookFormatException e)
        {
            throw new NotebookFormatException(e.Problem, $"{path}: {e.Message}");
        }
    }

    /// <summary>Writes a notebook atomically (temporary file, then rename), creating the folder.</summary>
    public static void WriteFile(string path, Notebook notebook)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(tmp, Write(notebook), new UTF8Encoding(false));
        File.Move(tmp, full, overwrite: true);
    }

    /// <summary>Parses notebook JSON; throws <see cref="NotebookFormatException"/> naming the problem.</summary>
    public static Notebook Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(
                json,
                documentOptions: new JsonDocumentOptions
                {
                    AllowTrailingCommas = false,
                    MaxDepth = 256,
                }
            );
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(
                NotebookProblem.MalformedJson,
                $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)} Fix the JSON (e.g. reopen and save the notebook in VS Code)."
            );
        }
        if (root is not JsonObject obj)
            throw new NotebookFormatException(
                NotebookProblem.MalformedJson,
                "not a notebook: the JSON root must be an object with \"cells\", \"metadata\" and \"nbformat\"."
            );
        var major =
            obj["nbformat"] is JsonValue v && v.TryGetValue<int>(out var m) ? m : (int?)null;
        if (major is null)
            throw new NotebookFormatException(
                NotebookProblem.UnsupportedFormat,
                "not a notebook: no \"nbformat\" version number. Only nbformat 4 notebooks (.ipynb from VS Code or Jupyter) can be run."
            );
        if (major != 4)
            throw new NotebookFormatException(
                NotebookProblem.UnsupportedFormat,
                $"nbformat {major} is not supported: only nbformat 4 notebooks can be run. Open the notebook in Jupyter or VS Code and save it to convert it to nbformat 4."
            );
        if (obj["cells"] is not JsonArray cells)
            throw new NotebookFormatException(
                NotebookProblem.UnsupportedFormat,
                obj.ContainsKey("worksheets")
                    ? "the notebook has \"worksheets\" instead of \"cells\" (an nbformat 3 layout): save it again in Jupyter or VS Code to convert it to nbformat 4."
                    : "the notebook has no \"cells\" array: it is not an nbformat 4 notebook."
            );
        if (cells.Count == 0)
            throw new NotebookFormatException(
                NotebookProblem.Empty,
                "the notebook is empty (no cells): add at least one C# code cell."
            );

        var nb = new Notebook
        {
            Metadata = obj["metadata"] as JsonObject is { } md
                ? (JsonObject)md.DeepClone()
                : new JsonObject(),
            FormatMinor =
                obj["nbformat_minor"] is JsonValue mv && mv.TryGetValue<int>(out var minor)
                    ? minor
                    : 4,
        };
        foreach (var (key, value) in obj)
            if (key is not ("cells" or "metadata" or "nbformat" or "nbformat_minor"))
                nb.ExtraProperties[key] = value?.DeepClone();

        DetectDialect(nb, cells);
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject c)
                throw new NotebookFormatException(
                    NotebookProblem.UnsupportedFormat,
                    $"cell {i + 1} is not a JSON object."
                );
            nb.Cells.Add(ReadCell(nb, c, i));
        }
        if (!nb.Cells.Any(c => c.Kind == CellKind.Code && c.IsCSharp) && !IsCSharpNotebook(nb))
        {
            var kernel = nb.Metadata["kernelspec"]?["name"]?.ToString() ?? nb.DefaultKernel;
            throw new NotebookFormatException(
                NotebookProblem.NotCSharp,
                $"not a C# notebook (kernel \"{kernel}\"): skipped. Only Polyglot C# notebooks can be run."
            );
        }
        return nb;
    }

    private static bool IsCSharpNotebook(Notebook nb) =>
        nb.Cells.All(c => c.Kind != CellKind.Code) && KernelNames.IsCSharp(nb.DefaultKernel);

    private static void DetectDialect(Notebook nb, JsonArray cells)
    {
        var kernelspec = nb.Metadata["kernelspec"]?["name"]?.ToString();
        var kernelInfo = nb.Metadata["polyglot_notebook"]?["kernelInfo"] as JsonObject;
        var cellMeta = cells
            .OfType<JsonObject>()
            .Select(c => c["metadata"] as JsonObject)
            .Where(m => m is not null)
            .ToList();
        if (kernelInfo is not null)
        {
            nb.Dialect = NotebookDialect.VsCode;
            nb.DefaultKernel = kernelInfo["defaultKernelName"]?.ToString() ?? "csharp";
        }
        else if (
            cellMeta.Any(m => m!["polyglot_notebook"] is JsonObject)
            || nb.Metadata["polyglot_notebook"] is JsonObject
        )
        {
            nb.Dialect = NotebookDialect.Documents;
            nb.DefaultKernel = "csharp";
        }
        else if (cellMeta.Any(m => m!["dotnet_interactive"] is JsonObject))
        {
            nb.Dialect = NotebookDialect.Legacy;
            nb.DefaultKernel = "csharp";
        }
        else
        {
            nb.Dialect = NotebookDialect.Plain;
            var language =
                nb.Metadata["kernelspec"]?["language"]?.ToString()
                ?? nb.Metadata["language_info"]?["name"]?.ToString();
            nb.DefaultKernel =
                kernelspec is null && language is null ? "csharp"
                : kernelspec is not null
                && kernelspec.StartsWith(".net-", StringComparison.OrdinalIgnoreCase)
                    ? KernelNames.Normalize(kernelspec)
                : KernelNames.Normalize(language ?? kernelspec!);
        }
        nb.DefaultKernel = KernelNames.Normalize(nb.DefaultKernel);
    }

    private static NotebookCell ReadCell(Notebook nb, JsonObject c, int index)
    {
        var type = c["cell_type"]?.ToString();
        var kind = type switch
        {
            "code" => CellKind.Code,
            "markdown" => CellKind.Markdown,
            "raw" => CellKind.Raw,
            _ => throw new NotebookFormatException(
                NotebookProblem.UnsupportedFormat,
                $"cell {index + 1} has cell_type \"{type}\"; expected code, markdown or raw."
            ),
        };
        var source = ReadText(c["source"]);
        if (source.Length > MaxCellChars)
            throw new NotebookFormatException(
                NotebookProblem.TooLarge,
                $"cell {index + 1} has {source.Length:N0} characters; the limit is {MaxCellChars:N0}. Move the data to a file and load it from the cell."
            );
        var metadata = c["metadata"] as JsonObject is { } md
            ? (JsonObject)md.DeepClone()
            : new JsonObject();
        var cell = new NotebookCell
        {
            Kind = kind,
            Id = c["id"]?.ToString(),
            Source = source,
            Metadata = metadata,
            ExecutionCount =
                c["execution_count"] is JsonValue ev && ev.TryGetValue<int>(out var n) ? n : null,
            Attachments = c["attachments"] as JsonObject is { } att
                ? (JsonObject)att.DeepClone()
                : null,
        };
        foreach (var (key, value) in c)
            if (
                key
                is not (
                    "cell_type"
                    or "id"
                    or "source"
                    or "metadata"
                    or "execution_count"
                    or "outputs"
                    or "attachments"
                )
            )
                cell.ExtraProperties[key] = value?.DeepClone();
        var kernel =
            metadata["polyglot_notebook"]?["kernelName"]?.ToString()
            ?? metadata["dotnet_interactive"]?["language"]?.ToString()
            ?? (kind == CellKind.Markdown ? "markdown" : nb.DefaultKernel);
        cell.Kernel = KernelNames.Normalize(kernel);
        if (c["outputs"] is JsonArray outputs)
            foreach (var o in outputs.OfType<JsonObject>())
                cell.Outputs.Add(ReadOutput(o));
        return cell;
    }

    /// <summary>Reads one nbformat output object.</summary>
    public static CellOutput ReadOutput(JsonObject o)
    {
        var type = o["output_type"]?.ToString();
        var metadata = o["metadata"] as JsonObject is { } md
            ? (JsonObject)md.DeepClone()
            : new JsonObject();
        switch (type)
        {
            case "stream":
                return new CellOutput
                {
                    Kind = OutputKind.Stream,
                    StreamName = o["name"]?.ToString() ?? "stdout",
                    Text = ReadText(o["text"]),
                };
            case "error":
                return new CellOutput
                {
                    Kind = OutputKind.Error,
                    ErrorName = o["ename"]?.ToString() ?? "Error",
                    ErrorValue = o["evalue"]?.ToString() ?? "",
                    Traceback = o["traceback"] is JsonArray tb
                        ? tb.Select(t => t?.ToString() ?? "").ToList()
                        : [],
                };
            default:
                var data = new OrderedDictionary<string, string>(StringComparer.Ordinal);
                if (o["data"] is JsonObject d)
                    foreach (var (mime, value) in d)
                        data[mime] = CellOutput.IsJsonMime(mime)
                            ? (value?.ToJsonString() ?? "null")
                            : ReadText(value);
                return new CellOutput
                {
                    Kind =
                        type == "execute_result"
                            ? OutputKind.ExecuteResult
                            : OutputKind.DisplayData,
                    Data = data,
                    Metadata = metadata,
                    ExecutionCount =
                        o["execution_count"] is JsonValue ev && ev.TryGetValue<int>(out var n)
                            ? n
                            : null,
                };
        }
    }

    /// <summary>Serialises a notebook as nbformat 4 JSON in the VS Code Polyglot dialect.</summary>
    public static string Write(Notebook nb)
    {
        var minor = nb.FormatMinor;
        if (minor < 5 && nb.Cells.Any(c => c.Id is not null))
            minor = 5; // ids exist only from 4.5 on: upgrade rather than drop them
        var root = new JsonObject { ["cells"] = new JsonArray() };
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var cells = (JsonArray)root["cells"]!;
        for (var i = 0; i < nb.Cells.Count; i++)
            cells.Add(WriteCell(nb.Cells[i], i, minor >= 5, usedIds));
        root["metadata"] = WriteMetadata(nb);
        root["nbformat"] = 4;
        root["nbformat_minor"] = minor;
        foreach (var (key, value) in nb.ExtraProperties)
            root[key] = value?.DeepClone();
        // Keys sorted at every level, as Jupyter (sort_keys) and VS Code write them: a notebook
        // saved by the runner and then by VS Code differs only in what really changed.
        return SortKeys(root)!.ToJsonString(WriteOptions) + "\n";
    }

    private static JsonNode? SortKeys(JsonNode? node) =>
        node switch
        {
            JsonObject o => new JsonObject(
                o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => KeyValuePair.Create(kv.Key, SortKeys(kv.Value)))
            ),
            JsonArray a => new JsonArray(a.Select(SortKeys).ToArray()),
            _ => node?.DeepClone(),
        };

    private static JsonObject WriteMetadata(Notebook nb)
    {
        var md = (JsonObject)nb.Metadata.DeepClone();
        md["kernelspec"] = new JsonObject
        {
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["name"] = ".net-csharp",
        };
        md["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" };
        var polyglot = md["polyglot_notebook"] as JsonObject ?? new JsonObject();
        md["polyglot_notebook"] = polyglot;
        if (polyglot["kernelInfo"] is not JsonObject)
        {
            var kernels = nb
                .Cells.Where(c => c.Kind == CellKind.Code)
                .Select(c => c.Kernel)
                .Prepend("csharp")
                .Distinct()
                .ToList();
            polyglot["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(
                    kernels
                        .Select(k =>
                            (JsonNode)new JsonObject { ["aliases"] = new JsonArray(), ["name"] = k }
                        )
                        .ToArray()
                ),
            };
        }
        return md;
    }

    private static JsonObject WriteCell(
        NotebookCell cell,
        int index,
        bool withId,
        HashSet<string> usedIds
    )
    {
        var o = new JsonObject
        {
            ["cell_type"] = cell.Kind switch
            {
                CellKind.Code => "code",
                CellKind.Markdown => "markdown",
                _ => "raw",
            },
        };
        if (withId)
        {
            var id =
                cell.Id is { Length: > 0 and <= 64 } s
                && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')
                && !usedIds.Contains(s)
                    ? s
                    : NewId(index, usedIds);
            usedIds.Add(id);
            cell.Id = id;
            o["id"] = id;
        }
        var md = (JsonObject)cell.Metadata.DeepClone();
        if (cell.Kind == CellKind.Code)
        {
            md.Remove("dotnet_interactive"); // legacy dialect → VS Code dialect
            var polyglot = md["polyglot_notebook"] as JsonObject ?? new JsonObject();
            polyglot["kernelName"] = cell.Kernel;
            md["polyglot_notebook"] = polyglot;
        }
        o["metadata"] = md;
        if (cell.Attachments is not null && cell.Kind != CellKind.Code)
            o["attachments"] = cell.Attachments.DeepClone();
        o["source"] = Lines(cell.Source);
        if (cell.Kind == CellKind.Code)
        {
            o["execution_count"] = cell.ExecutionCount;
            o["outputs"] = new JsonArray(cell.Outputs.Select(WriteOutput).ToArray<JsonNode?>());
        }
        foreach (var (key, value) in cell.ExtraProperties)
            o[key] = value?.DeepClone();
        return o;
    }

    private static string NewId(int index, HashSet<string> used)
    {
        var id = $"cell-{index + 1}";
        for (var k = 2; used.Contains(id); k++)
            id = $"cell-{index + 1}-{k}";
        return id;
    }

    /// <summary>Serialises one output as an nbformat output object.</summary>
    public static JsonObject WriteOutput(CellOutput output)
    {
        switch (output.Kind)
        {
            case OutputKind.Stream:
                return new JsonObject
                {
                    ["name"] = output.StreamName ?? "stdout",
                    ["output_type"] = "stream",
                    ["text"] = Lines(output.Text),
                };
            case OutputKind.Error:
                return new JsonObject
                {
                    ["ename"] = output.ErrorName ?? "Error",
                    ["evalue"] = output.ErrorValue ?? "",
                    ["output_type"] = "error",
                    ["traceback"] = new JsonArray(
                        output.Traceback.Select(t => (JsonNode?)t).ToArray()
                    ),
                };
            default:
                var data = new JsonObject();
                foreach (var (mime, value) in output.Data)
                    data[mime] = CellOutput.IsJsonMime(mime)
                        ? ParseJsonOrString(value)
                        : Lines(value);
                var o = new JsonObject { ["data"] = data };
                if (output.Kind == OutputKind.ExecuteResult)
                    o["execution_count"] = output.ExecutionCount;
                o["metadata"] = output.Metadata.DeepClone();
                o["output_type"] =
                    output.Kind == OutputKind.ExecuteResult ? "execute_result" : "display_data";
                return o;
        }
    }

    private static JsonNode? ParseJsonOrString(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return value;
        }
    }

    /// <summary>Jupyter's multiline string: a list of lines, each keeping its trailing newline.</summary>
    public static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                array.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        if (start < text.Length)
            array.Add(text[start..]);
        return array;
    }

    /// <summary>Reads a multiline string (a string or a list of strings).</summary>
    public static string ReadText(JsonNode? node) =>
        node switch
        {
            null => "",
            JsonArray a => string.Concat(a.Select(x => x?.ToString() ?? "")),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).Trim();
    }
}
