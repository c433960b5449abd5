// The (T, B) grid that token ids, sequence masks and language-model batches share: T steps of B
// sequences, entry t·B + b (time-major, as the engines read them). The grid's two sizes are
// declared here once, and one check of a flat array against the grid, so a wrong length gets the
// same message from TokenIds and SequenceMask.

namespace RnnCourse.Layers;

/// <summary>A (T, B) time-major grid: T steps of B sequences, entry (t, b) at t·B + b.</summary>
public abstract class TimeMajorGrid
{
    /// <summary>Sets the grid's sizes (checked by the derived class).</summary>
    private protected TimeMajorGrid(int steps, int batch)
    {
        Steps = steps;
        Batch = batch;
    }

    /// <summary>T: time steps (the padded length of the sequences).</summary>
    public int Steps { get; }

    /// <summary>B: sequences in parallel.</summary>
    public int Batch { get; }

    /// <summary>Refuses T or B below 1, or a <paramref name="count"/> other than T × B.</summary>
    /// <exception cref="ArgumentException">Named after <paramref name="name"/> (or the size).</exception>
    internal static void Require(int count, int steps, int batch, string name)
    {
        ShapeCheck.PositiveSize(steps, "steps (T)");
        ShapeCheck.PositiveSize(batch, "batch (B)");
        ShapeCheck.InvalidIf(
            count != steps * batch,
            $"{name} has {count} entries, expected T × B = ({steps}, {batch}) = {steps * batch}.",
            name
        );
    }
}
