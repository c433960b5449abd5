// The seed example of the course, exactly: a sentence → word indices → one-hot vectors → a
// labeled dataset of sliding windows. With n-gram size n, window i holds the n inputs
// ids[i..i+n−1] and the 1 target ids[i+n] (the next word), so a sequence of L ids gives
// N = L − n windows ("number of sequences"), each of window size n + 1.
//   L = 5, n = 2:  [a b c d e] → (a b → c), (b c → d), (c d → e): N = 3.
using System.Text;

namespace RnnCourse.Text;

/// <summary>One-hot encoding: id k of a V-word vocabulary → the unit vector e_k ∈ R^V.</summary>
public static class OneHot
{
    /// <summary>A (L, V) matrix whose row t is e_{ids[t]}.</summary>
    public static Tensor<T> Encode<T>(ReadOnlySpan<int> ids, int vocabularySize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.PositiveSize(vocabularySize, nameof(vocabularySize));
        var x = Tensor<T>.Zeros(ids.Length, vocabularySize);
        for (int t = 0; t < ids.Length; t++)
        {
            CheckId(ids[t], vocabularySize);
            x.Data[t * vocabularySize + ids[t]] = T.One;
        }
        return x;
    }

    /// <summary>Writes e_<paramref name="id"/> into <paramref name="destination"/> (length V).</summary>
    public static void Write<T>(int id, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckId(id, destination.Length);
        destination.Clear();
        destination[id] = T.One;
    }

    internal static void CheckId(int id, int vocabularySize)
    {
        if ((uint)id >= (uint)vocabularySize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(id),
                $"Token id {id} is outside the vocabulary of size V = {vocabularySize} (valid: 0..{vocabularySize - 1})."
            );
        }
    }
}

/// <summary>
/// The labeled dataset of n-gram windows: N rows of n input ids and 1 target id.
/// <see cref="Inputs"/> is (N, n) row-major, <see cref="Targets"/> is (N).
/// </summary>
public sealed class LabeledDataset
{
    internal LabeledDataset(int[] inputs, int[] targets, int n)
    {
        Inputs = inputs;
        Targets = targets;
        NGramSize = n;
    }

    /// <summary>n: input ids per window.</summary>
    public int NGramSize { get; }

    /// <summary>Window size n + 1: the inputs plus the target.</summary>
    public int WindowSize => NGramSize + 1;

    /// <summary>N: the number of sequences (windows).</summary>
    public int Count => Targets.Length;

    /// <summary>(N, n) input ids, row-major.</summary>
    public int[] Inputs { get; }

    /// <summary>(N) target ids: the id following each window.</summary>
    public int[] Targets { get; }

    /// <summary>The n input ids of window <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Input(int i) => Inputs.AsSpan(i * NGramSize, NGramSize);

    /// <summary>The inputs as one-hot vectors, shape (N, n, V).</summary>
    public Tensor<T> OneHotInputs<T>(int vocabularySize)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        OneHot.Encode<T>(Inputs, vocabularySize).Reshape(Count, NGramSize, vocabularySize);

    /// <summary>The targets as one-hot vectors, shape (N, V).</summary>
    public Tensor<T> OneHotTargets<T>(int vocabularySize)
        where T : unmanaged, IFloatingPointIeee754<T> => OneHot.Encode<T>(Targets, vocabularySize);

    /// <summary>
    /// The window table as text, one row per window: "i | x1 x2 … | y" with tokens from
    /// <paramref name="vocabulary"/> when given, ids otherwise.
    /// </summary>
    public string ToTable(Vocabulary? vocabulary = null)
    {
        string Show(int id) => vocabulary is null ? id.ToString() : $"{vocabulary[id]}({id})";
        var sb = new StringBuilder();
        for (int i = 0; i < Count; i++)
        {
            var xs = new List<string>();
            foreach (int id in Input(i))
            {
                xs.Add(Show(id));
            }
            sb.Append(i)
                .Append(" | ")
                .AppendJoin(' ', xs)
                .Append(" | ")
                .Append(Show(Targets[i]))
                .Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>Builds the sliding-window labeled dataset of the seed example.</summary>
public static class NGramWindows
{
    /// <summary>
    /// Windows of <paramref name="n"/> inputs and 1 target over <paramref name="ids"/>, stride 1:
    /// N = ids.Length − n.
    /// </summary>
    public static LabeledDataset Create(ReadOnlySpan<int> ids, int n)
    {
        ShapeCheck.OutOfRangeIf(n < 1, n, "The n-gram size n must be at least 1.");
        ShapeCheck.InvalidIf(
            ids.Length <= n,
            $"A sequence of {ids.Length} ids has no window of {n} inputs + 1 target; it needs at least {n + 1} ids. "
                + $"Use a longer text or a smaller n.",
            nameof(ids)
        );
        int count = ids.Length - n;
        var inputs = new int[count * n];
        var targets = new int[count];
        for (int i = 0; i < count; i++)
        {
            ids.Slice(i, n).CopyTo(inputs.AsSpan(i * n, n));
            targets[i] = ids[i + n];
        }
        return new LabeledDataset(inputs, targets, n);
    }
}
