// Fused GRU cell (PyTorch nn.GRU, gate order r, z, n): its gate passes on a run of rows (the time
// loops are FusedLoopCell's). The reset gate multiplies W_hn h + b_hn, so b_hn cannot be folded
// into the input pre-activation and the recurrent product goes to its own buffer.
//   forward, per step:  Hp_t = h_{t−1}·Whᵀ                    (one product, B × 3H)
//                       r, z, n, hn, h_t                      (two fused passes: GruForward)
//   backward, per step: DG_t (input side), DGh_t (recurrent side), dh ⊙ z   (GruBackward)
//                       ∂L/∂h_{t−1} = DGh_t · Wh + dh ⊙ z     (one product + one add)
//   after the sweep:    dWh += DGhᵀ · H_prev; dbh += Σ DGh; dbx += Σ DG (one GEMM, two sums).
// Xp holds x·Wxᵀ + bx + [bh_r, bh_z, 0]. Shapes: Xp/DG/DGh (T·B × 3H), Hext ((T+1)·B × H),
// Aux = hn (T·B × H), Wh (3H × H).
// ForwardRun/BackwardRun are deliberate twins of FusedLstm's: each names its own kernel, rows and
// biases.
using RnnCourse.Bptt.Kernels;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt;

/// <summary>GRU in the fused engine.</summary>
internal sealed class FusedGru(CellConfig config, CellSlots slots, SimdWidth width)
    : FusedLoopCell(config, slots, width)
{
    /// <inheritdoc />
    public override void InputBias(ParameterSet<float> p, Span<float> bias)
    {
        p.Value(Slots.Bx!).CopyTo(bias);
        var bh = p.Value(Slots.Bh!);
        TensorPrimitives.Add(bias.Slice(0, 2 * H), bh.Slice(0, 2 * H), bias.Slice(0, 2 * H));
    }

    /// <inheritdoc />
    protected override bool ProductIntoXp => false;

    /// <inheritdoc />
    protected override float[] RecurrentGradient(Workspace ws) => ws.DGh;

    /// <inheritdoc />
    protected override void ForwardRun(Workspace ws, ParameterSet<float> p, int t, int b, int e) =>
        GateKernels.GruForward(
            e - b,
            H,
            Rows(ws.Xp, t, ws.Batch, b, e, GH),
            ws.Scratch.AsSpan(b * GH, (e - b) * GH),
            p.Value(Slots.Bh!).Slice(2 * H, H),
            Rows(ws.Hext, t, ws.Batch, b, e, H),
            Rows(ws.Aux, t, ws.Batch, b, e, H),
            Rows(ws.Hext, t + 1, ws.Batch, b, e, H),
            Width
        );

    /// <inheritdoc />
    protected override void BackwardRun(Workspace ws, int t, int b, int e) =>
        GateKernels.GruBackward(
            e - b,
            H,
            Rows(ws.Xp, t, ws.Batch, b, e, GH),
            Rows(ws.Aux, t, ws.Batch, b, e, H),
            Rows(ws.Hext, t, ws.Batch, b, e, H),
            ws.Dh.AsSpan(b * H, (e - b) * H),
            Rows(ws.DG, t, ws.Batch, b, e, GH),
            Rows(ws.DGh, t, ws.Batch, b, e, GH),
            ws.Scratch2.AsSpan(b * H, (e - b) * H),
            Width
        );

    /// <summary>Padded rows: no gradient into either bias side, and no direct path.</summary>
    protected override void PaddedBackward(Workspace ws, int t, int b, int e)
    {
        base.PaddedBackward(ws, t, b, e);
        Rows(ws.DGh, t, ws.Batch, b, e, GH).Clear();
        ws.Scratch2.AsSpan(b * H, (e - b) * H).Clear();
    }

    /// <summary>The direct path h = … + z ⊙ hPrev: ∂L/∂h_{t−1} += dh ⊙ z (kept in Scratch2).</summary>
    protected override void AfterBackProduct(Workspace ws, int b0, int b1, Span<float> next) =>
        TensorPrimitives.Add(next, ws.Scratch2.AsSpan(b0 * H, (b1 - b0) * H), next);

    /// <inheritdoc />
    public override void WeightGradients(Workspace ws, ParameterSet<float> p, WorkerPool? workers)
    {
        base.WeightGradients(ws, p, workers); // dWh from DGh, and bh
        BiasSums(ws.DG, ws.Steps * ws.Batch, GH, p, Slots.Bx!, null, workers);
    }
}
