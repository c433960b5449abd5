// The copy (memory) task with a delay (Hochreiter & Schmidhuber, 1997; Arjovsky, Shah & Bengio,
// 2016): see L symbols, wait D steps, then reproduce the symbols. Alphabet: 0 = blank, 1…K =
// symbols, K + 1 = delimiter ("now repeat"). With T = L + D + L:
//   input : s_1 … s_L, blank × (D − 1), delimiter, blank × L        (one-hot, I = K + 2)
//   target: blank × (L + D), s_1 … s_L                                (classes 0…K, O = K + 1)
// A memoryless model outputs blank for L + D steps and guesses uniformly for the last L:
// cross-entropy L·ln K / T, the baseline to beat.

namespace RnnCourse.Data;

/// <summary>Options of <see cref="SyntheticCopy"/>.</summary>
/// <param name="Length">L, symbols to remember (10, as in Arjovsky et al.).</param>
/// <param name="Delay">D ≥ 1, steps between the last symbol and the end of the delimiter (20: long for an Elman RNN).</param>
/// <param name="Symbols">K, alphabet size (8).</param>
/// <param name="Batch">B.</param>
public sealed record CopyOptions(int Length = 10, int Delay = 20, int Symbols = 8, int Batch = 32);

/// <summary>The copy task: Inputs (T, B, K + 2) one-hot; Targets (T, B, K + 1) one-hot; ClassTargets (T, B).</summary>
public static class SyntheticCopy
{
    /// <summary>Generates a batch. Random draws, in order, per row b: the L symbols, uniform in 1…K.</summary>
    public static SequenceTask<T> Generate<T>(CopyOptions options, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        if (options.Length < 1 || options.Delay < 1 || options.Symbols < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"Length ({options.Length}), Delay ({options.Delay}) and Symbols ({options.Symbols}) must all be ≥ 1."
            );
        }
        int l = options.Length,
            d = options.Delay,
            k = options.Symbols,
            batch = options.Batch;
        int steps = l + d + l;
        SyntheticCheck.Sizes(steps, batch);
        var x = Tensor<T>.Zeros(steps, batch, k + 2);
        var y = Tensor<T>.Zeros(steps, batch, k + 1);
        var classes = new int[steps * batch];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                x[t, b, 0] = T.One; // blank unless overwritten below
                y[t, b, 0] = T.One;
            }
            for (int i = 0; i < l; i++)
            {
                int s = 1 + rng.NextInt(k);
                x[i, b, 0] = T.Zero;
                x[i, b, s] = T.One;
                int tOut = l + d + i;
                y[tOut, b, 0] = T.Zero;
                y[tOut, b, s] = T.One;
                classes[tOut * batch + b] = s;
            }
            int delimiter = l + d - 1;
            x[delimiter, b, 0] = T.Zero;
            x[delimiter, b, k + 1] = T.One;
        }
        double baseline = l * Math.Log(k) / steps;
        return new SequenceTask<T>(
            "copy",
            x,
            y,
            classes,
            baseline,
            "blank until the delimiter, then a uniform guess: L·ln K / T"
        );
    }
}
