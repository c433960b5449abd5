// Integer token ids laid out time-major (T × B), the compact form of a one-hot input: x_t[b] is
// the one-hot vector of ids[t, b] in a vocabulary of V = I symbols. A reference engine expands
// it to one-hot and multiplies; an optimized engine gathers column ids[t, b] of Wx instead,
// which is the same product without the V-wide zeros.

namespace RnnCourse.Layers;

/// <summary>Time-major token ids (T × B); −1 marks padding (an all-zero input row).</summary>
public sealed class TokenIds : TimeMajorGrid
{
    /// <summary>Wraps row-major ids: <c>ids[t * B + b]</c>.</summary>
    /// <exception cref="ArgumentException">The array length is not T × B, or a size is not positive.</exception>
    public TokenIds(int[] ids, int steps, int batch)
        : base(steps, batch)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Require(ids.Length, steps, batch, nameof(ids));
        Ids = ids;
    }

    /// <summary>The ids, row-major (T × B). Shared, not copied.</summary>
    public int[] Ids { get; }

    /// <summary>The id at step <paramref name="t"/> of sequence <paramref name="b"/>.</summary>
    public int this[int t, int b] => Ids[t * Batch + b];

    /// <summary>Throws unless every id is in 0..V−1 or −1 (padding).</summary>
    public void RequireVocabulary(int vocabulary) => RequireVocabulary(Ids, Batch, vocabulary);

    /// <summary>
    /// Throws unless every id of the time-major (T × <paramref name="batch"/>) array
    /// <paramref name="ids"/> is in 0..V−1 or −1 (padding); the message names the id's (t, b).
    /// </summary>
    public static void RequireVocabulary(ReadOnlySpan<int> ids, int batch, int vocabulary)
    {
        for (int k = 0; k < ids.Length; k++)
        {
            ShapeCheck.InvalidIf(
                ids[k] < -1 || ids[k] >= vocabulary,
                $"Token id {ids[k]} at (t, b) = ({k / batch}, {k % batch}) is outside the vocabulary 0..{vocabulary - 1} (−1 = padding).",
                nameof(ids)
            );
        }
    }

    /// <summary>The one-hot expansion, a (T × B × V) tensor.</summary>
    public Tensor<T> ToOneHot<T>(int vocabulary)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.PositiveSize(vocabulary, "vocabulary (V)");
        RequireVocabulary(vocabulary);
        var x = Tensor<T>.Zeros(Steps, Batch, vocabulary);
        for (int k = 0; k < Ids.Length; k++)
        {
            if (Ids[k] >= 0)
            {
                x.Data[k * vocabulary + Ids[k]] = T.One;
            }
        }
        return x;
    }
}
