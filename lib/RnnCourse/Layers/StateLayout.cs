// PyTorch's layout of the states of a stack: h_0 / h_n are (num_layers · num_directions, B, S)
// and c_0 / c_n (num_layers · num_directions, B, H), entry k·D + d holding layer k, direction d
// (d = 1 the reverse direction). A layer's engine works with one (B × S) block; these helpers
// cut the stacked tensor into blocks (checking the shape, with PyTorch's name beside ours) and
// put blocks back together.

namespace RnnCourse.Layers;

/// <summary>Splits and stacks recurrent states in PyTorch's (L·D, B, ·) layout.</summary>
public static class StateLayout
{
    /// <summary>
    /// The (B × S) states of entries [<paramref name="first"/>, first + <paramref name="count"/>)
    /// of a stacked state; null entries when <paramref name="stacked"/> is null. The shapes are
    /// checked against (<paramref name="entries"/>, B, S) and (entries, B, H).
    /// </summary>
    /// <exception cref="ArgumentException">A shape differs; the message names the argument, PyTorch's name, the shape given and the one expected.</exception>
    public static RecurrentState<T>?[] Split<T>(
        RecurrentState<T>? stacked,
        CellConfig config,
        int entries,
        int batch,
        int first,
        int count,
        string name
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new RecurrentState<T>?[count];
        if (stacked is null)
        {
            return result;
        }
        Require(stacked, config, entries, batch, name);
        for (int k = 0; k < count; k++)
        {
            result[k] = new RecurrentState<T>(
                Block(stacked.H, first + k),
                stacked.C is null ? null : Block(stacked.C, first + k)
            );
        }
        return result;
    }

    /// <summary>Checks a stacked state is (entries, B, S) with memory (entries, B, H) for an LSTM (c may be absent in a gradient only).</summary>
    public static void Require<T>(
        RecurrentState<T> stacked,
        CellConfig config,
        int entries,
        int batch,
        string name
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stacked, name);
        ArgumentNullException.ThrowIfNull(config);
        bool gradient = name.StartsWith('d');
        var (torchH, torchC) = EngineArgs.TorchStateNames(name);
        Check(stacked.H, [entries, batch, config.StateSize], $"{name}.H (PyTorch {torchH})", name);
        if (!config.HasMemory)
        {
            ShapeCheck.InvalidIf(
                stacked.C is not null,
                $"{name}.C (PyTorch {torchC}) is given, but a {config.Kind} cell has no memory c; pass only h.",
                name
            );
            return;
        }
        if (stacked.C is null)
        {
            if (gradient)
            {
                return;
            }
            throw new ArgumentException(
                $"{name}.C (PyTorch {torchC}) is missing: an LSTM needs c of shape (num_layers·num_directions, B, H) = ({entries}, {batch}, {config.HiddenSize}).",
                name
            );
        }
        Check(stacked.C, [entries, batch, config.HiddenSize], $"{name}.C (PyTorch {torchC})", name);
    }

    /// <summary>Stacks (B × S) states (and (B × H) memories) into (N, B, S) and (N, B, H) copies.</summary>
    public static RecurrentState<T> Stack<T>(IReadOnlyList<RecurrentState<T>> states)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(states);
        ShapeCheck.InvalidIf(
            states.Count == 0,
            "states is empty: nothing to stack.",
            nameof(states)
        );
        return new RecurrentState<T>(
            StackBlocks(states.Select(s => s.H).ToList()),
            states[0].C is null ? null : StackBlocks(states.Select(s => s.C!).ToList())
        );
    }

    private static Tensor<T> StackBlocks<T>(IReadOnlyList<Tensor<T>> blocks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = blocks[0].Shape[0],
            cols = blocks[0].Shape[1];
        var y = Tensor<T>.Zeros(blocks.Count, rows, cols);
        for (int k = 0; k < blocks.Count; k++)
        {
            blocks[k].RequireShape($"states[{k}]", rows, cols);
            blocks[k].Span.CopyTo(y.Span.Slice(k * rows * cols, rows * cols));
        }
        return y;
    }

    private static Tensor<T> Block<T>(Tensor<T> stacked, int index)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = stacked.Shape[1],
            cols = stacked.Shape[2];
        return Tensor<T>.From(stacked.Span.Slice(index * rows * cols, rows * cols), rows, cols);
    }

    private static void Check<T>(Tensor<T> t, int[] expected, string what, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.InvalidIf(
            !t.Shape.SequenceEqual(expected),
            $"{what} has shape {t.ShapeText}, expected (num_layers·num_directions, B, width) = {ShapeCheck.Format(expected)}.",
            name
        );
    }
}
