// The two ways to cut a long id stream into (T, B) minibatches (d2l §9.3; Karpathy's
// min-char-rnn uses the first with B = 1).
//
// Sequential partitioning, for stateful truncated BPTT: the stream is cut into B contiguous
// rows of length R = ⌊(L − 1)/B⌋ (row b starts at offset + b·R), and batch k holds steps
// k·T … k·T + T − 1 of every row. Row b of batch k+1 continues exactly where row b of batch k
// stopped, so the hidden state carried over from batch k is the right initial state for k+1
// (detach it, do not reset it).
//
// Random windows, for stateless training: B windows of T + 1 consecutive ids at random starts;
// consecutive batches are unrelated, so the hidden state is reset for every batch.

namespace RnnCourse.Text;

/// <summary>Cuts an id stream into (T, B) batches. All randomness comes from a given <see cref="Rng"/>.</summary>
public static class Batching
{
    /// <summary>
    /// Sequential partitioning for stateful truncated BPTT: B contiguous rows of
    /// R = ⌊(L − offset − 1)/B⌋ ids, walked T steps at a time. The last batch has fewer steps when
    /// T does not divide R (skip it with <paramref name="dropLast"/>). Pick a random
    /// <paramref name="offset"/> in [0, T) each epoch so the cut points move.
    /// </summary>
    public static IReadOnlyList<TokenBatch> Sequential(
        ReadOnlySpan<int> ids,
        int batchSize,
        int steps,
        int offset = 0,
        bool dropLast = false
    )
    {
        ShapeCheck.PositiveSize(batchSize, nameof(batchSize));
        ShapeCheck.PositiveSize(steps, nameof(steps));
        ShapeCheck.OutOfRangeIf(
            offset < 0 || offset >= ids.Length,
            offset,
            $"The offset must lie in 0..{ids.Length - 1}."
        );
        int rowLength = (ids.Length - offset - 1) / batchSize;
        ShapeCheck.InvalidIf(
            rowLength < 1,
            $"{ids.Length} ids (offset {offset}) cannot fill {batchSize} rows of at least 1 input + 1 target; "
                + $"need at least {offset + batchSize + 1}. Use a smaller batch or more text.",
            nameof(ids)
        );
        var batches = new List<TokenBatch>();
        for (int start = 0; start < rowLength; start += steps)
        {
            int t = Math.Min(steps, rowLength - start);
            if (t < steps && dropLast)
            {
                break;
            }
            var inputs = new int[t * batchSize];
            var targets = new int[t * batchSize];
            for (int s = 0; s < t; s++)
            {
                for (int b = 0; b < batchSize; b++)
                {
                    int p = offset + b * rowLength + start + s;
                    inputs[s * batchSize + b] = ids[p];
                    targets[s * batchSize + b] = ids[p + 1];
                }
            }
            batches.Add(new TokenBatch(inputs, targets, t, batchSize));
        }
        return batches;
    }

    /// <summary>
    /// One batch of B windows at uniformly random starts in [0, L − T − 1]: inputs ids[s … s+T−1],
    /// targets ids[s+1 … s+T]. Windows may overlap.
    /// </summary>
    public static TokenBatch RandomWindows(ReadOnlySpan<int> ids, int batchSize, int steps, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ShapeCheck.PositiveSize(batchSize, nameof(batchSize));
        ShapeCheck.PositiveSize(steps, nameof(steps));
        RequireWindow(ids.Length, steps);
        var inputs = new int[steps * batchSize];
        var targets = new int[steps * batchSize];
        for (int b = 0; b < batchSize; b++)
        {
            int start = rng.NextInt(ids.Length - steps);
            Fill(ids, start, b, batchSize, steps, inputs, targets);
        }
        return new TokenBatch(inputs, targets, steps, batchSize);
    }

    /// <summary>
    /// One epoch of random windows without overlap: the stream (from a random offset in [0, T))
    /// is cut into ⌊(L − offset − 1)/T⌋ windows of T steps, shuffled, and grouped B at a time
    /// (a final incomplete group is dropped). Every id is an input at most once per epoch.
    /// </summary>
    public static IReadOnlyList<TokenBatch> RandomWindowEpoch(
        ReadOnlySpan<int> ids,
        int batchSize,
        int steps,
        Rng rng
    )
    {
        ArgumentNullException.ThrowIfNull(rng);
        ShapeCheck.PositiveSize(batchSize, nameof(batchSize));
        ShapeCheck.PositiveSize(steps, nameof(steps));
        RequireWindow(ids.Length, steps);
        int offset = rng.NextInt(Math.Min(steps, ids.Length - steps));
        int windows = (ids.Length - offset - 1) / steps;
        var starts = new int[windows];
        for (int i = 0; i < windows; i++)
        {
            starts[i] = offset + i * steps;
        }
        rng.Shuffle(starts.AsSpan());
        var batches = new List<TokenBatch>();
        for (int k = 0; k + batchSize <= windows; k += batchSize)
        {
            var inputs = new int[steps * batchSize];
            var targets = new int[steps * batchSize];
            for (int b = 0; b < batchSize; b++)
            {
                Fill(ids, starts[k + b], b, batchSize, steps, inputs, targets);
            }
            batches.Add(new TokenBatch(inputs, targets, steps, batchSize));
        }
        return batches;
    }

    private static void Fill(
        ReadOnlySpan<int> ids,
        int start,
        int b,
        int batchSize,
        int steps,
        int[] inputs,
        int[] targets
    )
    {
        for (int s = 0; s < steps; s++)
        {
            inputs[s * batchSize + b] = ids[start + s];
            targets[s * batchSize + b] = ids[start + s + 1];
        }
    }

    private static void RequireWindow(int length, int steps)
    {
        ShapeCheck.InvalidIf(
            length < steps + 1,
            $"{length} ids are too few for a window of T = {steps} inputs + 1 target; need at least {steps + 1}.",
            "ids"
        );
    }
}
