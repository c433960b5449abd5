// The sampling temperature as a slider: the next-symbol distribution softmax(logits / τ), one
// frame per τ, so students see low τ sharpen it towards argmax and high τ flatten it.
namespace RnnCourse.Charts;

public static partial class CourseCharts
{
    /// <summary>
    /// The next-character distribution softmax(logits / τ) with a slider over the sampling
    /// temperature τ: low τ sharpens towards argmax, high τ flattens towards uniform.
    /// </summary>
    /// <param name="logits">Unnormalised scores, one per symbol.</param>
    /// <param name="labels">The symbols (same length).</param>
    /// <param name="temperatures">The τ values of the slider (all &gt; 0); default 0.2 … 2.</param>
    /// <exception cref="ArgumentException">Lengths differ, or a temperature is not positive.</exception>
    public static Figure TemperatureSlider(
        IReadOnlyList<double> logits,
        IReadOnlyList<string> labels,
        IReadOnlyList<double>? temperatures = null
    )
    {
        if (logits.Count != labels.Count || logits.Count == 0)
            throw new ArgumentException(
                $"logits has {logits.Count} values and labels {labels.Count}; pass one label per logit (at least one).",
                nameof(labels)
            );
        var taus = temperatures ?? [0.2, 0.35, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0];
        foreach (var tau in taus)
        {
            if (!(tau > 0) || !double.IsFinite(tau))
                throw new ArgumentException(
                    $"Temperature {tau} is not a positive finite number.",
                    nameof(temperatures)
                );
        }
        var shown = labels.Select(l => l.Length == 1 ? Visible(l[0]) : l).ToArray();
        var frames = taus.Select(tau =>
        {
            IReadOnlyList<Trace> bars =
            [
                Bars("p", shown, SoftmaxWithTemperature(logits, tau), Palette[0]),
            ];
            return (tau.ToString("0.##", Inv), bars);
        });
        int active = Math.Max(0, taus.ToList().FindIndex(t => Math.Abs(t - 1) < 1e-12));
        var xAxis = Ax("next symbol", "category");
        var layout = Titled(
            "Sampling distribution softmax(logits / τ)",
            xAxis,
            Ax("probability") with
            {
                Range = [0, 1],
            }
        ) with
        {
            ShowLegend = false,
        };
        return Animation.WithSlider(layout, [.. frames], "τ = ", playButton: false, active: active);
    }

    /// <summary>softmax(z / τ), max-stabilised.</summary>
    internal static double[] SoftmaxWithTemperature(IReadOnlyList<double> logits, double tau)
    {
        double max = logits.Max();
        var p = logits.Select(z => Math.Exp((z - max) / tau)).ToArray();
        double sum = p.Sum();
        for (int i = 0; i < p.Length; i++)
            p[i] /= sum;
        return p;
    }
}
