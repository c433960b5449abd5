// Every course chart built from small deterministic data: the JSON snapshot tests and the
// headless-browser test draw exactly these. Each entry says what the browser must find.
using RnnCourse.Charts;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Charts;

/// <summary>What one gallery item must show once drawn.</summary>
/// <param name="Name">File-safe name (snapshot and screenshot file names).</param>
/// <param name="Item">A Figure, Svg or LossChart.</param>
/// <param name="MinTraceGroups">Plotly trace groups (g.trace) expected at least (0 for SVG).</param>
/// <param name="MinHeatmapImages">Heatmap &lt;image&gt; elements expected at least.</param>
/// <param name="Slider">Whether a slider must be drawn.</param>
/// <param name="MinSvgEdges">For SVG items: edges (line.edge) expected at least.</param>
public sealed record GalleryItem(
    string Name,
    object Item,
    int MinTraceGroups,
    int MinHeatmapImages = 0,
    bool Slider = false,
    int MinSvgEdges = 0
);

public static class ChartGallery
{
    public const string Text = "En un lugar de la Mancha, de cuyo nombre";

    /// <summary>Longer than 60 characters: the heatmap gets a fixed width of 12 px per character.</summary>
    public const string LongText =
        "En un lugar de la Mancha, de cuyo nombre no quiero acordarme,\nno ha mucho tiempo que vivía un hidalgo de los de lanza en astillero.";

    public static double[][] States(string text, int h) =>
        Enumerable
            .Range(0, text.Length)
            .Select(t =>
                Enumerable
                    .Range(0, h)
                    .Select(u =>
                        Math.Tanh(2 * Math.Sin(0.35 * t + 0.9 * u) + (text[t] == ' ' ? -0.8 : 0.3))
                    )
                    .ToArray()
            )
            .ToArray();

    public static double[][] Gate(string text, int h, double phase) =>
        Enumerable
            .Range(0, text.Length)
            .Select(t =>
                Enumerable
                    .Range(0, h)
                    .Select(u => 1 / (1 + Math.Exp(-3 * Math.Sin(0.3 * t + phase + 0.7 * u))))
                    .ToArray()
            )
            .ToArray();

    /// <summary>h ↦ tanh(W h) with W = diag(2, 0.5): attractors at (±0.957, 0), a saddle at the origin.</summary>
    public static (double, double) BistableMap(double a, double b) =>
        (Math.Tanh(2 * a), Math.Tanh(0.5 * b));

    public static LossChart Loss()
    {
        var chart = new LossChart("char-RNN on Don Quijote", LossMetric.Loss);
        for (int i = 0; i <= 40; i++)
        {
            long step = i * 50;
            double train = 1.3 + 2.9 * Math.Exp(-step / 400.0) + 0.04 * Math.Sin(i);
            double? val =
                i % 5 == 0
                    ? 1.45 + 2.8 * Math.Exp(-step / 450.0) + (i > 30 ? 0.004 * (i - 30) : 0)
                    : null;
            chart.Add(step, train, val);
        }
        return chart;
    }

    public static string[] ZipfTokens()
    {
        // Word w_i appears ⌊2000 / i⌋ times: an exact Zipf law with exponent 1 up to flooring.
        var tokens = new List<string>();
        for (int i = 1; i <= 300; i++)
            tokens.AddRange(Enumerable.Repeat("w" + i, 2000 / i));
        return tokens.ToArray();
    }

    public static IReadOnlyList<GalleryItem> All()
    {
        var rng = new Rng(7);
        var series = Enumerable
            .Range(0, 120)
            .Select(t => Math.Sin(0.15 * t) + 0.3 * Math.Sin(0.61 * t))
            .ToArray();
        var predicted = series
            .Select(
                (v, t) => t < 80 ? v + 0.05 * Math.Cos(3.0 * t) : v * (1 - 0.004 * (t - 80)) + 0.1
            )
            .ToArray();
        var short1 = "hola mundo";
        return
        [
            new("loss", Loss(), MinTraceGroups: 3),
            new(
                "perplexity",
                CourseCharts.LossCurves(
                    [4.2, 3.1, 2.5, 2.1, 1.9, 1.8, 1.75],
                    [4.3, 3.2, 2.7, 2.3, 2.15, 2.1, 2.12],
                    "Perplexity",
                    LossMetric.Perplexity,
                    [0, 100, 200, 300, 400, 500, 600]
                ),
                MinTraceGroups: 3
            ),
            new(
                "hidden-states",
                CourseCharts.HiddenStates(Text, States(Text, 8)),
                MinTraceGroups: 1,
                MinHeatmapImages: 1
            ),
            new(
                "hidden-states-long",
                CourseCharts.HiddenStates(LongText, States(LongText, 4)),
                MinTraceGroups: 1,
                MinHeatmapImages: 1
            ),
            new(
                "gates",
                CourseCharts.GateActivations(
                    Text,
                    ("input gate", Gate(Text, 6, 0)),
                    ("forget gate", Gate(Text, 6, 1.3)),
                    ("output gate", Gate(Text, 6, 2.1))
                ),
                MinTraceGroups: 3,
                MinHeatmapImages: 3
            ),
            new(
                "gradient-norms",
                CourseCharts.GradientNorms(
                    ("Elman", Enumerable.Range(1, 30).Select(t => Math.Pow(0.7, 30 - t)).ToArray()),
                    ("LSTM", Enumerable.Range(1, 30).Select(t => Math.Pow(0.96, 30 - t)).ToArray()),
                    ("GRU", Enumerable.Range(1, 30).Select(t => Math.Pow(0.93, 30 - t)).ToArray())
                ),
                MinTraceGroups: 3
            ),
            new(
                "phase-portrait",
                CourseCharts.PhasePortrait(
                    BistableMap,
                    new PhasePortraitOptions
                    {
                        Starts = [(0.05, 1.2), (-0.1, -1.3), (1.4, 1.4), (-1.4, 0.6)],
                        Title = "h ↦ tanh(W h), W = diag(2, 0.5)",
                    }
                ),
                MinTraceGroups: 7
            ),
            new(
                "predicted-vs-actual",
                CourseCharts.PredictedVsActual(series, predicted, forecastStart: 80),
                MinTraceGroups: 2
            ),
            new("zipf", CourseCharts.Zipf(ZipfTokens()), MinTraceGroups: 2),
            new(
                "histograms",
                CourseCharts.Histograms(
                    "Weights before and after training",
                    ("init", Enumerable.Range(0, 500).Select(_ => rng.Normal(0, 0.1)).ToArray()),
                    (
                        "trained",
                        Enumerable.Range(0, 500).Select(_ => rng.Normal(0.02, 0.25)).ToArray()
                    )
                ),
                MinTraceGroups: 2
            ),
            new(
                "temperature",
                CourseCharts.TemperatureSlider(
                    [2.0, 1.0, 0.5, 0.2, -0.3, -1.0, -1.5, -2.0],
                    ["e", "a", " ", "o", "s", "n", "\n", "q"]
                ),
                MinTraceGroups: 1,
                Slider: true
            ),
            new(
                "hidden-state-steps",
                CourseCharts.HiddenStateSteps(short1, States(short1, 6)),
                MinTraceGroups: 1,
                Slider: true
            ),
            new(
                "unfolded-forward",
                CourseCharts.UnfoldedGraph(3),
                MinTraceGroups: 0,
                MinSvgEdges: 12
            ),
            new(
                "unfolded-bptt",
                CourseCharts.UnfoldedGraph(4, highlightFrom: 1),
                MinTraceGroups: 0,
                MinSvgEdges: 27
            ),
        ];
    }
}
