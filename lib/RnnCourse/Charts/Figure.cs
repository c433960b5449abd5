// A plotly.js figure: data (traces), layout, optional animation frames and config. It renders
// itself as plotly JSON, as an HTML fragment (div + script), as a saved page, and as a
// notebook MIME bundle; the [TypeFormatterSource] attribute makes Polyglot Notebooks and our
// runner display it inline without either referencing the other (see docs/charts.md).
namespace RnnCourse.Charts;

/// <summary>
/// A chart: traces plus layout (plus optional animation frames), serialised to the plotly.js
/// schema. Returning one from a notebook cell displays it.
/// </summary>
[TypeFormatterSource(typeof(ChartFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
public sealed record Figure
{
    /// <summary>The traces, drawn in order (later on top).</summary>
    public IReadOnlyList<Trace> Data { get; init; } = [];

    /// <summary>Title, axes, legend, shapes, annotations, sliders.</summary>
    public Layout Layout { get; init; } = new();

    /// <summary>Animation frames (a slider or play button moves between them), or null.</summary>
    public IReadOnlyList<Frame>? Frames { get; init; }

    /// <summary>plotly.js config: responsive sizing, no plotly logo.</summary>
    public PlotConfig Config { get; init; } = new();

    /// <summary>Creates a figure from traces and an optional layout.</summary>
    /// <param name="layout">The layout (null: plotly defaults).</param>
    /// <param name="data">The traces.</param>
    public static Figure Of(Layout? layout, params Trace[] data) =>
        new() { Data = data, Layout = layout ?? new() };

    /// <summary>The figure as plotly.js JSON: <c>{"data":[…],"layout":{…},"frames":[…],"config":{…}}</c>.</summary>
    /// <returns>Compact JSON, byte-identical for equal figures; NaN/±Infinity as null.</returns>
    public string ToJson() => PlotlyJson.Serialize(Downsampling.Apply(this));

    /// <summary>
    /// An HTML fragment: a div and a script that draws the figure into it. plotly.js is loaded
    /// from <paramref name="plotlyJs"/> (default: the pinned CDN copy) unless the page has it already.
    /// </summary>
    /// <param name="plotlyJs">Where plotly.js comes from; <see cref="PlotlyJs.Cdn"/> when null.</param>
    /// <returns>HTML safe to embed in any page or notebook output.</returns>
    public string ToHtml(PlotlyJs? plotlyJs = null) => Html.Fragment(ToJson(), plotlyJs);

    /// <summary>Writes a standalone HTML page (UTF-8) showing the figure and returns its full path.</summary>
    /// <param name="path">The file to write; its folder is created if missing.</param>
    /// <param name="plotlyJs">Where plotly.js comes from; <see cref="PlotlyJs.Cdn"/> when null.</param>
    /// <returns>The absolute path written.</returns>
    public string SaveHtml(string path, PlotlyJs? plotlyJs = null)
    {
        var js = plotlyJs ?? PlotlyJs.Cdn;
        var title = Layout.Title?.Text ?? "Chart";
        return Html.Save(path, Html.Page(title, ToHtml(js.InPageBody) + "\n", js));
    }

    /// <summary>
    /// The Jupyter MIME bundle: <c>application/vnd.plotly.v1+json</c> (the figure as a JSON
    /// string, for front-ends with a plotly renderer), <c>text/html</c> and <c>text/plain</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToMimeBundle(PlotlyJs? plotlyJs = null) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [MimeTypes.Plotly] = ToJson(),
            [MimeTypes.Html] = ToHtml(plotlyJs),
            [MimeTypes.PlainText] = ToString(),
        };

    /// <summary>A one-line summary: title and trace kinds.</summary>
    public override string ToString() =>
        $"Figure \"{Layout.Title?.Text ?? ""}\": {Data.Count} trace(s) [{string.Join(", ", Data.Select(t => t.Type))}]"
        + (Frames is { Count: > 0 } ? $", {Frames.Count} frame(s)" : "");

    /// <summary>The div id: "plot-" and 12 hex digits of the JSON's SHA-256, so it is stable.</summary>
    internal string DivId => Html.DivId(ToJson());
}

/// <summary>plotly.js config (the third argument of <c>Plotly.newPlot</c>).</summary>
/// <param name="Responsive">Resize with the window/container.</param>
/// <param name="DisplayLogo">Show the plotly logo in the mode bar.</param>
public sealed record PlotConfig(bool Responsive = true, bool DisplayLogo = false);
