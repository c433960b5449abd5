// Animation frames with a slider (and optionally Play/Pause buttons): each step of the slider
// calls plotly's "animate" with one frame's name. Used for "state over time steps" and for the
// sampling-temperature slider.
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
        int traces = frames[0].Data.Count;
        for (int i = 1; i < frames.Count; i++)
        {
            if (frames[i].Data.Count != traces)
                throw new ArgumentException(
                    $"Frame {i} ('{frames[i].Label}') has {frames[i].Data.Count} traces but frame 0 has {traces}: every frame needs the same traces.",
                    nameof(frames)
                );
        }

        var names = frames.Select((f, i) => $"frame{i}").ToArray();
        var stepArgs = (string name) =>
            new object[]
            {
                new[] { name },
                new
                {
                    mode = "immediate",
                    frame = new { duration = 0, redraw = true },
                    transition = new { duration = 0 },
                },
            };
        var slider = new Slider
        {
            Active = active,
            Steps = frames
                .Select(
                    (f, i) =>
                        new SliderStep
                        {
                            Label = f.Label,
                            Method = "animate",
                            Args = stepArgs(names[i]),
                        }
                )
                .ToArray(),
            CurrentValue = new CurrentValue
            {
                Prefix = sliderPrefix,
                Visible = true,
                XAnchor = "left",
            },
            X = playButton ? 0.16 : 0,
            Len = playButton ? 0.84 : 1,
            Pad = new Pad { T = 50 },
        };
        UpdateMenu[]? menus = playButton
            ?
            [
                new UpdateMenu
                {
                    Type = "buttons",
                    ShowActive = false,
                    Direction = "left",
                    X = 0,
                    Y = 0,
                    XAnchor = "left",
                    YAnchor = "top",
                    Pad = new Pad { T = 60, R = 10 },
                    Buttons =
                    [
                        new Button
                        {
                            Label = "Play",
                            Method = "animate",
                            Args =
                            [
                                null,
                                new
                                {
                                    mode = "immediate",
                                    fromcurrent = true,
                                    frame = new { duration = frameMilliseconds, redraw = true },
                                    transition = new { duration = 0 },
                                },
                            ],
                        },
                        new Button
                        {
                            Label = "Pause",
                            Method = "animate",
                            Args =
                            [
                                new object?[] { null },
                                new
                                {
                                    mode = "immediate",
                                    frame = new { duration = 0, redraw = false },
                                    transition = new { duration = 0 },
                                },
                            ],
                        },
                    ],
                },
            ]
            : null;
        return new Figure
        {
            Data = frames[active].Data,
            Layout = layout with { Sliders = [slider], UpdateMenus = menus },
            Frames = frames
                .Select((f, i) => new Frame { Name = names[i], Data = f.Data })
                .ToArray(),
        };
    }
}
