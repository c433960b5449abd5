// Training and validation curves that grow while training runs. In a notebook cell:
//     var chart = CourseCharts.LiveLoss("char-RNN on Quijote", LossMetric.Perplexity).Show();
//     for (...) { ...; chart.Add(step, trainLoss, valLoss); }   // redraws that output in place
// Show() displays through the kernel so that every redraw carries the displayed output's id
// (VS Code, `rnncourse run` and Jupyter alike); Attach hands the redraws to any other callback.
// Losses are mean cross-entropy in nats per symbol; perplexity = exp(loss) (Jurafsky & Martin §3.3).
using System.Globalization;

namespace RnnCourse.Charts;

/// <summary>Which quantity the loss chart plots.</summary>
public enum LossMetric
{
    /// <summary>Cross-entropy loss in nats per symbol, on a linear axis.</summary>
    Loss,

    /// <summary>Perplexity exp(loss), on a log axis (1 = perfect, V = uniform guessing over V symbols).</summary>
    Perplexity,
}

/// <summary>One recorded evaluation: step, training loss, optional validation loss.</summary>
/// <param name="Step">The optimisation step (or epoch).</param>
/// <param name="Train">Training loss (nats per symbol).</param>
/// <param name="Validation">Validation loss, or null when not evaluated at this step.</param>
public sealed record LossPoint(long Step, double Train, double? Validation);

/// <summary>
/// A loss/perplexity chart you add points to during training; shown in a notebook with
/// <see cref="Show"/>, it redraws in place after every <see cref="UpdateEvery"/>-th <see cref="Add"/>.
/// </summary>
[TypeFormatterSource(typeof(ChartFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
public sealed class LossChart
{
    private readonly List<LossPoint> _points = [];
    private readonly object _gate = new();
    private Action<object>? _update;
    private int _sinceUpdate;

    /// <summary>Creates an empty chart.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="metric">Loss (linear axis) or perplexity (log axis).</param>
    public LossChart(string title = "Training", LossMetric metric = LossMetric.Loss)
    {
        Title = title;
        Metric = metric;
    }

    /// <summary>The chart title.</summary>
    public string Title { get; }

    /// <summary>Loss or perplexity.</summary>
    public LossMetric Metric { get; }

    /// <summary>Re-render after this many <see cref="Add"/> calls (1: every call).</summary>
    public int UpdateEvery
    {
        get;
        set =>
            field =
                value >= 1
                    ? value
                    : throw new ArgumentOutOfRangeException(
                        nameof(value),
                        value,
                        "UpdateEvery must be at least 1."
                    );
    } = 1;

    /// <summary>A snapshot of the recorded points, in the order added.</summary>
    public IReadOnlyList<LossPoint> Points
    {
        get
        {
            lock (_gate)
                return _points.ToArray();
        }
    }

    /// <summary>
    /// Calls <paramref name="update"/> with this chart after every <see cref="UpdateEvery"/>-th
    /// <see cref="Add"/> (in a notebook, <see cref="Show"/> does this for you).
    /// </summary>
    /// <param name="update">Re-renders the chart (a display handle's Update method).</param>
    /// <returns>This chart.</returns>
    public LossChart Attach(Action<object> update)
    {
        _update = update ?? throw new ArgumentNullException(nameof(update));
        return this;
    }

    /// <summary>
    /// Shows the chart as an output of the running notebook cell and redraws that output in place
    /// after every <see cref="UpdateEvery"/>-th <see cref="Add"/>, from this cell or a later one.
    /// </summary>
    /// <returns>This chart.</returns>
    /// <exception cref="InvalidOperationException">No notebook cell is running (outside VS Code,
    /// <c>rnncourse run</c> or Jupyter): use <see cref="Attach"/> or save the chart instead.</exception>
    public LossChart Show() =>
        Attach(
            NotebookDisplay.Show(this, MimeTypes.Html)
                ?? throw new InvalidOperationException(
                    "Show() needs a running .NET Interactive notebook cell (VS Code, rnncourse run, Jupyter) or a program made by rnncourse export. Elsewhere, pass a callback to Attach(...) or save the chart with Figure.SaveHtml."
                )
        );

    /// <summary>Records one evaluation and re-renders if attached.</summary>
    /// <param name="step">The step; must not decrease.</param>
    /// <param name="train">Training loss in nats per symbol (NaN: diverged, drawn as a gap).</param>
    /// <param name="validation">Validation loss, or null when not evaluated at this step.</param>
    /// <exception cref="ArgumentException">The step is smaller than the previous one.</exception>
    public void Add(long step, double train, double? validation = null)
    {
        bool fire;
        lock (_gate)
        {
            if (_points.Count > 0 && step < _points[^1].Step)
                throw new ArgumentException(
                    $"Step {step} comes before the last recorded step {_points[^1].Step}; steps must not decrease (start a new chart for a new run).",
                    nameof(step)
                );
            _points.Add(new LossPoint(step, train, validation));
            _sinceUpdate++;
            fire = _update is not null && _sinceUpdate >= UpdateEvery;
            if (fire)
                _sinceUpdate = 0;
        }
        if (fire)
            _update!(this);
    }

    /// <summary>The current state as a figure (train line, validation line with markers, best validation marked).</summary>
    public Figure ToFigure() => CourseCharts.LossCurves(Points, Title, Metric);

    /// <summary>"LossChart 'title': n points, last train …, best validation … at step …".</summary>
    public override string ToString()
    {
        var pts = Points;
        if (pts.Count == 0)
            return $"LossChart '{Title}': no points yet";
        var last = pts[^1];
        var best = pts.Where(p => p.Validation is { } v && double.IsFinite(v))
            .MinBy(p => p.Validation);
        var s = string.Create(
            CultureInfo.InvariantCulture,
            $"LossChart '{Title}': {pts.Count} points, last train {last.Train:0.####} at step {last.Step}"
        );
        return best is null
            ? s
            : s
                + string.Create(
                    CultureInfo.InvariantCulture,
                    $", best validation {best.Validation:0.####} at step {best.Step}"
                );
    }
}
