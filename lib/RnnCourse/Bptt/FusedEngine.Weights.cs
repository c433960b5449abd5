// The weight-layout helpers of FusedEngine (a partial class, split only to keep files small):
// the one-hot input as a column gather of Wx and its gradient as a scatter, and the transposed
// copy of Wh that speeds up the small-batch backward product.
// Shapes: Wx (G·H × I), Xp/DG (T·B × G·H), Wh (G·H × H), Whᵀ (H × G·H).
using RnnCourse.Layers;
using RnnCourse.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

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

    /// <summary>Xp[t·B + b] = bias + column id of Wx (zero input for id −1).</summary>
    private void GatherInput(ParameterSet<float> p, TokenIds tokens, float[] xp)
    {
        int gh = _cell.GH,
            inputs = Config.InputSize,
            tb = tokens.Ids.Length;
        var wx = p.Value(Slots.Wx);
        bool transposed = tb >= inputs; // many rows: transpose Wx once, then copy contiguous rows
        if (transposed)
        {
            if (_wxT.Length != inputs * gh)
            {
                _wxT = new float[inputs * gh];
            }
            for (int j = 0; j < gh; j++)
            {
                for (int k = 0; k < inputs; k++)
                {
                    _wxT[k * gh + j] = wx[j * inputs + k];
                }
            }
        }
        for (int r = 0; r < tb; r++)
        {
            var row = xp.AsSpan(r * gh, gh);
            int id = tokens.Ids[r];
            if (id < 0)
            {
                _bias.CopyTo(row);
            }
            else if (transposed)
            {
                TensorPrimitives.Add(_wxT.AsSpan(id * gh, gh), _bias, row);
            }
            else
            {
                for (int j = 0; j < gh; j++)
                {
                    row[j] = wx[j * inputs + id] + _bias[j];
                }
            }
        }
    }

    /// <summary>dWx[:, id] += DG[t·B + b] for every row: the one-hot product's transpose is a scatter.</summary>
    private void ScatterInputGradient(Workspace ws, Span<float> dWx)
    {
        var tokens = ws.Tokens!;
        int gh = _cell.GH,
            inputs = Config.InputSize,
            tb = tokens.Ids.Length;
        if (tb >= inputs)
        {
            if (_wxT.Length != inputs * gh)
            {
                _wxT = new float[inputs * gh];
            }
            Array.Clear(_wxT);
            for (int r = 0; r < tb; r++)
            {
                int id = tokens.Ids[r];
                if (id >= 0)
                {
                    var acc = _wxT.AsSpan(id * gh, gh);
                    TensorPrimitives.Add(acc, ws.DG.AsSpan(r * gh, gh), acc);
                }
            }
            for (int j = 0; j < gh; j++)
            {
                for (int k = 0; k < inputs; k++)
                {
                    dWx[j * inputs + k] += _wxT[k * gh + j];
                }
            }
            return;
        }
        for (int r = 0; r < tb; r++)
        {
            int id = tokens.Ids[r];
            if (id >= 0)
            {
                var row = ws.DG.AsSpan(r * gh, gh);
                for (int j = 0; j < gh; j++)
                {
                    dWx[j * inputs + id] += row[j];
                }
            }
        }
    }
}
