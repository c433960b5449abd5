// Fused LSTM cell (PyTorch nn.LSTM, gate order i, f, g, o): its gate passes on a run of rows (the
// time loops are FusedLoopCell's).
//   forward, per step:  A_t = Xp_t + h_{t−1}·Whᵀ             (one product into Xp_t, B × 4H)
//                       [i f g o], c_t, tanh c_t, h_t          (three fused passes: LstmForward)
//   backward, per step: DG_t, ∂L/∂c_{t−1}                      (one fused pass: LstmBackward)
//                       ∂L/∂h_{t−1} = DG_t · Wh               (one product)
//   after the sweep:    dWh += DGᵀ · H_prev; dbx += Σ DG; dbh += Σ DG (both biases see the same
//                       gradient because both are added to the same pre-activation).
// Xp holds x·Wxᵀ + bx + bh. Shapes: Xp/DG (T·B × 4H), Hext/Cext ((T+1)·B × H), Wh (4H × H).
using RnnCourse.Bptt.Kernels;

namespace RnnCourse.Bptt;

/// <summary>LSTM in the fused engine.</summary>
internal sealed class FusedLstm(CellConfig config, CellSlots slots, SimdWidth width)
    : FusedLoopCell(config, slots, width)
{
    /// <inheritdoc />
    public override void InputBias(ParameterSet<float> p, Span<float> bias) =>
        System.Numerics.Tensors.TensorPrimitives.Add(p.Value(Slots.Bx!), p.Value(Slots.Bh!), bias);

    /// <inheritdoc />
    protected override void ForwardRun(Workspace ws, ParameterSet<float> p, int t, int b, int e) =>
        GateKernels.LstmForward(
            e - b,
            H,
            Rows(ws.Xp, t, ws.Batch, b, e, GH),
            Rows(ws.Cext, t, ws.Batch, b, e, H),
            Rows(ws.Cext, t + 1, ws.Batch, b, e, H),
            Rows(ws.TanhC, t, ws.Batch, b, e, H),
            Rows(ws.Hext, t + 1, ws.Batch, b, e, H),
            Width
        );

    /// <summary>∂L/∂c is carried backwards in place in ws.DInitial.C.</summary>
    protected override void BackwardRun(Workspace ws, int t, int b, int e) =>
        GateKernels.LstmBackward(
            e - b,
            H,
            Rows(ws.Xp, t, ws.Batch, b, e, GH),
            Rows(ws.Cext, t, ws.Batch, b, e, H),
            Rows(ws.TanhC, t, ws.Batch, b, e, H),
            ws.Dh.AsSpan(b * H, (e - b) * H),
            ws.DInitial.C!.Data.AsSpan(b * H, (e - b) * H),
            Rows(ws.DG, t, ws.Batch, b, e, GH),
            Width
        );

    /// <summary>Padded rows keep both states: h_t = h_{t−1}, c_t = c_{t−1}.</summary>
    protected override void PaddedForward(Workspace ws, int t, int b, int e)
    {
        base.PaddedForward(ws, t, b, e);
        Rows(ws.Cext, t, ws.Batch, b, e, H).CopyTo(Rows(ws.Cext, t + 1, ws.Batch, b, e, H));
    }

    // Padded rows in backward: the step was an identity, so DG = 0 (the base) and dc passes
    // through unchanged.

    /// <inheritdoc />
    protected override ParameterSlot? PairedBias => Slots.Bx;
}
