// The traces of the figure model: one record per plotly.js trace type the course draws. Property
// names are the plotly.js attribute names (lower-cased by PlotlyJson); only the attributes the
// course's charts use are modelled (https://plotly.com/javascript/reference/). Data arrays (x, y)
// are typed object so they can hold numbers (double[], float[], int[]) or category labels (string[]).
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
public sealed record Scatter : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "scatter";

    /// <summary>x coordinates: numbers or category labels.</summary>
    public object? X { get; init; }

    /// <summary>y coordinates; NaN makes a gap.</summary>
    public object? Y { get; init; }

    /// <summary>"lines", "markers", "lines+markers".</summary>
    public string? Mode { get; init; }

    /// <summary>Line style.</summary>
    public Line? Line { get; init; }

    /// <summary>Marker style.</summary>
    public Marker? Marker { get; init; }

    /// <summary>Per-point hover text: a string or string[].</summary>
    public object? Text { get; init; }

    /// <summary>Whether gaps (null values) are bridged; false keeps breaks between line segments.</summary>
    public bool? ConnectGaps { get; init; }
}

/// <summary>Bars (plotly.js <c>bar</c>).</summary>
public sealed record Bar : Trace
{
    /// <inheritdoc />
    protected override string TraceType => "bar";

    /// <summary>Bar positions.</summary>
    public object? X { get; init; }

    /// <summary>Bar lengths.</summary>
    public object? Y { get; init; }

    /// <summary>Bar colour: one CSS colour or one per bar.</summary>
    public Marker? Marker { get; init; }
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

    /// <summary>Bar colour.</summary>
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

    /// <summary>Whether the colour bar is drawn.</summary>
    public bool? ShowScale { get; init; }

    /// <summary>The colour bar's title.</summary>
    public ColorBar? ColorBar { get; init; }

    /// <summary>Per-cell hover text, text[row][column].</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Text { get; init; }

    /// <summary>Gap in pixels between columns.</summary>
    public double? XGap { get; init; }

    /// <summary>Gap in pixels between rows.</summary>
    public double? YGap { get; init; }
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

    /// <summary>How the contours are coloured and labelled.</summary>
    public Contours? Contours { get; init; }

    /// <summary>Maximum number of contour levels.</summary>
    public int? NContours { get; init; }

    /// <summary>Whether the colour bar is drawn.</summary>
    public bool? ShowScale { get; init; }

    /// <summary>The colour bar's title.</summary>
    public ColorBar? ColorBar { get; init; }

    /// <summary>Contour line style.</summary>
    public Line? Line { get; init; }
}

/// <summary>How contours are drawn.</summary>
/// <param name="Coloring">"fill", "heatmap", "lines" or "none".</param>
/// <param name="ShowLabels">Whether the level values are written on the lines.</param>
public sealed record Contours(string? Coloring = null, bool? ShowLabels = null);

/// <summary>Line style of a trace or shape.</summary>
public sealed record Line
{
    /// <summary>CSS colour.</summary>
    public string? Color { get; init; }

    /// <summary>Width in pixels.</summary>
    public double? Width { get; init; }

    /// <summary>"solid", "dot", "dash", "longdash", "dashdot".</summary>
    public string? Dash { get; init; }
}

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
public sealed record ColorBar
{
    /// <summary>The bar's title.</summary>
    public Title? Title { get; init; }
}

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
