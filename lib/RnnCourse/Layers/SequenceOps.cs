// Time-axis helpers on (T × B × W) tensors that respect each sequence's length: reversing each
// sequence in place of its own length (the backward direction of a bidirectional layer), and
// picking the last valid step (sequence classification), each with its backward.

namespace RnnCourse.Layers;

/// <summary>Length-aware operations along the time axis.</summary>
public static class SequenceOps
{
    /// <summary>
    /// Reverses each sequence within its own length: out[t, b] = in[len_b − 1 − t, b] for
    /// t &lt; len_b; padded steps stay where they are. Without a mask every length is T.
    /// Reversal is its own inverse (and its own backward).
    /// </summary>
    /// <exception cref="ArgumentException">The mask has holes (no lengths) or does not match x.</exception>
    public static Tensor<T> Reverse<T>(Tensor<T> x, SequenceMask? mask = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (steps, batch, width) = Require3(x, nameof(x));
        var lengths = Lengths(mask, steps, batch, "Reverse");
        var y = Tensor<T>.Zeros(steps, batch, width);
        for (int b = 0; b < batch; b++)
        {
            int len = lengths?[b] ?? steps;
            for (int t = 0; t < steps; t++)
            {
                int source = t < len ? len - 1 - t : t;
                x.Slice(source).Slice(b * width, width).CopyTo(y.Slice(t).Slice(b * width, width));
            }
        }
        return y;
    }

    /// <summary>
    /// Token ids (T × B) reversed within each sequence's length, like
    /// <see cref="Reverse{T}(Tensor{T}, SequenceMask?)"/>: what the reverse direction of a
    /// bidirectional layer reads.
    /// </summary>
    public static TokenIds Reverse(TokenIds tokens, SequenceMask? mask = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = new int[tokens.Ids.Length];
        for (int b = 0; b < tokens.Batch; b++)
        {
            int len = mask?.Lengths?[b] ?? tokens.Steps;
            for (int t = 0; t < tokens.Steps; t++)
            {
                ids[t * tokens.Batch + b] = tokens[t < len ? len - 1 - t : t, b];
            }
        }
        return new TokenIds(ids, tokens.Steps, tokens.Batch);
    }

    /// <summary>The output at each sequence's last valid step: last[b] = hs[len_b − 1, b], shape (B × W).</summary>
    public static Tensor<T> LastStep<T>(Tensor<T> hs, SequenceMask? mask = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (steps, batch, width) = Require3(hs, nameof(hs));
        var lengths = Lengths(mask, steps, batch, "LastStep");
        var last = Tensor<T>.Zeros(batch, width);
        for (int b = 0; b < batch; b++)
        {
            int t = (lengths?[b] ?? steps) - 1;
            hs.Slice(t).Slice(b * width, width).CopyTo(last.Slice(b));
        }
        return last;
    }

    /// <summary>Backward of <see cref="LastStep{T}"/>: scatters dLast (B × W) into a zero (T × B × W).</summary>
    public static Tensor<T> LastStepBackward<T>(
        Tensor<T> dLast,
        int steps,
        SequenceMask? mask = null
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(dLast);
        ShapeCheck.WrongShapeIf(dLast.Rank != 2, dLast, $", expected (B, W)");
        ShapeCheck.PositiveSize(steps, "steps (T)");
        int batch = dLast.Shape[0],
            width = dLast.Shape[1];
        var lengths = Lengths(mask, steps, batch, "LastStepBackward");
        var dHs = Tensor<T>.Zeros(steps, batch, width);
        for (int b = 0; b < batch; b++)
        {
            int t = (lengths?[b] ?? steps) - 1;
            dLast.Slice(b).CopyTo(dHs.Slice(t).Slice(b * width, width));
        }
        return dHs;
    }

    /// <summary>
    /// Swaps the first two axes: (B × T × W) → (T × B × W) and back, for PyTorch's
    /// <c>batch_first</c> layout at a layer's boundary. <paramref name="name"/> names the argument in errors.
    /// </summary>
    public static Tensor<T> SwapBatchAndTime<T>(Tensor<T> x, string name = "x")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, w) = Require3(x, name, "(B, T, W) with B, T ≥ 1 (batch_first)");
        var y = Tensor<T>.Zeros(b, a, w);
        for (int i = 0; i < a; i++)
        {
            for (int j = 0; j < b; j++)
            {
                x.Span.Slice((i * b + j) * w, w).CopyTo(y.Span.Slice((j * a + i) * w, w));
            }
        }
        return y;
    }

    internal static (int Steps, int Batch, int Width) Require3<T>(
        Tensor<T> x,
        string name,
        string expected = "(T, B, W) with T, B ≥ 1 (time-major)"
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x, name);
        ShapeCheck.WrongShapeIf(
            x.Rank != 3 || x.Shape[0] == 0 || x.Shape[1] == 0,
            x,
            $", expected {expected}",
            name
        );
        return (x.Shape[0], x.Shape[1], x.Shape[2]);
    }

    private static IReadOnlyList<int>? Lengths(SequenceMask? mask, int steps, int batch, string op)
    {
        if (mask is null)
        {
            return null;
        }
        mask.Require(steps, batch);
        return mask.Lengths
            ?? throw new ArgumentException(
                $"{op} needs each sequence to be a prefix of valid steps, but the mask has holes. Build the mask with SequenceMask.FromLengths.",
                nameof(mask)
            );
    }
}
