// The traces of the figure model: one record per plotly.js trace type the course draws. Property
// names are the plotly.js attribute names (lower-cased by PlotlyJson); only the attributes the
// course's charts use are modelled (https://plotly.com/javascript/reference/). Data arrays (x, y)
// are typed object so they can hold numbers (double[], float[], int[]) or category labels (string[]).
// Records whose attributes overlap in plotly.js (Heatmap and Contour; Scatter and Layout's
// optional fields) list alike parameters by design: they are twins of the schema, not of code.
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

/// <summary>Lines and/or markers (plotly.js <c>scatter</c>).</summary>
/// <param name="X">x coordinates: numbers or category labels.</param>
/// <param name="Y">y coordinates; NaN makes a gap.</param>
/// <param name="Mode">"lines", "markers", "lines+markers".</param>
/// <param name="Line">Line style.</param>
/// <param name="Marker">Marker style.</param>
/// <param name="Text">Per-point hover text: a string or string[].</param>
/// <param name="ConnectGaps">Whether gaps (null values) are bridged; false keeps breaks between line segments.</param>
public sealed record Scatter(
    object? X = null,
    object? Y = null,
    string? Mode = null,
    Line? Line = null,
    Marker? Marker = null,
    object? Text = null,
    bool? ConnectGaps = null
) : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "scatter";
}

/// <summary>Bars (plotly.js <c>bar</c>).</summary>
/// <param name="X">Bar positions.</param>
/// <param name="Y">Bar lengths.</param>
/// <param name="Marker">Bar colour: one CSS colour or one per bar.</param>
public sealed record Bar(object? X = null, object? Y = null, Marker? Marker = null) : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "bar";
}

/// <summary>A histogram computed by plotly.js from raw samples (plotly.js <c>histogram</c>).</summary>
/// <param name="X">The samples.</param>
/// <param name="NBinsX">Maximum number of bins (plotly picks nice edges up to this count).</param>
/// <param name="Marker">Bar colour.</param>
public sealed record Histogram(object? X = null, int? NBinsX = null, Marker? Marker = null) : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "histogram";
}

/// <summary>A colour-coded matrix (plotly.js <c>heatmap</c>): <c>z[row][column]</c>, row = y, column = x.</summary>
/// <param name="Z">The values, z[row][column]; NaN cells are left blank.</param>
/// <param name="X">Column coordinates (numbers or labels).</param>
/// <param name="Y">Row coordinates (numbers or labels).</param>
/// <param name="ColorScale">The colour scale: a named one or explicit stops.</param>
/// <param name="ZMin">The value mapped to the lowest colour.</param>
/// <param name="ZMax">The value mapped to the highest colour.</param>
/// <param name="ShowScale">Whether the colour bar is drawn.</param>
/// <param name="ColorBar">The colour bar's title.</param>
/// <param name="Text">Per-cell hover text, text[row][column].</param>
/// <param name="XGap">Gap in pixels between columns.</param>
/// <param name="YGap">Gap in pixels between rows.</param>
public sealed record Heatmap(
    IReadOnlyList<IReadOnlyList<double>>? Z = null,
    object? X = null,
    object? Y = null,
    ColorScale? ColorScale = null,
    double? ZMin = null,
    double? ZMax = null,
    bool? ShowScale = null,
    ColorBar? ColorBar = null,
    IReadOnlyList<IReadOnlyList<string>>? Text = null,
    double? XGap = null,
    double? YGap = null
) : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "heatmap";
}

/// <summary>Contour lines or filled contours of a matrix (plotly.js <c>contour</c>).</summary>
/// <param name="Z">The values, z[row][column].</param>
/// <param name="X">Column coordinates.</param>
/// <param name="Y">Row coordinates.</param>
/// <param name="ColorScale">The colour scale.</param>
/// <param name="Contours">How the contours are coloured and labelled.</param>
/// <param name="NContours">Maximum number of contour levels.</param>
/// <param name="ShowScale">Whether the colour bar is drawn.</param>
/// <param name="ColorBar">The colour bar's title.</param>
/// <param name="Line">Contour line style.</param>
public sealed record Contour(
    IReadOnlyList<IReadOnlyList<double>>? Z = null,
    object? X = null,
    object? Y = null,
    ColorScale? ColorScale = null,
    Contours? Contours = null,
    int? NContours = null,
    bool? ShowScale = null,
    ColorBar? ColorBar = null,
    Line? Line = null
) : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "contour";
}

/// <summary>How contours are drawn.</summary>
/// <param name="Coloring">"fill", "heatmap", "lines" or "none".</param>
/// <param name="ShowLabels">Whether the level values are written on the lines.</param>
public sealed record Contours(string? Coloring = null, bool? ShowLabels = null);

/// <summary>Line style of a trace or shape.</summary>
/// <param name="Color">CSS colour.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Dash">"solid", "dot", "dash", "longdash", "dashdot".</param>
public sealed record Line(string? Color = null, double? Width = null, string? Dash = null);

/// <summary>Marker style of a scatter, bar or histogram trace.</summary>
/// <param name="Color">A CSS colour, or one per point.</param>
/// <param name="Size">Diameter in pixels.</param>
/// <param name="Symbol">"circle", "circle-open", "star", "x", ….</param>
/// <param name="Line">Marker outline.</param>
public sealed record Marker(
    object? Color = null,
    double? Size = null,
    string? Symbol = null,
    Line? Line = null
);

/// <summary>A colour bar beside a heatmap or contour.</summary>
/// <param name="Title">The bar's title.</param>
public sealed record ColorBar(Title? Title = null);

/// <summary>A title (of the figure, an axis or a colour bar): plotly.js v3+ accepts only this object form.</summary>
/// <param name="Text">The text; plotly accepts a little HTML (&lt;b&gt;, &lt;sub&gt;, &lt;br&gt;).</param>
public sealed record Title(string Text)
{
    /// <summary>Implicit conversion so a title can be written as a string.</summary>
    /// <param name="text">The title text.</param>
    public static implicit operator Title(string text) => new(text);
}

/// <summary>A font.</summary>
/// <param name="Family">CSS font family.</param>
/// <param name="Size">Size in pixels.</param>
public sealed record Font(string? Family = null, double? Size = null);
