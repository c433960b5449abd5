// Animation frames with a slider (and optionally Play/Pause buttons): each step of the slider
// calls plotly's "animate" with one frame's name. Used for "state over time steps" and for the
// sampling-temperature slider. The records below are the plotly.js layout.sliders,
// layout.updatemenus and frames attributes those two charts need.
namespace RnnCourse.Charts;

/// <summary>Builds figures whose traces change with a slider (plotly.js frames + sliders + updatemenus).</summary>
public static class Animation
{
    /// <summary>
    /// A figure with one frame per entry, a slider to pick a frame, and optionally Play/Pause.
    /// The figure's data starts as the frame at <paramref name="active"/>.
    /// </summary>
    /// <param name="layout">The layout (title, axes; keep axis ranges fixed so frames compare).</param>
    /// <param name="frames">(label shown on the slider, traces of that frame); every frame has the same trace kinds in the same order.</param>
    /// <param name="sliderPrefix">Text before the current label, e.g. "t = " or "temperature = ".</param>
    /// <param name="playButton">Adds Play and Pause buttons (for time steps; not for a parameter sweep).</param>
    /// <param name="active">The frame shown first.</param>
    /// <param name="frameMilliseconds">Time per frame when playing.</param>
    /// <exception cref="ArgumentException">No frames, frames with different trace counts, or active out of range.</exception>
    public static Figure WithSlider(
        Layout layout,
        IReadOnlyList<(string Label, IReadOnlyList<Trace> Data)> frames,
        string sliderPrefix,
        bool playButton = false,
        int active = 0,
        int frameMilliseconds = 300
    )
    {
        if (frames.Count == 0)
            throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        if ((uint)active >= (uint)frames.Count)
            throw new ArgumentOutOfRangeException(
                nameof(active),
                active,
                $"active must be a frame index in [0, {frames.Count})."
            );
        for (int i = 1; i < frames.Count; i++)
            if (frames[i].Data.Count != frames[0].Data.Count)
                throw new ArgumentException(
                    $"Frame {i} ('{frames[i].Label}') has {frames[i].Data.Count} traces but frame 0 has {frames[0].Data.Count}: every frame needs the same traces.",
                    nameof(frames)
                );
        var steps = frames.Select(
            (f, i) => new Button(f.Label, "animate", [new[] { $"frame{i}" }, Jump])
        );
        var slider = new Slider(
            active,
            [.. steps],
            new CurrentValue(sliderPrefix, true, "left"),
            playButton ? 0.16 : 0,
            playButton ? 0.84 : 1,
            new Pad(50)
        );
        var play = new
        {
            mode = "immediate",
            fromcurrent = true,
            frame = new { duration = frameMilliseconds, redraw = true },
            transition = new { duration = 0 },
        };
        var pause = new
        {
            mode = "immediate",
            frame = new { duration = 0, redraw = false },
            transition = new { duration = 0 },
        };
        Button[] buttons =
        [
            new("Play", "animate", [null, play]),
            new("Pause", "animate", [new object?[] { null }, pause]),
        ];
        var menu = new UpdateMenu(
            Type: "buttons",
            Buttons: buttons,
            Direction: "left",
            ShowActive: false,
            X: 0,
            Y: 0,
            XAnchor: "left",
            YAnchor: "top",
            Pad: new(T: 60, R: 10)
        );
        return new Figure
        {
            Data = frames[active].Data,
            Layout = layout with { Sliders = [slider], UpdateMenus = playButton ? [menu] : null },
            Frames = [.. frames.Select((f, i) => new Frame($"frame{i}", f.Data))],
        };
    }

    // A slider step's options: show the frame at once.
    private static readonly object Jump = new
    {
        mode = "immediate",
        frame = new { duration = 0, redraw = true },
        transition = new { duration = 0 },
    };
}

/// <summary>An animation frame: named traces that a slider step or button animates to.</summary>
/// <param name="Name">The frame's name, referenced by slider steps.</param>
/// <param name="Data">The traces of this frame (same order and kinds as the figure's data).</param>
public sealed record Frame(string Name, IReadOnlyList<Trace> Data);

/// <summary>A slider over animation frames (plotly.js <c>layout.sliders</c>).</summary>
/// <param name="Active">Index of the initially selected step.</param>
/// <param name="Steps">The steps, one per frame.</param>
/// <param name="CurrentValue">The label showing the current value.</param>
/// <param name="X">Horizontal position in paper fraction.</param>
/// <param name="Len">Length as a fraction of the plot width.</param>
/// <param name="Pad">Padding in pixels.</param>
public sealed record Slider(
    int Active,
    IReadOnlyList<Button> Steps,
    CurrentValue CurrentValue,
    double X,
    double Len,
    Pad Pad
);

/// <summary>A slider step or a button: selecting it calls <see cref="Method"/> with <see cref="Args"/>.</summary>
/// <param name="Label">The text on the button or under the slider tick.</param>
/// <param name="Method">"animate".</param>
/// <param name="Args">The arguments of "animate": frame names (or null: all) and animation options.</param>
public sealed record Button(string Label, string Method, IReadOnlyList<object?> Args);

/// <summary>The label of a slider's current value.</summary>
/// <param name="Prefix">Text before the value, e.g. "t = ".</param>
/// <param name="Visible">Whether the label is shown.</param>
/// <param name="XAnchor">"left", "center", "right".</param>
public sealed record CurrentValue(string Prefix, bool Visible, string XAnchor);

/// <summary>Padding in pixels.</summary>
/// <param name="T">Top.</param>
/// <param name="R">Right.</param>
public sealed record Pad(double T, double? R = null);

/// <summary>A row of buttons (plotly.js <c>layout.updatemenus</c>), e.g. Play / Pause.</summary>
/// <param name="Type">"buttons" or "dropdown".</param>
/// <param name="Buttons">The buttons.</param>
/// <param name="Direction">"left", "right", "up", "down".</param>
/// <param name="ShowActive">Whether the last pressed button stays highlighted.</param>
/// <param name="X">Horizontal position in paper fraction.</param>
/// <param name="Y">Vertical position in paper fraction.</param>
/// <param name="XAnchor">"left", "center", "right".</param>
/// <param name="YAnchor">"top", "middle", "bottom".</param>
/// <param name="Pad">Padding in pixels.</param>
public sealed record UpdateMenu(
    string Type,
    IReadOnlyList<Button> Buttons,
    string Direction,
    bool ShowActive,
    double X,
    double Y,
    string XAnchor,
    string YAnchor,
    Pad Pad
);
