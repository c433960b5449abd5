// Parity (temporal XOR): bits b_t ~ Bernoulli(½); the target at step t is b_0 ⊕ … ⊕ b_t.
// One flipped bit anywhere flips every later target, so the network must carry one bit of state
// exactly; with FinalOnly the loss only sees the last step, which makes credit assignment over
// all T steps the whole difficulty (Hochreiter & Schmidhuber, 1997, note it is hard for
// gradient descent). Guessing gives ln 2 nats.

namespace RnnCourse.Data;

/// <summary>Options of <see cref="SyntheticParity"/>.</summary>
/// <param name="Steps">T (20: easy with per-step targets, hard with FinalOnly).</param>
/// <param name="Batch">B.</param>
/// <param name="FinalOnly">Only the last step has a class target (others −1).</param>
public sealed record ParityOptions(int Steps = 20, int Batch = 32, bool FinalOnly = false)
    : SyntheticOptions(Steps, Batch);

/// <summary>Parity: Inputs (T, B, 1) bits; Targets (T, B, 1) running parity; ClassTargets (T, B) 0/1 (−1 = unused).</summary>
public static class SyntheticParity
{
    /// <summary>Generates a batch. Random draws, in order, per row b: T bits.</summary>
    public static SequenceTask<T> Generate<T>(ParityOptions options, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SyntheticCheck.Arguments(options, rng);
        int steps = options.Steps,
            batch = options.Batch;
        var x = Tensor<T>.Zeros(steps, batch, 1);
        var y = Tensor<T>.Zeros(steps, batch, 1);
        var classes = new int[steps * batch];
        for (int b = 0; b < batch; b++)
        {
            int parity = 0;
            for (int t = 0; t < steps; t++)
            {
                int bit = (int)(rng.NextUInt64() >> 63);
                parity ^= bit;
                x[t, b, 0] = bit == 1 ? T.One : T.Zero;
                y[t, b, 0] = parity == 1 ? T.One : T.Zero;
                classes[t * batch + b] = options.FinalOnly && t < steps - 1 ? -1 : parity;
            }
        }
        return new SequenceTask<T>("parity", x, y, classes, Math.Log(2), "a coin flip: ln 2 nats");
    }
}
