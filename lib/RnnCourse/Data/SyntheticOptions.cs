// What the synthetic tasks' options share: T steps of B sequences, both at least 1, and the
// checks every generator starts with. Each task's record adds its own knobs and defaults.

namespace RnnCourse.Data;

/// <summary>The sizes every synthetic task with a fixed length has.</summary>
/// <param name="Steps">T, steps per sequence (at least 1).</param>
/// <param name="Batch">B, sequences per batch (at least 1).</param>
public abstract record SyntheticOptions(int Steps, int Batch);

/// <summary>The argument checks and the conversion the synthetic generators share.</summary>
internal static class SyntheticCheck
{
    /// <summary>Refuses null options or randomness, and T or B below 1.</summary>
    public static void Arguments(SyntheticOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        Sizes(options.Steps, options.Batch);
    }

    /// <summary>Refuses T or B below 1.</summary>
    public static void Sizes(int steps, int batch)
    {
        ShapeCheck.OutOfRangeIf(steps < 1, steps, "Steps T must be at least 1.");
        ShapeCheck.OutOfRangeIf(batch < 1, batch, "Batch B must be at least 1.");
    }

    /// <summary>A double as T.</summary>
    public static T C<T>(double v)
        where T : unmanaged, IFloatingPointIeee754<T> => T.CreateChecked(v);
}
