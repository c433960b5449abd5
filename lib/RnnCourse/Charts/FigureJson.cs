// A chart given as plotly.js figure JSON made elsewhere (an XPlot.Plotly or Plotly.NET chart, a
// figure saved earlier). It displays exactly like a Figure: the same HTML fragment, formatters
// and static image, so every chart in a notebook draws, fails offline and is tested the same way.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnCourse.Charts;

/// <summary>A plotly.js figure as JSON (<c>{"data":[…],"layout":{…}}</c>), displayed like a <see cref="Figure"/>.</summary>
[TypeFormatterSource(typeof(ChartFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
public sealed record FigureJson
{
    /// <summary>Checks and normalises <paramref name="json"/> (compact, every <c>&lt;</c> escaped so it is safe inside a script).</summary>
    /// <param name="json">A JSON object with a <c>data</c> array (and optionally <c>layout</c>, <c>frames</c>, <c>config</c>).</param>
    /// <exception cref="ArgumentException">Not JSON, or no <c>data</c> array.</exception>
    public FigureJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException(
                $"The figure is not valid JSON: {e.Message}",
                nameof(json),
                e
            );
        }
        if (node is not JsonObject figure || figure["data"] is not JsonArray)
            throw new ArgumentException(
                "A plotly figure is a JSON object with a \"data\" array of traces, e.g. {\"data\":[{\"type\":\"scatter\",\"y\":[1,2]}]}.",
                nameof(json)
            );
        Json = figure.ToJsonString(PlotlyJson.Options);
    }

    /// <summary>The figure JSON, compact and script-safe.</summary>
    public string Json { get; }

    /// <summary>The same HTML fragment as <see cref="Figure.ToHtml"/>.</summary>
    /// <param name="plotlyJs">Where plotly.js comes from; <see cref="PlotlyJs.Cdn"/> when null.</param>
    public string ToHtml(PlotlyJs? plotlyJs = null) => Html.Fragment(Json, plotlyJs);

    /// <summary>A one-line summary: the number of traces.</summary>
    public override string ToString() =>
        $"Figure (plotly JSON): {JsonNode.Parse(Json)!["data"]!.AsArray().Count} trace(s)";
}
