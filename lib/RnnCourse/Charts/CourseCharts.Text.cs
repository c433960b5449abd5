// Charts over a text, one character per column: hidden states and gate activations as heatmaps
// (Karpathy, Johnson & Fei-Fei 2015, "Visualizing and Understanding Recurrent Networks"), the
// hidden state step by step as an animation (the sampling temperature's slider is in
// CourseCharts.Temperature.cs).
// Matrices are [T, H] (one row per character) as the cells produce them; the heatmaps transpose
// them so that time runs left to right.

namespace RnnCourse.Charts;

public static partial class CourseCharts
{
    /// <summary>Longest text drawn one character per column (slice longer texts).</summary>
    public const int MaxTextColumns = 400;

    /// <summary>Hidden states over a text: one column per character, one row per unit, blue–white–red around 0.</summary>
    /// <param name="text">The input text, T characters.</param>
    /// <param name="states">Hidden states [T, H].</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">Shape is not [text.Length, H] or the text is longer than <see cref="MaxTextColumns"/>.</exception>
    public static Figure HiddenStates<T>(
        string text,
        Tensor<T> states,
        string title = "Hidden state h<sub>t</sub> over the text"
    )
        where T : unmanaged, IFloatingPointIeee754<T> =>
        HiddenStates(text, Rows(states, nameof(states)), title);

    /// <summary>Hidden states over a text, from rows <c>states[t][unit]</c>.</summary>
    /// <param name="text">The input text, T characters.</param>
    /// <param name="states">T rows of H values.</param>
    /// <param name="title">Chart title.</param>
    public static Figure HiddenStates(
        string text,
        IReadOnlyList<IReadOnlyList<double>> states,
        string title = "Hidden state h<sub>t</sub> over the text"
    )
    {
        int h = CheckTextMatrix(text, states, nameof(states));
        double bound = Bound(states);
        // Symmetric bounds put 0 at the white middle of the diverging scale.
        var heat = TextHeatmap(text, states, "h") with
        {
            ColorScale = ColorScale.Diverging,
            ZMin = -bound,
            ZMax = bound,
            ColorBar = new() { Title = "h" },
        };
        return Figure.Of(
            TextLayout(text, title, h, rows: 1) with
            {
                YAxis = Reversed("unit"),
            },
            heat
        );
    }

    /// <summary>
    /// Gate activations over a text: one heatmap per gate (e.g. input, forget, output of an LSTM),
    /// stacked with a shared character axis and one 0–1 colour scale.
    /// </summary>
    /// <param name="text">The input text, T characters.</param>
    /// <param name="gates">(gate name, activations [T, H]) per gate.</param>
    public static Figure GateActivations<T>(
        string text,
        params (string Gate, Tensor<T> Values)[] gates
    )
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GateActivations(text, gates.Select(g => (g.Gate, Rows(g.Values, g.Gate))).ToArray());

    /// <summary>Gate activations over a text from rows <c>values[t][unit]</c> per gate.</summary>
    /// <param name="text">The input text, T characters.</param>
    /// <param name="gates">(gate name, T rows of H values in [0, 1]) per gate.</param>
    /// <exception cref="ArgumentException">No gates, or a matrix whose shape does not match the text.</exception>
    public static Figure GateActivations(
        string text,
        params (string Gate, IReadOnlyList<IReadOnlyList<double>> Values)[] gates
    )
    {
        if (gates.Length == 0)
            throw new ArgumentException(
                "Pass at least one (gate name, activations) pair.",
                nameof(gates)
            );
        int units = gates.Max(g => CheckTextMatrix(text, g.Values, g.Gate));
        // One 0–1 Viridis scale for every gate (same zmin/zmax), one colour bar, a y axis per gate.
        var traces = gates.Select(
            (g, i) =>
                TextHeatmap(text, g.Values, g.Gate) with
                {
                    Name = g.Gate,
                    ColorScale = ColorScale.Viridis,
                    ZMin = 0,
                    ZMax = 1,
                    ShowScale = i == 0,
                    ColorBar = i == 0 ? new() { Title = "activation" } : null,
                    YAxis = i == 0 ? null : $"y{i + 1}",
                }
        );
        var layout = TextLayout(text, "Gate activations over the text", units, gates.Length) with
        {
            Grid = new(gates.Length, 1) { Pattern = "coupled", YGap = 0.12 },
            YAxis = Reversed(gates[0].Gate),
        };
        for (int i = 1; i < gates.Length; i++)
            layout = layout.WithAxis($"yaxis{i + 1}", Reversed(gates[i].Gate));
        return Figure.Of(layout, [.. traces]);
    }

    /// <summary>
    /// The hidden state as bars, one frame per character, with a slider and Play button: watch h_t
    /// change as the network reads the text.
    /// </summary>
    /// <param name="text">The input text, T characters.</param>
    /// <param name="states">T rows of H values.</param>
    public static Figure HiddenStateSteps(string text, IReadOnlyList<IReadOnlyList<double>> states)
    {
        int h = CheckTextMatrix(text, states, nameof(states));
        double bound = Bound(states);
        var units = Enumerable.Range(0, h).ToArray();
        var frames = states.Select(
            (row, t) =>
            {
                var colors = row.Select(v => v >= 0 ? "#b2182b" : "#2166ac").ToArray();
                IReadOnlyList<Trace> bars = [Bars("h_t", units, row.ToArray(), colors)];
                return ($"{t} {Visible(text[t])}", bars);
            }
        );
        var yAxis = Ax("h") with { Range = [-bound, bound] };
        var layout = Titled("Hidden state while reading the text", Ax("unit"), yAxis) with
        {
            ShowLegend = false,
        };
        return Animation.WithSlider(layout, [.. frames], "t, character = ", playButton: true);
    }

    /// <summary>How a character is shown on an axis: space ␣, newline ↵, tab ⇥, other controls ·.</summary>
    public static string Visible(char c) =>
        c switch
        {
            ' ' => "␣",
            '\n' => "↵",
            '\r' => "␍",
            '\t' => "⇥",
            _ when char.IsControl(c) || char.IsSurrogate(c) => "·",
            _ => c.ToString(),
        };

    /// <summary>A [T, H] matrix as a heatmap with one column per character and one row per unit: z[unit][t].</summary>
    private static Heatmap TextHeatmap(
        string text,
        IReadOnlyList<IReadOnlyList<double>> rows,
        string valueName
    )
    {
        int[] steps = [.. Enumerable.Range(0, rows.Count)],
            units = [.. Enumerable.Range(0, rows[0].Count)];
        string Hover(int s, int u) =>
            string.Create(
                Inv,
                $"'{Visible(text[s])}' t={s} unit {u}: {valueName}={rows[s][u]:0.###}"
            );
        return new Heatmap
        {
            Z = [.. units.Select(u => steps.Select(s => rows[s][u]).ToArray())],
            X = steps,
            Y = units,
            Text = [.. units.Select(u => steps.Select(s => Hover(s, u)).ToArray())],
            HoverTemplate = "%{text}<extra></extra>",
            XGap = steps.Length <= 120 ? 1 : null,
            YGap = units.Length <= 64 ? 1 : null,
        };
    }

    private static Layout TextLayout(string text, string title, int units, int rows)
    {
        int t = text.Length;
        // Each character needs ~12 px to stay legible; wide texts get a scrollable wide figure.
        int? width = t > 60 ? 160 + 12 * t : null;
        int height = Math.Clamp(rows * Math.Max(140, 10 * units + 60) + 120, 300, 1400);
        return new Layout
        {
            Title = title,
            Width = width,
            Height = height,
            XAxis = new Axis
            {
                TickMode = "array",
                TickVals = Enumerable.Range(0, t).ToArray(),
                TickText = text.Select(Visible).ToArray(),
                TickAngle = 0,
                TickFont = new Font { Family = "DejaVu Sans Mono, monospace", Size = 12 },
                ShowGrid = false,
                Side = "bottom",
            },
            Margin = new Margin(60, 20, 60, 40),
        };
    }

    private static int CheckTextMatrix(
        string text,
        IReadOnlyList<IReadOnlyList<double>> rows,
        string name
    )
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            throw new ArgumentException(
                "The text is empty; pass the characters the network read.",
                nameof(text)
            );
        if (text.Length > MaxTextColumns)
            throw new ArgumentException(
                $"The text has {text.Length} characters; at most {MaxTextColumns} fit one per column. Pass a slice, e.g. text[..200] with states of the same steps.",
                nameof(text)
            );
        if (rows.Count != text.Length)
            throw new ArgumentException(
                $"'{name}' has {rows.Count} rows but the text has {text.Length} characters; pass one row per character ([T, H] with T = text length).",
                name
            );
        int h = rows[0].Count;
        if (h == 0)
            throw new ArgumentException(
                $"'{name}' has rows of length 0; expected H ≥ 1 units.",
                name
            );
        for (int s = 1; s < rows.Count; s++)
        {
            if (rows[s].Count != h)
                throw new ArgumentException(
                    $"'{name}' row {s} has {rows[s].Count} values but row 0 has {h}; all rows need H values.",
                    name
                );
        }
        return h;
    }

    /// <summary>The largest |value| and at least 1: tanh states keep a fixed [-1, 1] so charts compare.</summary>
    private static double Bound(IReadOnlyList<IReadOnlyList<double>> rows) =>
        Math.Max(
            1,
            rows.SelectMany(r => r).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max()
        );

    /// <summary>An axis whose values grow downwards (unit 0 at the top).</summary>
    private static Axis Reversed(string title) => new(Title: title, AutoRange: "reversed");

    /// <summary>Bars in one colour or one colour per bar.</summary>
    private static Bar Bars(string name, object x, object y, object color) =>
        new(x, y, new(color)) { Name = name };

    /// <summary>A [T, H] tensor as T rows of H doubles.</summary>
    private static IReadOnlyList<IReadOnlyList<double>> Rows<T>(Tensor<T> m, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m.Rank != 2)
            throw new ArgumentException(
                $"'{name}' has shape {m.ShapeText}; expected [T, H] (one row per character).",
                name
            );
        var rows = new double[m.Rows][];
        for (int i = 0; i < m.Rows; i++)
        {
            var src = m.Slice(i);
            rows[i] = new double[src.Length];
            for (int j = 0; j < src.Length; j++)
                rows[i][j] = double.CreateChecked(src[j]);
        }
        return rows;
    }
}
