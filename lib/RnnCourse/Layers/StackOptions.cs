// The options of a StackedRnn that are not the cell's: PyTorch's dropout, bidirectional and
// batch_first (the cell's own options, bias, proj_size and nonlinearity, live in CellConfig).
namespace RnnCourse.Layers;

/// <summary>Options of a <see cref="StackedRnn{T}"/>; defaults carry the reason.</summary>
public sealed record StackOptions
{
    /// <summary>
    /// PyTorch's <c>dropout</c>: probability of zeroing an activation between layers (never after
    /// the top layer, never on the recurrent path). 0 by default: dropout is a regulariser to add
    /// once a model overfits.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>Seed of the dropout masks (the library's one Rng, so runs repeat exactly).</summary>
    public ulong DropoutSeed { get; init; } = 1;

    /// <summary>
    /// PyTorch's <c>bidirectional</c>: null (default) for one direction; Concat (PyTorch's
    /// behaviour) or Sum for bidirectional layers.
    /// </summary>
    public BidirectionalMerge? Bidirectional { get; init; }

    /// <summary>
    /// PyTorch's <c>batch_first</c>: x, the output and its gradient are (B × T × ·) instead of
    /// (T × B × ·). False by default: the library (and PyTorch) is time-major. States keep the
    /// (L·D, B, ·) layout either way, as in PyTorch; token ids carry their own (T, B) indexing.
    /// </summary>
    public bool BatchFirst { get; init; }

    /// <summary>Throws unless time-major: for models whose token ids and outputs are (T, B, ·).</summary>
    internal StackOptions RequireTimeMajor(string model) =>
        BatchFirst
            ? throw new ArgumentException(
                $"StackOptions.BatchFirst (PyTorch batch_first) does not apply to {model}: its token ids are (T, B) and its outputs time-major.",
                "config"
            )
            : this;
}
