// The layout of a figure (plotly.js `layout`): title, axes, legend, subplot grid, shapes,
// annotations, sliders and buttons. Axes beyond the first pair (xaxis2, yaxis3, …) go in
// MoreAxes, written as top-level layout keys in sorted order so the bytes stay stable.
using System.Text.Json.Serialization;

namespace RnnCourse.Charts;

/// <summary>The layout of a figure.</summary>
public sealed record Layout
{
    /// <summary>The figure title.</summary>
    public Title? Title { get; init; }

    /// <summary>Width in pixels (null: fill the container).</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels (plotly's default: 450).</summary>
    public int? Height { get; init; }

    /// <summary>The first x axis.</summary>
    public Axis? XAxis { get; init; }

    /// <summary>The first y axis.</summary>
    public Axis? YAxis { get; init; }

    /// <summary>Whether the legend is shown.</summary>
    public bool? ShowLegend { get; init; }

    /// <summary>Legend position and orientation.</summary>
    public Legend? Legend { get; init; }

    /// <summary>Margins in pixels.</summary>
    public Margin? Margin { get; init; }

    /// <summary>A subplot grid; traces choose their cell with <see cref="Trace.XAxis"/>/<see cref="Trace.YAxis"/>.</summary>
    public Grid? Grid { get; init; }

    /// <summary>Lines, rectangles, circles and paths drawn on the plot.</summary>
    public IReadOnlyList<Shape>? Shapes { get; init; }

    /// <summary>Text labels, optionally with an arrow.</summary>
    public IReadOnlyList<Annotation>? Annotations { get; init; }

    /// <summary>Sliders (e.g. over animation frames).</summary>
    public IReadOnlyList<Slider>? Sliders { get; init; }

    /// <summary>Button rows (e.g. play/pause of an animation).</summary>
    public IReadOnlyList<UpdateMenu>? UpdateMenus { get; init; }

    /// <summary>"closest", "x", "x unified", "y", false.</summary>
    public string? HoverMode { get; init; }

    /// <summary>"group", "overlay", "stack", "relative".</summary>
    public string? BarMode { get; init; }

    /// <summary>Default font.</summary>
    public Font? Font { get; init; }

    /// <summary>Background of the plotting area.</summary>
    [JsonPropertyName("plot_bgcolor")]
    public string? PlotBackground { get; init; }

    /// <summary>Background of the whole figure.</summary>
    [JsonPropertyName("paper_bgcolor")]
    public string? PaperBackground { get; init; }

    /// <summary>A shared colour scale for traces that set <c>ColorAxis = "coloraxis"</c>.</summary>
    public ColorAxis? ColorAxis { get; init; }

    /// <summary>
    /// Any constant value: while it stays the same across <c>Plotly.react</c> updates, the user's
    /// zoom and legend clicks are kept (used by live training charts).
    /// </summary>
    public string? UiRevision { get; init; }

    /// <summary>
    /// Further axes by plotly name: "xaxis2", "yaxis2", "xaxis3", …. Written as top-level layout
    /// keys in sorted order.
    /// </summary>
    [JsonExtensionData]
    public SortedDictionary<string, object>? MoreAxes { get; init; }

    /// <summary>Returns a copy with one more axis (e.g. <c>WithAxis("yaxis2", new Axis { … })</c>).</summary>
    /// <param name="name">"xaxisN" or "yaxisN" with N ≥ 2.</param>
    /// <param name="axis">The axis.</param>
    /// <exception cref="ArgumentException">The name is not xaxisN/yaxisN with N ≥ 2.</exception>
    public Layout WithAxis(string name, Axis axis)
    {
        if (!IsExtraAxisName(name))
            throw new ArgumentException(
                $"Axis name '{name}' is not of the form xaxisN or yaxisN with N ≥ 2; set the first axes through XAxis/YAxis.",
                nameof(name)
            );
        var axes = MoreAxes is null
            ? new SortedDictionary<string, object>(StringComparer.Ordinal)
            : new(MoreAxes, StringComparer.Ordinal);
        axes[name] = axis;
        return this with { MoreAxes = axes };
    }

    private static bool IsExtraAxisName(string name) =>
        name.Length > 5
        && (
            name.StartsWith("xaxis", StringComparison.Ordinal)
            || name.StartsWith("yaxis", StringComparison.Ordinal)
        )
        && int.TryParse(name.AsSpan(5), System.Globalization.NumberStyles.None, null, out var n)
        && n >= 2;
}

/// <summary>An x or y axis.</summary>
public sealed record Axis
{
    /// <summary>The axis title.</summary>
    public Title? Title { get; init; }

    /// <summary>"linear", "log", "category", "date" (null: plotly guesses from the data).</summary>
    public string? Type { get; init; }

    /// <summary>The visible range [min, max]; for a log axis give log10 of the bounds.</summary>
    public double[]? Range { get; init; }

    /// <summary>true, false or "reversed".</summary>
    public object? AutoRange { get; init; }

    /// <summary>Positions of explicit ticks.</summary>
    public object? TickVals { get; init; }

    /// <summary>Labels of the explicit ticks.</summary>
    public IReadOnlyList<string>? TickText { get; init; }

    /// <summary>"array" when TickVals/TickText are given, "linear" with Dtick, "auto".</summary>
    public string? TickMode { get; init; }

    /// <summary>Tick label angle in degrees.</summary>
    public double? TickAngle { get; init; }

    /// <summary>Tick label font.</summary>
    public Font? TickFont { get; init; }

    /// <summary>Whether grid lines are drawn.</summary>
    public bool? ShowGrid { get; init; }

    /// <summary>Whether the zero line is drawn.</summary>
    public bool? ZeroLine { get; init; }

    /// <summary>The fraction of the figure this axis spans, [start, end].</summary>
    public double[]? Domain { get; init; }

    /// <summary>The axis this one is anchored to ("x", "y2", "free").</summary>
    public string? Anchor { get; init; }

    /// <summary>Keeps this axis's scale tied to another ("x" for a square phase portrait).</summary>
    public string? ScaleAnchor { get; init; }

    /// <summary>Units of this axis per unit of the <see cref="ScaleAnchor"/> axis.</summary>
    public double? ScaleRatio { get; init; }

    /// <summary>Lets plotly grow the margin to fit long tick labels.</summary>
    public bool? AutoMargin { get; init; }

    /// <summary>"top"/"bottom" (x) or "left"/"right" (y).</summary>
    public string? Side { get; init; }

    /// <summary>Another axis this one overlays (a second y scale on the same plot).</summary>
    public string? Overlaying { get; init; }

    /// <summary>"power", "e", "E", "none": how exponents appear on a log axis.</summary>
    public string? ExponentFormat { get; init; }
}

/// <summary>Legend placement.</summary>
public sealed record Legend
{
    /// <summary>Horizontal position in paper fraction.</summary>
    public double? X { get; init; }

    /// <summary>Vertical position in paper fraction.</summary>
    public double? Y { get; init; }

    /// <summary>"left", "center", "right", "auto".</summary>
    public string? XAnchor { get; init; }

    /// <summary>"top", "middle", "bottom", "auto".</summary>
    public string? YAnchor { get; init; }

    /// <summary>"v" or "h".</summary>
    public string? Orientation { get; init; }

    /// <summary>Background colour.</summary>
    public string? BgColor { get; init; }
}

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

    /// <summary>"top to bottom" or "bottom to top".</summary>
    public string? RowOrder { get; init; }

    /// <summary>Fraction of the cell size left between columns.</summary>
    public double? XGap { get; init; }

    /// <summary>Fraction of the cell size left between rows.</summary>
    public double? YGap { get; init; }
}

/// <summary>A shape drawn on the plot (plotly.js <c>layout.shapes</c>).</summary>
public sealed record Shape
{
    /// <summary>"line", "rect", "circle" or "path".</summary>
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    /// <summary>First x coordinate.</summary>
    public double? X0 { get; init; }

    /// <summary>First y coordinate.</summary>
    public double? Y0 { get; init; }

    /// <summary>Second x coordinate.</summary>
    public double? X1 { get; init; }

    /// <summary>Second y coordinate.</summary>
    public double? Y1 { get; init; }

    /// <summary>SVG path for type "path".</summary>
    public string? Path { get; init; }

    /// <summary>"x", "x2", "paper" (fraction of the plot width).</summary>
    public string? XRef { get; init; }

    /// <summary>"y", "y2", "paper".</summary>
    public string? YRef { get; init; }

    /// <summary>Outline.</summary>
    public Line? Line { get; init; }

    /// <summary>Fill colour.</summary>
    public string? FillColor { get; init; }

    /// <summary>Opacity 0..1.</summary>
    public double? Opacity { get; init; }

    /// <summary>"above" or "below" the traces.</summary>
    public string? Layer { get; init; }
}

/// <summary>A text label with an optional arrow (plotly.js <c>layout.annotations</c>).</summary>
public sealed record Annotation
{
    /// <summary>Label text (a little HTML allowed).</summary>
    public string? Text { get; init; }

    /// <summary>x position of the point (the arrow head).</summary>
    public double? X { get; init; }

    /// <summary>y position of the point (the arrow head).</summary>
    public double? Y { get; init; }

    /// <summary>"x", "paper", ….</summary>
    public string? XRef { get; init; }

    /// <summary>"y", "paper", ….</summary>
    public string? YRef { get; init; }

    /// <summary>Whether an arrow is drawn from the text to (x, y).</summary>
    public bool? ShowArrow { get; init; }

    /// <summary>Tail x: pixels from the head, or data units when <see cref="AxRef"/> is an axis.</summary>
    public double? Ax { get; init; }

    /// <summary>Tail y: pixels from the head, or data units when <see cref="AyRef"/> is an axis.</summary>
    public double? Ay { get; init; }

    /// <summary>"pixel" or an axis ("x") to give the tail in data units.</summary>
    public string? AxRef { get; init; }

    /// <summary>"pixel" or an axis ("y").</summary>
    public string? AyRef { get; init; }

    /// <summary>Arrow head style 0–8.</summary>
    public int? ArrowHead { get; init; }

    /// <summary>Arrow head size relative to the line width.</summary>
    public double? ArrowSize { get; init; }

    /// <summary>Arrow line width.</summary>
    public double? ArrowWidth { get; init; }

    /// <summary>Arrow colour.</summary>
    public string? ArrowColor { get; init; }

    /// <summary>"left", "center", "right", "auto".</summary>
    public string? XAnchor { get; init; }

    /// <summary>"top", "middle", "bottom", "auto".</summary>
    public string? YAnchor { get; init; }

    /// <summary>Label font.</summary>
    public Font? Font { get; init; }

    /// <summary>Label background colour.</summary>
    public string? BgColor { get; init; }
}

/// <summary>A shared colour scale (plotly.js <c>layout.coloraxis</c>).</summary>
public sealed record ColorAxis
{
    /// <summary>The scale.</summary>
    public ColorScale? ColorScale { get; init; }

    /// <summary>Lowest value.</summary>
    public double? CMin { get; init; }

    /// <summary>Highest value.</summary>
    public double? CMax { get; init; }

    /// <summary>Middle value.</summary>
    public double? CMid { get; init; }

    /// <summary>The colour bar.</summary>
    public ColorBar? ColorBar { get; init; }
}

/// <summary>A slider (plotly.js <c>layout.sliders</c>), e.g. one step per animation frame.</summary>
public sealed record Slider
{
    /// <summary>Index of the initially selected step.</summary>
    public int? Active { get; init; }

    /// <summary>The steps.</summary>
    public required IReadOnlyList<SliderStep> Steps { get; init; }

    /// <summary>The label showing the current value.</summary>
    public CurrentValue? CurrentValue { get; init; }

    /// <summary>Horizontal position in paper fraction.</summary>
    public double? X { get; init; }

    /// <summary>Vertical position in paper fraction.</summary>
    public double? Y { get; init; }

    /// <summary>Length as a fraction of the plot width.</summary>
    public double? Len { get; init; }

    /// <summary>Padding in pixels.</summary>
    public Pad? Pad { get; init; }
}

/// <summary>One step of a slider: selecting it calls <see cref="Method"/> with <see cref="Args"/>.</summary>
public sealed record SliderStep
{
    /// <summary>Label under the tick.</summary>
    public string? Label { get; init; }

    /// <summary>"animate", "restyle", "relayout", "update", "skip".</summary>
    public string? Method { get; init; }

    /// <summary>Arguments of the method, e.g. <c>[["frame3"], {mode: "immediate"}]</c> for animate.</summary>
    public IReadOnlyList<object>? Args { get; init; }
}

/// <summary>The label of a slider's current value.</summary>
public sealed record CurrentValue
{
    /// <summary>Text before the value, e.g. "t = ".</summary>
    public string? Prefix { get; init; }

    /// <summary>Whether the label is shown.</summary>
    public bool? Visible { get; init; }

    /// <summary>"left", "center", "right".</summary>
    public string? XAnchor { get; init; }
}

/// <summary>Padding in pixels.</summary>
public sealed record Pad
{
    /// <summary>Top.</summary>
    public double? T { get; init; }

    /// <summary>Right.</summary>
    public double? R { get; init; }

    /// <summary>Bottom.</summary>
    public double? B { get; init; }

    /// <summary>Left.</summary>
    public double? L { get; init; }
}

/// <summary>A row of buttons (plotly.js <c>layout.updatemenus</c>), e.g. Play / Pause.</summary>
public sealed record UpdateMenu
{
    /// <summary>"buttons" or "dropdown".</summary>
    public string? Type { get; init; }

    /// <summary>The buttons.</summary>
    public required IReadOnlyList<Button> Buttons { get; init; }

    /// <summary>"left", "right", "up", "down".</summary>
    public string? Direction { get; init; }

    /// <summary>Whether the last pressed button stays highlighted.</summary>
    public bool? ShowActive { get; init; }

    /// <summary>Horizontal position in paper fraction.</summary>
    public double? X { get; init; }

    /// <summary>Vertical position in paper fraction.</summary>
    public double? Y { get; init; }

    /// <summary>"left", "center", "right".</summary>
    public string? XAnchor { get; init; }

    /// <summary>"top", "middle", "bottom".</summary>
    public string? YAnchor { get; init; }

    /// <summary>Padding in pixels.</summary>
    public Pad? Pad { get; init; }
}

/// <summary>One button of an <see cref="UpdateMenu"/>.</summary>
public sealed record Button
{
    /// <summary>The text on the button.</summary>
    public string? Label { get; init; }

    /// <summary>"animate", "restyle", "relayout", "update".</summary>
    public string? Method { get; init; }

    /// <summary>Arguments of the method.</summary>
    public IReadOnlyList<object?>? Args { get; init; }
}

/// <summary>An animation frame: named data (and optionally layout) that a slider step or button animates to.</summary>
public sealed record Frame
{
    /// <summary>The frame's name, referenced by slider steps.</summary>
    public required string Name { get; init; }

    /// <summary>The traces of this frame (same order and kinds as the figure's data).</summary>
    public required IReadOnlyList<Trace> Data { get; init; }

    /// <summary>Layout changes for this frame (e.g. a new title).</summary>
    public Layout? Layout { get; init; }
}
