// Which (t, b) positions of a padded batch are real steps. Variable-length sequences are padded
// to T steps; a mask makes the padding invisible: at a padded step the state is carried through
// unchanged, the output is 0, and nothing flows into the loss or any gradient.
// Shape legend: T steps, B batch.

namespace RnnCourse.Layers;

/// <summary>A (T × B) validity mask, built from per-sequence lengths or given explicitly.</summary>
public sealed class SequenceMask : TimeMajorGrid
{
    private readonly bool[] _valid;

    private SequenceMask(bool[] valid, int steps, int batch, int[]? lengths)
        : base(steps, batch)
    {
        _valid = valid;
        Lengths = lengths;
    }

    /// <summary>
    /// Per-sequence lengths when every sequence is a prefix (valid steps 0..len−1, then padding);
    /// null when the mask has holes. Bidirectional layers need lengths to reverse each sequence.
    /// </summary>
    public IReadOnlyList<int>? Lengths { get; }

    /// <summary>True if step <paramref name="t"/> of sequence <paramref name="b"/> is real (not padding).</summary>
    public bool IsValid(int t, int b) => _valid[t * Batch + b];

    /// <summary>
    /// A mask for sequences of the given lengths padded to <paramref name="steps"/> steps.
    /// </summary>
    /// <exception cref="ArgumentException">A length is outside 1..T (an empty sequence has nothing to learn from).</exception>
    public static SequenceMask FromLengths(IReadOnlyList<int> lengths, int steps)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ShapeCheck.PositiveSize(steps, "steps (T)");
        ShapeCheck.InvalidIf(
            lengths.Count == 0,
            "lengths is empty: give one length per sequence (B > 0).",
            nameof(lengths)
        );
        int batch = lengths.Count;
        var valid = new bool[steps * batch];
        for (int b = 0; b < batch; b++)
        {
            int len = lengths[b];
            ShapeCheck.InvalidIf(
                len < 1 || len > steps,
                $"lengths[{b}] is {len}; each length must be in 1..{steps} (T = {steps}). {(
                    len < 1 ? "Drop empty sequences from the batch." : "Pad x to the longest sequence."
                )}",
                nameof(lengths)
            );
            for (int t = 0; t < len; t++)
            {
                valid[t * batch + b] = true;
            }
        }
        return new SequenceMask(valid, steps, batch, [.. lengths]);
    }

    /// <summary>
    /// A mask from a row-major (T × B) array of 0/1 (or false/true). Every sequence needs at least
    /// one valid step. If every column is a prefix, <see cref="Lengths"/> is filled in.
    /// </summary>
    public static SequenceMask FromMatrix(IReadOnlyList<bool> mask, int steps, int batch)
    {
        ArgumentNullException.ThrowIfNull(mask);
        TimeMajorGrid.Require(mask.Count, steps, batch, nameof(mask));
        var valid = mask.ToArray();
        var lengths = new int[batch];
        bool prefix = true;
        for (int b = 0; b < batch; b++)
        {
            int count = 0;
            for (int t = 0; t < steps; t++)
            {
                if (valid[t * batch + b])
                {
                    if (count != t)
                    {
                        prefix = false;
                    }
                    count++;
                }
            }
            ShapeCheck.InvalidIf(
                count == 0,
                $"Sequence {b} has no valid step in the ({steps}, {batch}) mask; drop empty sequences from the batch.",
                nameof(mask)
            );
            lengths[b] = count;
        }
        return new SequenceMask(valid, steps, batch, prefix ? lengths : null);
    }

    /// <summary>Throws unless this mask is (T × B) = (<paramref name="steps"/>, <paramref name="batch"/>).</summary>
    public void Require(int steps, int batch, string name = "mask")
    {
        ShapeCheck.InvalidIf(
            steps != Steps || batch != Batch,
            $"{name} has shape (T, B) = ({Steps}, {Batch}), expected ({steps}, {batch}) to match x.",
            name
        );
    }

    /// <inheritdoc />
    public override string ToString() =>
        Lengths is null
            ? $"SequenceMask(T={Steps}, B={Batch}, with holes)"
            : $"SequenceMask(T={Steps}, B={Batch}, lengths=[{string.Join(", ", Lengths)}])";
}
