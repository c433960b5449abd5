// The course's charts, one call each from a notebook. Every helper returns a Figure (or an Svg /
// LossChart) that displays itself when it is the value of a cell, and that can be saved with
// SaveHtml. Inputs are validated with messages that name the problem and the fix.
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
        Func<double, double> f = metric == LossMetric.Perplexity ? Math.Exp : v => v;
        string yName =
            metric == LossMetric.Perplexity ? "perplexity exp(loss)" : "loss (nats / symbol)";
        var steps = points.Select(p => (double)p.Step).ToArray();
        var traces = new List<Trace>
        {
            new Scatter
            {
                Name = "train",
                X = steps,
                Y = points.Select(p => f(p.Train)).ToArray(),
                Mode = "lines",
                Line = new Line { Color = Palette[0], Width = 2 },
            },
        };
        var val = points.Where(p => p.Validation is not null).ToArray();
        var annotations = new List<Annotation>();
        if (val.Length > 0)
        {
            traces.Add(
                new Scatter
                {
                    Name = "validation",
                    X = val.Select(p => (double)p.Step).ToArray(),
                    Y = val.Select(p => f(p.Validation!.Value)).ToArray(),
                    Mode = "lines+markers",
                    Line = new Line { Color = Palette[1], Width = 2 },
                    Marker = new Marker { Size = 6 },
                }
            );
            var best = val.Where(p => double.IsFinite(p.Validation!.Value))
                .MinBy(p => p.Validation);
            if (best is not null)
            {
                double y = f(best.Validation!.Value);
                traces.Add(
                    new Scatter
                    {
                        Name = "best validation",
                        X = new[] { (double)best.Step },
                        Y = new[] { y },
                        Mode = "markers",
                        Marker = new Marker
                        {
                            Color = Palette[3],
                            Size = 13,
                            Symbol = "star",
                        },
                    }
                );
                annotations.Add(
                    new Annotation
                    {
                        X = best.Step,
                        Y = metric == LossMetric.Perplexity ? Math.Log10(y) : y,
                        Text = string.Create(Inv, $"best {y:0.###} @ {best.Step}"),
                        ShowArrow = true,
                        Ay = -30,
                        Ax = 0,
                    }
                );
            }
        }
        return new Figure
        {
            Data = traces,
            Layout = new Layout
            {
                Title = title,
                XAxis = new Axis { Title = "step" },
                YAxis = new Axis
                {
                    Title = yName,
                    Type = metric == LossMetric.Perplexity ? "log" : null,
                },
                Annotations = annotations.Count > 0 ? annotations : null,
                HoverMode = "x unified",
                UiRevision = "loss",
                Legend = new Legend
                {
                    X = 1,
                    XAnchor = "right",
                    Y = 1,
                },
            },
        };
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
        var pts = new LossPoint[train.Count];
        for (int i = 0; i < pts.Length; i++)
        {
            double? v = validation is null || double.IsNaN(validation[i]) ? null : validation[i];
            pts[i] = new LossPoint(steps?[i] ?? i, train[i], v);
        }
        return LossCurves(pts, title, metric);
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
        var traces = new List<Trace>();
        for (int s = 0; s < series.Length; s++)
        {
            var (model, norms) = series[s];
            if (norms.Count == 0)
                throw new ArgumentException($"Series '{model}' has no values.", nameof(series));
            for (int t = 0; t < norms.Count; t++)
            {
                if (!double.IsFinite(norms[t]))
                    throw new ArgumentException(
                        $"Series '{model}' has {norms[t]} at t = {t + 1} of {norms.Count}; norms must be finite: an infinite or NaN norm means the gradient overflowed (clip it, or chart the steps before it).",
                        nameof(series)
                    );
                if (norms[t] < 0)
                    throw new ArgumentException(
                        $"Series '{model}' has a negative norm {norms[t]} at t = {t + 1}; norms are ≥ 0 (pass ‖∂L/∂h_t‖, not a component).",
                        nameof(series)
                    );
            }
            traces.Add(
                new Scatter
                {
                    Name = model,
                    X = Enumerable.Range(1, norms.Count).ToArray(),
                    Y = norms.Select(v => v > 0 ? v : double.NaN).ToArray(),
                    Mode = "lines+markers",
                    Line = new Line { Color = Palette[s % Palette.Count], Width = 2 },
                    Marker = new Marker { Size = 5 },
                    HoverTemplate = model + ": t=%{x}, ‖∂L/∂h‖=%{y:.3e}<extra></extra>",
                }
            );
        }
        return new Figure
        {
            Data = traces,
            Layout = new Layout
            {
                Title = "Gradient norm ‖∂L/∂h<sub>t</sub>‖ through time",
                XAxis = new Axis { Title = "time step t" },
                YAxis = new Axis
                {
                    Title = "‖∂L/∂h<sub>t</sub>‖ (log scale)",
                    Type = "log",
                    ExponentFormat = "power",
                },
            },
        };
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
        var x = Enumerable.Range(0, actual.Count).ToArray();
        Shape[]? shapes = null;
        Annotation[]? notes = null;
        if (forecastStart is { } s)
        {
            shapes =
            [
                new Shape
                {
                    Type = "line",
                    X0 = s,
                    X1 = s,
                    Y0 = 0,
                    Y1 = 1,
                    XRef = "x",
                    YRef = "paper",
                    Line = new Line
                    {
                        Color = "#777",
                        Dash = "dash",
                        Width = 1.5,
                    },
                },
            ];
            notes =
            [
                new Annotation
                {
                    X = s,
                    Y = 1,
                    XRef = "x",
                    YRef = "paper",
                    Text = "forecast →",
                    ShowArrow = false,
                    XAnchor = "left",
                    YAnchor = "bottom",
                },
            ];
        }
        return new Figure
        {
            Data =
            [
                new Scatter
                {
                    Name = "actual",
                    X = x,
                    Y = actual.ToArray(),
                    Mode = "lines",
                    Line = new Line { Color = "#444", Width = 2 },
                },
                new Scatter
                {
                    Name = "predicted",
                    X = x,
                    Y = predicted.ToArray(),
                    Mode = "lines",
                    Line = new Line
                    {
                        Color = Palette[1],
                        Width = 2,
                        Dash = "dot",
                    },
                },
            ],
            Layout = new Layout
            {
                Title = title,
                XAxis = new Axis { Title = "t" },
                YAxis = new Axis { Title = "value" },
                Shapes = shapes,
                Annotations = notes,
            },
        };
    }

    /// <summary>
    /// Zipf's law: word frequency against rank on log–log axes, with the least-squares line
    /// log f = c − s·log r and its exponent s (≈ 1 for natural language; Zipf 1935).
    /// </summary>
    /// <param name="tokens">The tokens (e.g. the words of Don Quijote).</param>
    /// <param name="maxRank">Ranks drawn and fitted (the long tail of hapaxes is flat and noisy).</param>
    /// <exception cref="ArgumentException">Fewer than 2 distinct tokens.</exception>
    public static Figure Zipf(IEnumerable<string> tokens, int maxRank = 5000)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tokens)
            counts[t] = counts.GetValueOrDefault(t) + 1;
        return Zipf(counts, maxRank);
    }

    /// <summary>Zipf's law from precomputed counts (see <see cref="Zipf(IEnumerable{string}, int)"/>).</summary>
    /// <param name="counts">Token → count.</param>
    /// <param name="maxRank">Ranks drawn and fitted.</param>
    public static Figure Zipf(IReadOnlyDictionary<string, long> counts, int maxRank = 5000)
    {
        if (maxRank < 2)
            throw new ArgumentOutOfRangeException(
                nameof(maxRank),
                maxRank,
                "maxRank must be at least 2."
            );
        // Ties broken by ordinal string order so the figure is deterministic.
        var ranked = counts
            .Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxRank)
            .ToArray();
        if (ranked.Length < 2)
            throw new ArgumentException(
                $"Zipf's plot needs at least 2 distinct tokens, got {ranked.Length}.",
                nameof(counts)
            );
        var rank = Enumerable.Range(1, ranked.Length).Select(r => (double)r).ToArray();
        var freq = ranked.Select(kv => (double)kv.Value).ToArray();
        var (c, slope) = FitLogLog(rank, freq);
        var fit = rank.Select(r => Math.Pow(10, c + slope * Math.Log10(r))).ToArray();
        return new Figure
        {
            Data =
            [
                new Scatter
                {
                    Name = "tokens",
                    X = rank,
                    Y = freq,
                    Text = ranked.Select(kv => kv.Key).ToArray(),
                    Mode = "markers",
                    Marker = new Marker { Color = Palette[0], Size = 5 },
                    HoverTemplate = "rank %{x}: '%{text}' × %{y}<extra></extra>",
                },
                new Scatter
                {
                    Name = string.Create(Inv, $"fit: f ∝ r<sup>{slope:0.00}</sup>"),
                    X = rank,
                    Y = fit,
                    Mode = "lines",
                    Line = new Line
                    {
                        Color = Palette[3],
                        Dash = "dash",
                        Width = 2,
                    },
                },
            ],
            Layout = new Layout
            {
                Title = string.Create(
                    Inv,
                    $"Zipf's law: frequency ∝ rank<sup>−s</sup>, s = {-slope:0.00}"
                ),
                XAxis = new Axis { Title = "rank r (log)", Type = "log" },
                YAxis = new Axis { Title = "frequency f (log)", Type = "log" },
            },
        };
    }

    /// <summary>Least squares in log10–log10 space: log y = c + slope · log x.</summary>
    internal static (double C, double Slope) FitLogLog(
        IReadOnlyList<double> x,
        IReadOnlyList<double> y
    )
    {
        int n = x.Count;
        double sx = 0,
            sy = 0,
            sxx = 0,
            sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double lx = Math.Log10(x[i]),
                ly = Math.Log10(y[i]);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return ((sy - slope * sx) / n, slope);
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
        return new Figure
        {
            Data = series
                .Select(
                    (s, i) =>
                        (Trace)
                            new Histogram
                            {
                                Name = s.Name,
                                X = s.Values.ToArray(),
                                Opacity = series.Length > 1 ? 0.6 : null,
                                NBinsX = 60,
                                Marker = new Marker { Color = Palette[i % Palette.Count] },
                            }
                )
                .ToArray(),
            Layout = new Layout
            {
                Title = title,
                BarMode = "overlay",
                XAxis = new Axis { Title = "value" },
                YAxis = new Axis { Title = "count" },
            },
        };
    }

    /// <summary>The unfolded computational graph of a cell over T steps, as SVG (see <see cref="UnfoldedGraphOptions"/>).</summary>
    /// <param name="options">Steps, cell name, loss nodes, backward paths, highlighted path.</param>
    public static Svg UnfoldedGraph(UnfoldedGraphOptions? options = null) =>
        Charts.UnfoldedGraph.Draw(options ?? new());

    /// <summary>The unfolded graph with <paramref name="steps"/> steps; backward paths and ∂L_T/∂h_k highlighted when k is given.</summary>
    /// <param name="steps">T, 1 to 12.</param>
    /// <param name="highlightFrom">k of the highlighted path ∂L_T/∂h_k, or null for the forward graph only.</param>
    /// <param name="cellName">The cell's name in the caption.</param>
    public static Svg UnfoldedGraph(
        int steps,
        int? highlightFrom = null,
        string cellName = "Elman RNN"
    ) =>
        Charts.UnfoldedGraph.Draw(
            new UnfoldedGraphOptions
            {
                Steps = steps,
                HighlightFrom = highlightFrom,
                ShowBackward = highlightFrom is not null,
                CellName = cellName,
            }
        );
}
