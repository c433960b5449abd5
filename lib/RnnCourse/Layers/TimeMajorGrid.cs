// The (T, B) grid that token ids and sequence masks share: T steps of B sequences, entry t·B + b
// (time-major, as the engines read them). One check of a flat array against that grid, so a
// wrong length gets the same message from TokenIds and SequenceMask.

namespace RnnCourse.Layers;

/// <summary>Checks of flat (T, B) time-major arrays.</summary>
internal static class TimeMajorGrid
{
    /// <summary>Refuses T or B below 1, or a <paramref name="count"/> other than T × B.</summary>
    /// <exception cref="ArgumentException">Named after <paramref name="name"/> (or the size).</exception>
    public static void Require(int count, int steps, int batch, string name)
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
