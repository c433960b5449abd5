// One minibatch of a language model: (T, B) input ids and the (T, B) targets, each target the id
// that follows its input in the text (shifted by one). Row-major: element (t, b) is at t·B + b, so
// the B ids of step t are contiguous, as a time-major RNN consumes them.

namespace RnnCourse.Text;

/// <summary>(T, B) input ids and (T, B) target ids; <c>Targets[t, b]</c> follows <c>Inputs[t, b]</c>.</summary>
public sealed class TokenBatch : TimeMajorGrid
{
    /// <summary>Wraps (T, B) arrays; both must hold <paramref name="steps"/> × <paramref name="batch"/> ids.</summary>
    public TokenBatch(int[] inputs, int[] targets, int steps, int batch)
        : base(steps, batch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ShapeCheck.PositiveSize(steps, nameof(steps));
        ShapeCheck.PositiveSize(batch, nameof(batch));
        ShapeCheck.Matrix(inputs.Length, steps, batch, nameof(inputs));
        ShapeCheck.Matrix(targets.Length, steps, batch, nameof(targets));
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>(T, B) input ids, row-major.</summary>
    public int[] Inputs { get; }

    /// <summary>(T, B) target ids, row-major (the cross-entropy targets; −1 would mean padding).</summary>
    public int[] Targets { get; }

    /// <summary>Input id at step <paramref name="t"/>, row <paramref name="b"/>.</summary>
    public int Input(int t, int b) => Inputs[Index(t, b)];

    /// <summary>Target id at step <paramref name="t"/>, row <paramref name="b"/>.</summary>
    public int Target(int t, int b) => Targets[Index(t, b)];

    /// <summary>The B input ids of step <paramref name="t"/>.</summary>
    public ReadOnlySpan<int> InputsAt(int t) => Inputs.AsSpan(Index(t, 0), Batch);

    /// <summary>The B target ids of step <paramref name="t"/>.</summary>
    public ReadOnlySpan<int> TargetsAt(int t) => Targets.AsSpan(Index(t, 0), Batch);

    /// <summary>The inputs as one-hot vectors, shape (T, B, V).</summary>
    public Tensor<T> OneHotInputs<T>(int vocabularySize)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        OneHot.Encode<T>(Inputs, vocabularySize).Reshape(Steps, Batch, vocabularySize);

    private int Index(int t, int b)
    {
        if ((uint)t >= (uint)Steps || (uint)b >= (uint)Batch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(t),
                $"(t, b) = ({t}, {b}) is outside the ({Steps}, {Batch}) batch."
            );
        }
        return t * Batch + b;
    }
}
