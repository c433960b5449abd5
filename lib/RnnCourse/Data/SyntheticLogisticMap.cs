// The logistic map x_{t+1} = r·x_t·(1 − x_t) (May, 1976): one line, yet chaotic for r ≈ 3.57…4.
// Next-step prediction is a fixed quadratic of the current input, so a small RNN (or even an
// MLP) learns it; multi-step generation then shows how small errors grow exponentially
// (Lyapunov exponent ≈ 0.49 at r = 3.9), which is the lesson.

namespace RnnCourse.Data;

/// <summary>Options of <see cref="SyntheticLogisticMap"/>.</summary>
/// <param name="Steps">T.</param>
/// <param name="Batch">B.</param>
/// <param name="R">r ∈ (0, 4] (3.9: chaotic; 3.2 gives a 2-cycle, 2.8 a fixed point).</param>
public sealed record LogisticMapOptions(int Steps = 50, int Batch = 32, double R = 3.9)
    : SyntheticOptions(Steps, Batch);

/// <summary>Logistic map forecasting: Inputs (T, B, 1) = x_t, Targets (T, B, 1) = x_{t+1}.</summary>
public static class SyntheticLogisticMap
{
    /// <summary>Generates a batch. Random draws, in order: per row b, x_0 ~ U(0.05, 0.95).</summary>
    public static SequenceTask<T> Generate<T>(LogisticMapOptions options, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SyntheticCheck.Arguments(options, rng);
        ShapeCheck.OutOfRangeIf(
            !(options.R > 0 && options.R <= 4),
            options.R,
            "r must lie in (0, 4] so x stays in [0, 1].",
            nameof(options)
        );
        var x = Tensor<T>.Zeros(options.Steps, options.Batch, 1);
        var y = Tensor<T>.Zeros(options.Steps, options.Batch, 1);
        double sumSq = 0;
        for (int b = 0; b < options.Batch; b++)
        {
            double v = rng.Uniform(0.05, 0.95);
            for (int t = 0; t < options.Steps; t++)
            {
                double next = options.R * v * (1 - v);
                x[t, b, 0] = SyntheticCheck.C<T>(v);
                y[t, b, 0] = SyntheticCheck.C<T>(next);
                sumSq += (next - v) * (next - v);
                v = next;
            }
        }
        return new SequenceTask<T>(
            "logistic-map",
            x,
            y,
            null,
            sumSq / (options.Steps * options.Batch),
            "persistence: predict x_{t+1} = x_t (MSE measured on this batch)"
        );
    }

    /// <summary>One step of the map, r·x·(1 − x), for checking generated trajectories.</summary>
    public static double Step(double x, double r) => r * x * (1 - x);
}
