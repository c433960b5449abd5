// The recurrent-weight layouts of FusedEngine (a partial class): the transposed copy of Wh that
// speeds up the small-batch backward product, and Wh packed once per pass into the GEMM's panels
// for the forward products h·Whᵀ and the backward products dG·Wh (or given packed by the caller,
// once for the several engines of the char model's batch parts).
// Shapes: Wh (G·H × H), Whᵀ (H × G·H).
namespace RnnCourse.Bptt;

public sealed partial class FusedEngine
{
    /// <summary>Up to this batch the backward product uses a transposed copy of Wh (see Workspace.WhT).</summary>
    private const int SmallBatch = 4;

    /// <summary>
    /// True when T steps of the faster dot-form product repay one transpose of Wh. Measured on
    /// the course machine: the transpose costs 0.6–1.8 ns per weight (more once Wh leaves L2),
    /// the dot form saves ~0.09 ns per weight per step while Wh fits L2 (≤ 256 K weights) and
    /// ~0.035 ns beyond: break-even near T = 12 and T = 50.
    /// </summary>
    private bool TransposePays(int steps) =>
        steps >= 50 || (steps >= 12 && (long)_cell.GH * Config.HiddenSize <= 262_144);

    /// <summary>Whᵀ (H × GH) in a reused buffer, transposed in 32-row blocks (contiguous writes).</summary>
    private float[] TransposedRecurrentWeights(ParameterSet<float> p)
    {
        int gh = _cell.GH,
            h = Config.HiddenSize;
        if (_whT.Length != gh * h)
        {
            _whT = new float[gh * h];
        }
        var wh = p.Value(Slots.Wh);
        for (int j0 = 0; j0 < gh; j0 += 32)
        {
            int j1 = Math.Min(gh, j0 + 32);
            for (int k = 0; k < h; k++)
            {
                for (int j = j0; j < j1; j++)
                {
                    _whT[k * gh + j] = wh[j * h + k];
                }
            }
        }
        return _whT;
    }

    /// <summary>
    /// Packs Wh of <paramref name="p"/> as a pass does: for the forward products into
    /// <paramref name="forward"/>, for the backward ones into <paramref name="backward"/>.
    /// </summary>
    internal void PackRecurrentWeights(ParameterSet<float> p, PackedB forward, PackedB backward)
    {
        PackForward(p, forward);
        PackBackward(p, backward);
    }

    /// <summary>
    /// Makes later passes read Wh from <paramref name="forward"/> and <paramref name="backward"/>,
    /// which the caller refills (<see cref="PackRecurrentWeights"/>) whenever Wh changes; null:
    /// the engine packs its own copies every pass. The char model packs once per step for all its
    /// batch parts, whose engines share one parameter buffer. Same panels, same bytes.
    /// </summary>
    internal void UseRecurrentWeightsPackedBy(PackedB? forward, PackedB? backward) =>
        (_callerPackedWh, _callerPackedWhBack) = (forward, backward);

    /// <summary>Wh packed for this pass's forward products h·Whᵀ: the caller's copy if it gave one, else the engine's.</summary>
    private PackedB ForwardPackedWh(ParameterSet<float> p)
    {
        if (_callerPackedWh is { } given && given.Matches(Config.HiddenSize, _cell.GH, _cell.Width))
        {
            return given;
        }
        PackForward(p, _packedWh);
        return _packedWh;
    }

    /// <summary>Wh packed for this pass's backward products dG·Wh (A·B layout), as <see cref="ForwardPackedWh"/>.</summary>
    private PackedB BackwardPackedWh(ParameterSet<float> p)
    {
        if (
            _callerPackedWhBack is { } given
            && given.Matches(_cell.GH, Config.HiddenSize, _cell.Width, transposed: false)
        )
        {
            return given;
        }
        PackBackward(p, _packedWhBack);
        return _packedWhBack;
    }

    /// <summary>Wh (GH × H) into the panels of the forward product h·Whᵀ (k = H, n = GH).</summary>
    private void PackForward(ParameterSet<float> p, PackedB dest) =>
        dest.PackTransposed(Config.HiddenSize, _cell.GH, p.Value(Slots.Wh), _cell.Width);

    /// <summary>Wh (GH × H) into the panels of the backward product dG·Wh (k = GH, n = H).</summary>
    private void PackBackward(ParameterSet<float> p, PackedB dest) =>
        dest.Pack(_cell.GH, Config.HiddenSize, p.Value(Slots.Wh), _cell.Width);
}
