// One line of the published kernel's stdio protocol (`dotnet-interactive stdio`): an event such as
// DisplayedValueProduced or CommandSucceeded, with the token of the command it belongs to.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.Course.Tests.PublishedKernel;

/// <summary>An event the kernel wrote on stdout, as VS Code's extension receives it.</summary>
/// <param name="Type">The <c>eventType</c>, e.g. <c>DisplayedValueProduced</c>.</param>
/// <param name="Token">The token of the command the event belongs to (sub-commands add <c>.N</c>).</param>
/// <param name="Body">The <c>event</c> object.</param>
public sealed record KernelEvent(string Type, string? Token, JsonObject Body)
{
    /// <summary>Parses one stdout line; null for a line that is not a JSON event (logging, banners).</summary>
    public static KernelEvent? Parse(string line)
    {
        if (!line.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            var root = JsonNode.Parse(line)?.AsObject();
            var type = (string?)root?["eventType"];
            if (root is null || type is null)
            {
                return null;
            }
            var token = (string?)root["command"]?["token"];
            return new KernelEvent(type, token, root["event"]?.AsObject() ?? []);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>valueId</c> of a displayed or updated value (null when absent).</summary>
    public string? ValueId => (string?)Body["valueId"];

    /// <summary>
    /// The formatted values (MIME type → text) in the kernel's order, leaving out those marked
    /// <c>suppressDisplay</c>, which VS Code does not show.
    /// </summary>
    public OrderedDictionary<string, string> FormattedValues()
    {
        var data = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in Body["formattedValues"]?.AsArray() ?? [])
        {
            if (v is null || (bool?)v["suppressDisplay"] == true)
            {
                continue;
            }
            data[(string?)v["mimeType"] ?? "text/plain"] = (string?)v["value"] ?? "";
        }
        return data;
    }

    /// <summary>The compiler warnings of a DiagnosticsProduced event, as the kernel formats them.</summary>
    public IEnumerable<string> Warnings()
    {
        var diagnostics = Body["diagnostics"]?.AsArray() ?? [];
        var formatted = Body["formattedDiagnostics"]?.AsArray() ?? [];
        for (int i = 0; i < diagnostics.Count; i++)
        {
            if ((string?)diagnostics[i]?["severity"] != "warning")
            {
                continue;
            }
            yield return i < formatted.Count && (string?)formatted[i]?["value"] is { } text
                ? text
                : $"warning {diagnostics[i]?["code"]}: {diagnostics[i]?["message"]}";
        }
    }
}
