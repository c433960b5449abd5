// The traces of the figure model: one record per plotly.js trace type the course draws.
// Property names are the plotly.js attribute names (lower-cased by PlotlyJson); only the
// attributes the course uses are modelled, each checked against the plotly.js reference
// (https://plotly.com/javascript/reference/). Data arrays (x, y) are typed object so they can
// hold numbers (double[], float[], int[]) or category labels (string[]).
using System.Text.Json.Serialization;

namespace RnnCourse.Charts;

/// <summary>A plotly.js trace. <see cref="Type"/> is written first and selects the trace kind.</summary>
[JsonDerivedType(typeof(Scatter))]
[JsonDerivedType(typeof(Bar))]
[JsonDerivedType(typeof(Histogram))]
[JsonDerivedType(typeof(Heatmap))]
[JsonDerivedType(typeof(Contour))]
public abstract record Trace
{
    /// <summary>The plotly.js trace type: scatter, bar, histogram, heatmap or contour.</summary>
    [JsonPropertyOrder(-10)]
    public string Type => TraceType;

    /// <summary>The plotly.js type name of the concrete trace.</summary>
    protected abstract string TraceType { get; }

    /// <summary>The legend entry and hover label of the trace.</summary>
    [JsonPropertyOrder(-9)]
    public string? Name { get; init; }

    /// <summary>Whether the trace has a legend entry (plotly's default: true when there are several traces).</summary>
    public bool? ShowLegend { get; init; }

    /// <summary>Traces with the same group toggle together in the legend.</summary>
    public string? LegendGroup { get; init; }

    /// <summary>The x axis the trace is drawn on: "x" (default), "x2", "x3", ….</summary>
    public string? XAxis { get; init; }

    /// <summary>The y axis the trace is drawn on: "y" (default), "y2", "y3", ….</summary>
    public string? YAxis { get; init; }

    /// <summary>Opacity of the whole trace, 0 to 1.</summary>
    public double? Opacity { get; init; }

    /// <summary>Hover label template, e.g. "t=%{x}&lt;br&gt;loss=%{y:.3f}&lt;extra&gt;&lt;/extra&gt;".</summary>
    public string? HoverTemplate { get; init; }

    /// <summary>Which fields the hover label shows ("x+y", "text", "skip", "none").</summary>
    public string? HoverInfo { get; init; }
}

/// <summary>Lines and/or markers (plotly.js <c>scatter</c>); also filled areas.</summary>
public sealed record Scatter : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "scatter";

    /// <summary>x coordinates: numbers or category labels.</summary>
    public object? X { get; init; }

    /// <summary>y coordinates; NaN makes a gap.</summary>
    public object? Y { get; init; }

    /// <summary>"lines", "markers", "lines+markers", "text", "markers+text", "none".</summary>
    public string? Mode { get; init; }

    /// <summary>Line style.</summary>
    public Line? Line { get; init; }

    /// <summary>Marker style.</summary>
    public Marker? Marker { get; init; }

    /// <summary>"none", "tozeroy", "tozerox", "tonexty", "tonextx", "toself", "tonext".</summary>
    public string? Fill { get; init; }

    /// <summary>The fill colour (CSS colour; defaults to a half-transparent line colour).</summary>
    public string? FillColor { get; init; }

    /// <summary>Per-point text (hover, or drawn when the mode includes "text"): a string or string[].</summary>
    public object? Text { get; init; }

    /// <summary>Where text is drawn: "top center", "middle right", ….</summary>
    public string? TextPosition { get; init; }

    /// <summary>Whether gaps (null values) are bridged; false keeps breaks between line segments.</summary>
    public bool? ConnectGaps { get; init; }
}

/// <summary>Bars (plotly.js <c>bar</c>).</summary>
public sealed record Bar : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "bar";

    /// <summary>Bar positions (vertical bars) or lengths (horizontal bars).</summary>
    public object? X { get; init; }

    /// <summary>Bar lengths (vertical bars) or positions (horizontal bars).</summary>
    public object? Y { get; init; }

    /// <summary>"v" (default) or "h".</summary>
    public string? Orientation { get; init; }

    /// <summary>Bar colour and outline.</summary>
    public Marker? Marker { get; init; }

    /// <summary>Per-bar text.</summary>
    public object? Text { get; init; }
}

/// <summary>A histogram computed by plotly.js from raw samples (plotly.js <c>histogram</c>).</summary>
public sealed record Histogram : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "histogram";

    /// <summary>The samples.</summary>
    public object? X { get; init; }

    /// <summary>Maximum number of bins (plotly picks nice edges up to this count).</summary>
    public int? NBinsX { get; init; }

    /// <summary>"" (counts), "percent", "probability", "density", "probability density".</summary>
    public string? HistNorm { get; init; }

    /// <summary>Bar colour and outline.</summary>
    public Marker? Marker { get; init; }
}

/// <summary>A colour-coded matrix (plotly.js <c>heatmap</c>): <c>z[row][column]</c>, row = y, column = x.</summary>
public sealed record Heatmap : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "heatmap";

    /// <summary>The values, z[row][column]; NaN cells are left blank.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Z { get; init; }

    /// <summary>Column coordinates (numbers or labels).</summary>
    public object? X { get; init; }

    /// <summary>Row coordinates (numbers or labels).</summary>
    public object? Y { get; init; }

    /// <summary>The colour scale: a named one or explicit stops.</summary>
    public ColorScale? ColorScale { get; init; }

    /// <summary>The value mapped to the lowest colour.</summary>
    public double? ZMin { get; init; }

    /// <summary>The value mapped to the highest colour.</summary>
    public double? ZMax { get; init; }

    /// <summary>The value mapped to the middle colour (0 for tanh states with a diverging scale).</summary>
    public double? ZMid { get; init; }

    /// <summary>Whether the colour bar is drawn.</summary>
    public bool? ShowScale { get; init; }

    /// <summary>The colour bar's title and size.</summary>
    public ColorBar? ColorBar { get; init; }

    /// <summary>Per-cell hover text, text[row][column].</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Text { get; init; }

    /// <summary>Gap in pixels between columns.</summary>
    public double? XGap { get; init; }

    /// <summary>Gap in pixels between rows.</summary>
    public double? YGap { get; init; }

    /// <summary>Plotly's <c>coloraxis</c> reference ("coloraxis") to share one scale between heatmaps.</summary>
    public string? ColorAxis { get; init; }
}

/// <summary>Contour lines or filled contours of a matrix (plotly.js <c>contour</c>).</summary>
public sealed record Contour : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "contour";

    /// <summary>The values, z[row][column].</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Z { get; init; }

    /// <summary>Column coordinates.</summary>
    public object? X { get; init; }

    /// <summary>Row coordinates.</summary>
    public object? Y { get; init; }

    /// <summary>The colour scale.</summary>
    public ColorScale? ColorScale { get; init; }

    /// <summary>Levels and colouring of the contours.</summary>
    public Contours? Contours { get; init; }

    /// <summary>Maximum number of contour levels when <see cref="Contours"/> gives no size.</summary>
    public int? NContours { get; init; }

    /// <summary>Whether the colour bar is drawn.</summary>
    public bool? ShowScale { get; init; }

    /// <summary>The colour bar's title and size.</summary>
    public ColorBar? ColorBar { get; init; }

    /// <summary>Contour line style.</summary>
    public Line? Line { get; init; }
}

/// <summary>Contour levels: from <see cref="Start"/> to <see cref="End"/> every <see cref="Size"/>.</summary>
public sealed record Contours
{
    /// <summary>"fill", "heatmap", "lines" or "none".</summary>
    public string? Coloring { get; init; }

    /// <summary>Whether the level values are written on the lines.</summary>
    public bool? ShowLabels { get; init; }

    /// <summary>First level.</summary>
    public double? Start { get; init; }

    /// <summary>Last level.</summary>
    public double? End { get; init; }

    /// <summary>Step between levels.</summary>
    public double? Size { get; init; }
}

/// <summary>Line style of a trace or shape.</summary>
public sealed record Line
{
    /// <summary>CSS colour.</summary>
    public string? Color { get; init; }

    /// <summary>Width in pixels.</summary>
    public double? Width { get; init; }

    /// <summary>"solid", "dot", "dash", "longdash", "dashdot".</summary>
    public string? Dash { get; init; }

    /// <summary>"linear", "spline", "hv", "vh", "hvh", "vhv".</summary>
    public string? Shape { get; init; }
}

/// <summary>Marker style of a scatter/bar/histogram trace.</summary>
public sealed record Marker
{
    /// <summary>A CSS colour, or an array of numbers mapped through <see cref="ColorScale"/>.</summary>
    public object? Color { get; init; }

    /// <summary>Diameter in pixels: one number or one per point.</summary>
    public object? Size { get; init; }

    /// <summary>"circle", "square", "diamond", "x", "cross", "star", "circle-open", ….</summary>
    public string? Symbol { get; init; }

    /// <summary>Marker outline.</summary>
    public Line? Line { get; init; }

    /// <summary>Opacity of the markers.</summary>
    public double? Opacity { get; init; }

    /// <summary>Colour scale when <see cref="Color"/> is numeric.</summary>
    public ColorScale? ColorScale { get; init; }

    /// <summary>Whether to draw the colour bar of a numeric <see cref="Color"/>.</summary>
    public bool? ShowScale { get; init; }
}

/// <summary>A colour bar beside a heatmap or contour.</summary>
public sealed record ColorBar
{
    /// <summary>The bar's title.</summary>
    public Title? Title { get; init; }

    /// <summary>Thickness in pixels.</summary>
    public double? Thickness { get; init; }

    /// <summary>Length as a fraction of the plot height.</summary>
    public double? Len { get; init; }

    /// <summary>Horizontal position in paper fraction.</summary>
    public double? X { get; init; }

    /// <summary>Vertical position in paper fraction.</summary>
    public double? Y { get; init; }
}

/// <summary>A title (of the figure, an axis or a colour bar): plotly.js v3+ accepts only this object form.</summary>
/// <param name="Text">The text; plotly accepts a little HTML (&lt;b&gt;, &lt;sub&gt;, &lt;br&gt;).</param>
public sealed record Title(string Text)
{
    /// <summary>Font of the title.</summary>
    public Font? Font { get; init; }

    /// <summary>Implicit conversion so a title can be written as a string.</summary>
    /// <param name="text">The title text.</param>
    public static implicit operator Title(string text) => new(text);
}

/// <summary>A font.</summary>
public sealed record Font
{
    /// <summary>CSS font family.</summary>
    public string? Family { get; init; }

    /// <summary>Size in pixels.</summary>
    public double? Size { get; init; }

    /// <summary>CSS colour.</summary>
    public string? Color { get; init; }
}
