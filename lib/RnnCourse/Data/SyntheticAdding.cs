// The adding problem (Hochreiter & Schmidhuber, 1997; the form of Le, Jaitly & Hinton, 2015):
// each step shows a value u_t ~ U(0, 1) and a marker m_t ∈ {0, 1}; exactly two markers are 1,
// one in the first half and one in the second half of the sequence. The target, given once at
// the end, is the sum of the two marked values. Predicting 1 regardless gives MSE 1/6
// (the variance of a sum of two U(0, 1)); beating it needs memory across ~T/2 steps.

namespace RnnCourse.Data;

/// <summary>Options of <see cref="SyntheticAdding"/>.</summary>
/// <param name="Steps">T (100: hard for an Elman RNN, fine for an LSTM).</param>
/// <param name="Batch">B.</param>
public sealed record AddingOptions(int Steps = 100, int Batch = 32)
    : SyntheticOptions(Steps, Batch);

/// <summary>The adding problem: Inputs (T, B, 2) = (value, marker), Targets (B, 1) = sum of marked values.</summary>
public static class SyntheticAdding
{
    /// <summary>
    /// Generates a batch. Random draws, in order, per row b: T values, the first marker position
    /// in [0, ⌊T/2⌋), the second in [⌊T/2⌋, T). Needs T ≥ 2.
    /// </summary>
    public static SequenceTask<T> Generate<T>(AddingOptions options, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SyntheticCheck.Arguments(options, rng);
        if (options.Steps < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                "The adding problem needs T ≥ 2 (one marker per half)."
            );
        }
        int steps = options.Steps,
            batch = options.Batch,
            half = steps / 2;
        var x = Tensor<T>.Zeros(steps, batch, 2);
        var y = Tensor<T>.Zeros(batch, 1);
        var values = new double[steps];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                values[t] = rng.NextDouble();
                x[t, b, 0] = SyntheticCheck.C<T>(values[t]);
            }
            int first = rng.NextInt(half);
            int second = half + rng.NextInt(steps - half);
            x[first, b, 1] = T.One;
            x[second, b, 1] = T.One;
            y[b, 0] = SyntheticCheck.C<T>(values[first] + values[second]);
        }
        return new SequenceTask<T>(
            "adding",
            x,
            y,
            null,
            1.0 / 6,
            "predict 1 (the mean of the sum), MSE 1/6"
        );
    }
}
