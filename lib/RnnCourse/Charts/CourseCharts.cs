// The course's charts, one call each from a notebook. Every helper returns a Figure (or an Svg /
// LossChart) that displays itself when it is the value of a cell, and that can be saved with
// SaveHtml. Inputs are validated with messages that name the problem and the fix. The helpers
// share a small vocabulary (Lines, Dots, Ax, Titled, below) so that each reads as the chart it draws.
using System.Globalization;

namespace RnnCourse.Charts;

/// <summary>One-call charts for the course: losses, gradient norms, heatmaps over text, phase portraits, Zipf, the unfolded graph.</summary>
public static partial class CourseCharts
{
    /// <summary>plotly's default colour cycle (D3 category10), so traces match across charts.</summary>
    public static IReadOnlyList<string> Palette { get; } =
    [
        "#1f77b4",
        "#ff7f0e",
        "#2ca02c",
        "#d62728",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
        "#17becf",
    ];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A loss chart to fill while training runs (see <see cref="LossChart"/>).</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="metric">Loss or perplexity.</param>
    public static LossChart LiveLoss(
        string title = "Training",
        LossMetric metric = LossMetric.Loss
    ) => new(title, metric);

    /// <summary>Training and validation curves from recorded points.</summary>
    /// <param name="points">The evaluations, steps non-decreasing.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="metric">Loss (linear axis) or perplexity exp(loss) (log axis).</param>
    public static Figure LossCurves(
        IReadOnlyList<LossPoint> points,
        string title = "Training",
        LossMetric metric = LossMetric.Loss
    )
    {
        bool ppl = metric == LossMetric.Perplexity;
        double F(double loss) => ppl ? Math.Exp(loss) : loss;
        double[] Steps(IEnumerable<LossPoint> ps) => [.. ps.Select(p => (double)p.Step)];
        var val = points.Where(p => p.Validation is not null).ToArray();
        var best = val.Where(p => double.IsFinite(p.Validation!.Value)).MinBy(p => p.Validation);
        List<Trace> traces = [Lines("train", Steps(points), points.Select(p => F(p.Train)), 0)];
        if (val.Length > 0)
            traces.Add(
                Lines("validation", Steps(val), val.Select(p => F(p.Validation!.Value)), 1, 6)
            );
        Annotation[]? notes = null;
        if (best is not null)
        {
            double y = F(best.Validation!.Value);
            traces.Add(
                Dots("best validation", Steps([best]), new[] { y }, new(Palette[3], 13, "star"))
            );
            var text = string.Create(Inv, $"best {y:0.###} @ {best.Step}");
            notes =
            [
                new(text, best.Step, ppl ? Math.Log10(y) : y, ShowArrow: true, Ax: 0, Ay: -30),
            ];
        }
        var yAxis = Ax(ppl ? "perplexity exp(loss)" : "loss (nats / symbol)", ppl ? "log" : null);
        var layout = Titled(title, Ax("step"), yAxis) with
        {
            Legend = new(X: 1, Y: 1, XAnchor: "right"),
            Annotations = notes,
            HoverMode = "x unified",
            UiRevision = "loss",
        };
        return Figure.Of(layout, [.. traces]);
    }

    /// <summary>Training (and validation) losses given as arrays, one entry per step.</summary>
    /// <param name="train">Training loss per evaluation.</param>
    /// <param name="validation">Validation loss per evaluation (same length), or null.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="metric">Loss or perplexity.</param>
    /// <param name="steps">The step of each entry (default 0, 1, 2, …).</param>
    public static Figure LossCurves(
        IReadOnlyList<double> train,
        IReadOnlyList<double>? validation = null,
        string title = "Training",
        LossMetric metric = LossMetric.Loss,
        IReadOnlyList<long>? steps = null
    )
    {
        SeriesCheck.NotEmpty(train, nameof(train), "training loss");
        SeriesCheck.Finite(
            train,
            nameof(train),
            "training losses must be finite: a NaN or infinite loss means training diverged (lower the learning rate or clip gradients); chart the steps before it."
        );
        if (validation is not null && validation.Count != train.Count)
            throw new ArgumentException(
                $"validation has {validation.Count} values but train has {train.Count}; pass one validation loss per training entry (NaN where not evaluated).",
                nameof(validation)
            );
        if (steps is not null && steps.Count != train.Count)
            throw new ArgumentException(
                $"steps has {steps.Count} values but train has {train.Count}.",
                nameof(steps)
            );
        double? Val(int i) =>
            validation is null || double.IsNaN(validation[i]) ? null : validation[i];
        var points = train.Select((t, i) => new LossPoint(steps?[i] ?? i, t, Val(i)));
        return LossCurves([.. points], title, metric);
    }

    /// <summary>
    /// Gradient norms ‖∂L/∂h_t‖ against t on a log axis, one line per model: vanishing gradients
    /// show as straight lines falling towards t = 1 (Bengio et al. 1994; Pascanu et al. 2013).
    /// </summary>
    /// <param name="series">(model name, norm at t = 1 … T) per model. Zero norms are drawn as gaps (log axis).</param>
    /// <exception cref="ArgumentException">No series, or an empty series, or a negative norm.</exception>
    public static Figure GradientNorms(params (string Model, IReadOnlyList<double> Norms)[] series)
    {
        if (series.Length == 0)
            throw new ArgumentException("Pass at least one (model, norms) series.", nameof(series));
        foreach (var (model, norms) in series)
        {
            if (norms.Count == 0)
                throw new ArgumentException($"Series '{model}' has no values.", nameof(series));
            for (int t = 0; t < norms.Count; t++)
            {
                string? problem =
                    !double.IsFinite(norms[t])
                        ? $"has {norms[t]} at t = {t + 1} of {norms.Count}; norms must be finite: an infinite or NaN norm means the gradient overflowed (clip it, or chart the steps before it)."
                    : norms[t] < 0
                        ? $"has a negative norm {norms[t]} at t = {t + 1}; norms are ≥ 0 (pass ‖∂L/∂h_t‖, not a component)."
                    : null;
                if (problem is not null)
                    throw new ArgumentException($"Series '{model}' {problem}", nameof(series));
            }
        }
        var traces = series.Select(
            (s, i) =>
                Lines(
                    s.Model,
                    Enumerable.Range(1, s.Norms.Count).ToArray(),
                    s.Norms.Select(v => v > 0 ? v : double.NaN),
                    i,
                    5
                ) with
                {
                    HoverTemplate = s.Model + ": t=%{x}, ‖∂L/∂h‖=%{y:.3e}<extra></extra>",
                }
        );
        var yAxis = Ax("‖∂L/∂h<sub>t</sub>‖ (log scale)", "log") with { ExponentFormat = "power" };
        var layout = Titled(
            "Gradient norm ‖∂L/∂h<sub>t</sub>‖ through time",
            Ax("time step t"),
            yAxis
        );
        return Figure.Of(layout, [.. traces]);
    }

    /// <summary>A series and a model's prediction of it on one chart; a dashed line marks where forecasting starts.</summary>
    /// <param name="actual">The true series.</param>
    /// <param name="predicted">The prediction, same length (NaN where the model made none).</param>
    /// <param name="forecastStart">Index where free-running forecasting begins (before it: teacher forcing), or null.</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">Lengths differ or forecastStart is out of range.</exception>
    public static Figure PredictedVsActual(
        IReadOnlyList<double> actual,
        IReadOnlyList<double> predicted,
        int? forecastStart = null,
        string title = "Predicted vs actual"
    )
    {
        SeriesCheck.NotEmpty(actual, nameof(actual), "value of the true series");
        SeriesCheck.Finite(
            actual,
            nameof(actual),
            "the true series must be finite (NaN is allowed only in predicted, where the model made no prediction)."
        );
        if (actual.Count != predicted.Count)
            throw new ArgumentException(
                $"actual has {actual.Count} values but predicted has {predicted.Count}; pad the prediction with NaN where there is none.",
                nameof(predicted)
            );
        if (forecastStart is { } fs && (fs < 0 || fs >= actual.Count))
            throw new ArgumentOutOfRangeException(
                nameof(forecastStart),
                fs,
                $"forecastStart must be in [0, {actual.Count})."
            );
        var t = Enumerable.Range(0, actual.Count).ToArray();
        var layout = Titled(title, Ax("t"), Ax("value"));
        if (forecastStart is { } s)
        {
            var dashed = new Line("#777", 1.5, "dash");
            var note = new Annotation(
                "forecast →",
                s,
                1,
                "x",
                "paper",
                XAnchor: "left",
                YAnchor: "bottom"
            );
            layout = layout with
            {
                Shapes = [new(s, 0, s, 1, "x", "paper", dashed)],
                Annotations = [note],
            };
        }
        return Figure.Of(
            layout,
            Lines("actual", t, actual, "#444"),
            Lines("predicted", t, predicted, 1, dash: "dot")
        );
    }

    /// <summary>Overlaid histograms, e.g. of weights or gradients of several layers.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="series">(name, samples) per histogram.</param>
    public static Figure Histograms(
        string title,
        params (string Name, IReadOnlyList<double> Values)[] series
    )
    {
        if (series.Length == 0)
            throw new ArgumentException("Pass at least one (name, values) series.", nameof(series));
        foreach (var (name, values) in series)
        {
            SeriesCheck.NotEmpty(values, $"series '{name}'", "sample");
            SeriesCheck.Finite(
                values,
                $"series '{name}'",
                "histogram samples must be finite: drop NaN and infinite values (they usually mean an overflowed weight or gradient)."
            );
        }
        var traces = series.Select(
            (s, i) =>
                new Histogram
                {
                    Name = s.Name,
                    X = s.Values.ToArray(),
                    Opacity = series.Length > 1 ? 0.6 : null,
                    NBinsX = 60,
                    Marker = new(Palette[i % Palette.Count]),
                }
        );
        var layout = Titled(title, Ax("value"), Ax("count")) with { BarMode = "overlay" };
        return Figure.Of(layout, [.. traces]);
    }

    // The shared vocabulary of the helpers.

    /// <summary>A line of width 2 in a palette colour (index) or a CSS colour; with markers of <paramref name="markerSize"/> when given.</summary>
    private static Scatter Lines(
        string name,
        object x,
        IEnumerable<double> y,
        ChartColor color,
        double? markerSize = null,
        string? dash = null
    ) =>
        new(
            X: x,
            Y: y.ToArray(),
            Mode: markerSize is null ? "lines" : "lines+markers",
            Line: new(color.Css, 2, dash),
            Marker: markerSize is null ? null : new(Size: markerSize)
        )
        {
            Name = name,
        };

    /// <summary>Markers only.</summary>
    private static Scatter Dots(string name, object x, object y, Marker marker) =>
        new(X: x, Y: y, Mode: "markers", Marker: marker) { Name = name };

    /// <summary>A colour given as a palette index (cycled) or as CSS.</summary>
    private readonly record struct ChartColor(string Css)
    {
        public static implicit operator ChartColor(int paletteIndex) =>
            new(Palette[paletteIndex % Palette.Count]);

        public static implicit operator ChartColor(string css) => new(css);
    }

    /// <summary>An axis with a title and, optionally, a type ("log", "category").</summary>
    private static Axis Ax(string title, string? type = null) => new(Title: title, Type: type);

    /// <summary>A layout with a title and two axes.</summary>
    private static Layout Titled(string title, Axis x, Axis y) =>
        new(Title: title, XAxis: x, YAxis: y);
}
