// Gradient clipping, the standard remedy for exploding gradients in RNNs (Pascanu, Mikolov &
// Bengio 2013, "On the difficulty of training recurrent neural networks", Algorithm 1).
// Both forms work in place on the flat gradient buffer of a ParameterSet.
using System.Numerics.Tensors;

namespace RnnCourse.Training;

/// <summary>Clipping by global norm and by value, in place on a gradient span.</summary>
public static class GradientClipping
{
    /// <summary>
    /// If ‖g‖₂ &gt; <paramref name="maxNorm"/>, rescales g ← g · maxNorm / ‖g‖₂ (direction kept).
    /// Returns the norm before clipping (log it: it tells you whether clipping is active).
    /// A non-finite norm is returned unchanged and g is left alone, so the caller can detect divergence.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not a positive finite number.</exception>
    public static T ClipByGlobalNorm<T>(Span<T> g, T maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequirePositive(maxNorm);
        T norm = g.IsEmpty ? T.Zero : TensorPrimitives.Norm<T>(g);
        ScaleToNorm(g, norm, maxNorm);
        return norm;
    }

    /// <summary>
    /// The rescaling of <see cref="ClipByGlobalNorm{T}"/> when ‖g‖₂ is already known
    /// (<paramref name="norm"/>; the trainer computes it once for its report): if it is finite and
    /// above <paramref name="maxNorm"/>, g ← g · maxNorm / norm. Returns whether g was rescaled.
    /// </summary>
    public static bool ScaleToNorm<T>(Span<T> g, T norm, T maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsFinite(norm) && norm > maxNorm)
        {
            TensorPrimitives.Multiply(g, maxNorm / norm, g);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Clamps every component to [−<paramref name="maxValue"/>, <paramref name="maxValue"/>]
    /// (min-char-rnn uses ±5). Changes the direction of g; prefer the global norm. Returns how many
    /// components were clipped. NaN components are left as they are.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is not a positive finite number.</exception>
    public static int ClipByValue<T>(Span<T> g, T maxValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequirePositive(maxValue);
        int clipped = 0;
        for (int i = 0; i < g.Length; i++)
        {
            if (g[i] > maxValue)
            {
                g[i] = maxValue;
                clipped++;
            }
            else if (g[i] < -maxValue)
            {
                g[i] = -maxValue;
                clipped++;
            }
        }
        return clipped;
    }

    /// <summary>Refuses a threshold that is not a positive finite number, naming it.</summary>
    private static void RequirePositive<T>(
        T threshold,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(threshold))]
            string name = ""
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.OutOfRangeIf(
            !(T.IsFinite(threshold) && threshold > T.Zero),
            threshold,
            $"{name} must be finite and > 0 (typical 1 to 5).",
            name
        );
    }
}
