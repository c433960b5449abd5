// The layout of a figure (plotly.js `layout`): title, size, axes, legend, subplot grid, shapes,
// annotations, sliders and buttons. Axes beyond the first pair (xaxis2, yaxis3, …) go in MoreAxes,
// written as top-level layout keys in sorted order so the bytes stay stable. Only the attributes
// the course's charts use are modelled.
// Its optional parameters are twins by schema of Traces' records (plotly.js attributes), not
// of code; see Traces.cs.
using System.Text.Json.Serialization;

namespace RnnCourse.Charts;

/// <summary>The layout of a figure.</summary>
/// <param name="Title">The figure title.</param>
/// <param name="Width">Width in pixels (null: fill the container).</param>
/// <param name="Height">Height in pixels (plotly's default: 450).</param>
/// <param name="XAxis">The first x axis.</param>
/// <param name="YAxis">The first y axis.</param>
/// <param name="ShowLegend">Whether the legend is shown.</param>
/// <param name="Legend">Legend position.</param>
/// <param name="Margin">Margins in pixels.</param>
/// <param name="Grid">A subplot grid; traces choose their cell with <see cref="Trace.XAxis"/>/<see cref="Trace.YAxis"/>.</param>
/// <param name="Shapes">Lines drawn on the plot.</param>
/// <param name="Annotations">Text labels, optionally with an arrow.</param>
/// <param name="Sliders">Sliders (e.g. over animation frames).</param>
/// <param name="UpdateMenus">Button rows (e.g. play/pause of an animation).</param>
/// <param name="HoverMode">"closest", "x", "x unified", "y".</param>
/// <param name="BarMode">"group", "overlay", "stack", "relative".</param>
public sealed record Layout(
    Title? Title = null,
    int? Width = null,
    int? Height = null,
    Axis? XAxis = null,
    Axis? YAxis = null,
    bool? ShowLegend = null,
    Legend? Legend = null,
    Margin? Margin = null,
    Grid? Grid = null,
    IReadOnlyList<Shape>? Shapes = null,
    IReadOnlyList<Annotation>? Annotations = null,
    IReadOnlyList<Slider>? Sliders = null,
    IReadOnlyList<UpdateMenu>? UpdateMenus = null,
    string? HoverMode = null,
    string? BarMode = null
)
{
    /// <summary>
    /// Any constant value: while it stays the same across <c>Plotly.react</c> updates, the user's
    /// zoom and legend clicks are kept (used by live training charts).
    /// </summary>
    public string? UiRevision { get; init; }

    /// <summary>Further axes by plotly name ("xaxis2", "yaxis2", …), written as top-level layout keys in sorted order.</summary>
    [JsonExtensionData]
    public SortedDictionary<string, object>? MoreAxes { get; init; }

    /// <summary>Returns a copy with one more axis (e.g. <c>WithAxis("yaxis2", new Axis { … })</c>).</summary>
    /// <param name="name">"xaxisN" or "yaxisN" with N ≥ 2.</param>
    /// <param name="axis">The axis.</param>
    /// <exception cref="ArgumentException">The name is not xaxisN/yaxisN with N ≥ 2.</exception>
    public Layout WithAxis(string name, Axis axis)
    {
        if (
            name.Length <= 5
            || name[0] is not ('x' or 'y')
            || !name.AsSpan(1, 4).SequenceEqual("axis")
            || !int.TryParse(
                name.AsSpan(5),
                System.Globalization.NumberStyles.None,
                null,
                out var n
            )
            || n < 2
        )
            throw new ArgumentException(
                $"Axis name '{name}' is not of the form xaxisN or yaxisN with N ≥ 2; set the first axes through XAxis/YAxis.",
                nameof(name)
            );
        return this with
        {
            MoreAxes = new(MoreAxes ?? new(), StringComparer.Ordinal) { [name] = axis },
        };
    }
}

/// <summary>An x or y axis.</summary>
/// <param name="Title">The axis title.</param>
/// <param name="Type">"linear", "log", "category" (null: plotly guesses from the data).</param>
/// <param name="Range">The visible range [min, max]; for a log axis give log10 of the bounds.</param>
/// <param name="AutoRange">true, false or "reversed".</param>
/// <param name="TickVals">Positions of explicit ticks.</param>
/// <param name="TickText">Labels of the explicit ticks.</param>
/// <param name="TickMode">"array" when TickVals/TickText are given, "auto".</param>
/// <param name="TickAngle">Tick label angle in degrees.</param>
/// <param name="TickFont">Tick label font.</param>
/// <param name="ShowGrid">Whether grid lines are drawn.</param>
/// <param name="ZeroLine">Whether the zero line is drawn.</param>
/// <param name="Domain">The fraction of the figure this axis spans, [start, end].</param>
/// <param name="Anchor">The axis this one is anchored to ("x", "y2", "free").</param>
/// <param name="ScaleAnchor">Keeps this axis's scale tied to another ("x" for a square phase portrait).</param>
/// <param name="ScaleRatio">Units of this axis per unit of the <see cref="ScaleAnchor"/> axis.</param>
/// <param name="Side">"top"/"bottom" (x) or "left"/"right" (y).</param>
/// <param name="Overlaying">Another axis this one overlays (a second y scale on the same plot).</param>
/// <param name="ExponentFormat">"power", "e", "E", "none": how exponents appear on a log axis.</param>
public sealed record Axis(
    Title? Title = null,
    string? Type = null,
    double[]? Range = null,
    object? AutoRange = null,
    object? TickVals = null,
    IReadOnlyList<string>? TickText = null,
    string? TickMode = null,
    double? TickAngle = null,
    Font? TickFont = null,
    bool? ShowGrid = null,
    bool? ZeroLine = null,
    double[]? Domain = null,
    string? Anchor = null,
    string? ScaleAnchor = null,
    double? ScaleRatio = null,
    string? Side = null,
    string? Overlaying = null,
    string? ExponentFormat = null
);

/// <summary>Legend placement, in paper fractions.</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position.</param>
/// <param name="XAnchor">"left", "center", "right", "auto".</param>
public sealed record Legend(double? X = null, double? Y = null, string? XAnchor = null);

/// <summary>Margins in pixels.</summary>
/// <param name="L">Left.</param>
/// <param name="R">Right.</param>
/// <param name="T">Top.</param>
/// <param name="B">Bottom.</param>
public sealed record Margin(int L, int R, int T, int B);

/// <summary>A subplot grid: cell (r, c) uses axes numbered row by row.</summary>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public sealed record Grid(int Rows, int Columns)
{
    /// <summary>"independent" (each cell its own x and y) or "coupled" (shared x per column, y per row).</summary>
    public string? Pattern { get; init; } = "independent";

    /// <summary>Fraction of the cell size left between rows.</summary>
    public double? YGap { get; init; }
}

/// <summary>A line drawn on the plot (plotly.js <c>layout.shapes</c>).</summary>
/// <param name="X0">First x.</param>
/// <param name="Y0">First y.</param>
/// <param name="X1">Second x.</param>
/// <param name="Y1">Second y.</param>
/// <param name="XRef">"x", "paper" (fraction of the plot width).</param>
/// <param name="YRef">"y", "paper".</param>
/// <param name="Line">Line style.</param>
public sealed record Shape(
    double X0,
    double Y0,
    double X1,
    double Y1,
    string XRef,
    string YRef,
    Line Line
)
{
    /// <summary>"line": the one shape the course draws.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "line";
}

/// <summary>A text label at (x, y) with an optional arrow (plotly.js <c>layout.annotations</c>).</summary>
/// <param name="Text">Label text (a little HTML allowed).</param>
/// <param name="X">x of the point (the arrow head).</param>
/// <param name="Y">y of the point.</param>
/// <param name="XRef">"x", "paper", ….</param>
/// <param name="YRef">"y", "paper", ….</param>
/// <param name="ShowArrow">Whether an arrow is drawn from the text to (x, y).</param>
/// <param name="Ax">Tail x in pixels from the head.</param>
/// <param name="Ay">Tail y in pixels from the head.</param>
/// <param name="XAnchor">"left", "center", "right", "auto".</param>
/// <param name="YAnchor">"top", "middle", "bottom", "auto".</param>
public sealed record Annotation(
    string Text,
    double X,
    double Y,
    string? XRef = null,
    string? YRef = null,
    bool ShowArrow = false,
    double? Ax = null,
    double? Ay = null,
    string? XAnchor = null,
    string? YAnchor = null
);
