// Reads the outputs `rnncourse run` wrote into an executed notebook, and compares them cell by cell
// with the published kernel's VS Code view.
using System.Text.Json.Nodes;

namespace RnnCourse.Course.Tests.PublishedKernel;

/// <summary>The runner's outputs and their comparison with the kernel's view.</summary>
public static class ViewDiff
{
    /// <summary>
    /// Per code cell of an executed notebook, its outputs (display_data, execute_result, stream,
    /// error) with their MIME bundles; an error's text is its first traceback line, else
    /// <c>ename: evalue</c>.
    /// </summary>
    public static List<List<ViewOutput>> RunnerCells(JsonObject notebook) =>
        notebook["cells"]!
            .AsArray()
            .Where(c => (string?)c!["cell_type"] == "code")
            .Select(c => (c!["outputs"]?.AsArray() ?? []).Select(o => Read(o!.AsObject())).ToList())
            .ToList();

    /// <summary>
    /// One entry per cell whose outputs differ (compared by <see cref="ViewOutput.Key"/>), naming
    /// the cell and showing its first differing output of each side around the first differing
    /// character. Empty when the two views are equal.
    /// </summary>
    public static List<string> Differences(
        IReadOnlyList<IReadOnlyList<ViewOutput>> kernel,
        IReadOnlyList<IReadOnlyList<ViewOutput>> runner
    )
    {
        var diffs = new List<string>();
        for (int cell = 0; cell < Math.Max(kernel.Count, runner.Count); cell++)
        {
            var k = cell < kernel.Count ? kernel[cell].Select(o => o.Key()).ToList() : [];
            var r = cell < runner.Count ? runner[cell].Select(o => o.Key()).ToList() : [];
            int i = 0;
            while (i < k.Count && i < r.Count && k[i] == r[i])
            {
                i++;
            }
            if (i == k.Count && i == r.Count)
            {
                continue;
            }
            var ki = i < k.Count ? k[i] : null;
            var ri = i < r.Count ? r[i] : null;
            int at = ki is null || ri is null ? 0 : CommonPrefix(ki, ri);
            diffs.Add(
                $"cell {cell}: kernel {k.Count} output(s), rnncourse run {r.Count}; output {i} differs"
                    + $"\n    kernel: {Excerpt(ki, at)}\n    run:    {Excerpt(ri, at)}"
            );
        }
        return diffs;
    }

    private static ViewOutput Read(JsonObject o)
    {
        var kind = (string?)o["output_type"] ?? "";
        switch (kind)
        {
            case "stream":
                return ViewOutput.Text("stream", Text(o["text"]), (string?)o["name"] ?? "stdout");
            case "error":
                var traceback = o["traceback"]?.AsArray();
                var first = traceback is { Count: > 0 }
                    ? Text(traceback[0])
                    : $"{o["ename"]}: {o["evalue"]}";
                return ViewOutput.Text("error", first);
            default:
                var data = new OrderedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (mime, value) in o["data"]?.AsObject() ?? [])
                {
                    data[mime] = Text(value);
                }
                return new ViewOutput(kind, data);
        }
    }

    /// <summary>nbformat text: a string, a list of lines, or (for JSON MIME types) a JSON value.</summary>
    private static string Text(JsonNode? node) =>
        node switch
        {
            null => "",
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue v when v.TryGetValue(out string? s) => s,
            _ => node.ToJsonString(),
        };

    private static int CommonPrefix(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }
        return n;
    }

    /// <summary>The output's kind line and up to 100 characters of its text around <paramref name="at"/>, on one line.</summary>
    private static string Excerpt(string? key, int at)
    {
        if (key is null)
        {
            return "(none)";
        }
        int nl = key.IndexOf('\n');
        string head = key[..nl],
            body = key[(nl + 1)..];
        int from = Math.Clamp(at - nl - 1 - 40, 0, body.Length);
        int length = Math.Min(100, body.Length - from);
        var text = body.Substring(from, length).Replace("\n", "\\n");
        return $"[{head}] {(from > 0 ? "…" : "")}{text}{(from + length < body.Length ? "…" : "")}";
    }
}
