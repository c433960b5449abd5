// Sine forecasting, the first RNN task of the course: predict the next sample of a sine wave
// with a random phase per sequence, optionally observed through Gaussian noise.
//   x_t = A·sin(ω·t + φ_b) + ε_t,  ε_t ~ N(0, σ²)   (input, t = 0 … T−1)
//   y_t = A·sin(ω·(t + 1) + φ_b)                      (target: the clean next value)
// A linear model of the last two inputs solves the clean wave exactly
// (sin(ω(t+1)) = 2cos ω·sin(ωt) − sin(ω(t−1))); noise is what makes memory of many steps pay.

namespace RnnCourse.Data;

/// <summary>Options of <see cref="SyntheticSine"/>.</summary>
/// <param name="Steps">T (50: two periods at the default frequency).</param>
/// <param name="Batch">B (32: a usual minibatch).</param>
/// <param name="Period">Samples per period, 2π/ω (25: smooth enough to see, short enough to learn fast).</param>
/// <param name="Amplitude">A (1: values in [−1, 1], tanh's range).</param>
/// <param name="NoiseStd">σ of the input noise (0: clean; 0.1 for the noisy variant).</param>
public sealed record SineOptions(
    int Steps = 50,
    int Batch = 32,
    double Period = 25,
    double Amplitude = 1,
    double NoiseStd = 0
) : SyntheticOptions(Steps, Batch);

/// <summary>Sine and noisy sine next-step forecasting: Inputs (T, B, 1), Targets (T, B, 1).</summary>
public static class SyntheticSine
{
    /// <summary>
    /// Generates a batch. Random draws, in order: per row b the phase φ_b ~ U(0, 2π), then (if
    /// σ &gt; 0) the T noise values of that row.
    /// </summary>
    public static SequenceTask<T> Generate<T>(SineOptions options, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SyntheticCheck.Arguments(options, rng);
        if (!(options.Period > 0) || !(options.NoiseStd >= 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"Period ({options.Period}) must be > 0 and NoiseStd ({options.NoiseStd}) ≥ 0."
            );
        }
        int steps = options.Steps,
            batch = options.Batch;
        double omega = 2 * Math.PI / options.Period;
        var x = Tensor<T>.Zeros(steps, batch, 1);
        var y = Tensor<T>.Zeros(steps, batch, 1);
        for (int b = 0; b < batch; b++)
        {
            double phase = rng.Uniform(0, 2 * Math.PI);
            for (int t = 0; t < steps; t++)
            {
                double noise = options.NoiseStd > 0 ? rng.Normal(0, options.NoiseStd) : 0;
                x[t, b, 0] = SyntheticCheck.C<T>(
                    options.Amplitude * Math.Sin(omega * t + phase) + noise
                );
                y[t, b, 0] = SyntheticCheck.C<T>(
                    options.Amplitude * Math.Sin(omega * (t + 1) + phase)
                );
            }
        }
        // Predicting y_t = x_t (persistence) has MSE A²·(1 − cos ω) + σ² on average over phases.
        double baseline =
            options.Amplitude * options.Amplitude * (1 - Math.Cos(omega))
            + options.NoiseStd * options.NoiseStd;
        return new SequenceTask<T>(
            options.NoiseStd > 0 ? "noisy-sine" : "sine",
            x,
            y,
            null,
            baseline,
            "persistence: predict the next value equals the current input"
        );
    }
}
