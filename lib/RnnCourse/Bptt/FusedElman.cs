// Fused Elman cell: its gate passes on a run of rows (the time loops are FusedLoopCell's).
//   forward, per step:  a_t = Xp_t + h_{t−1}·Whhᵀ  (one product, accumulated into Xp_t)
//                       h_t = f(a_t)                (one fused pass)
//   backward, per step: da_t = (dHs_t + dh_next) ⊙ f'(a_t)   (one fused pass, from h_t)
//                       dh_next = da_t · Whh                  (one product)
//   after the sweep:    dWhh += DGᵀ · H_prev, dbh += Σ DG    (one GEMM over all T·B rows)
// Seeds' notation: a_t = W s_{t−1} + U x_t + b, s_t = f(a_t): W = Whh, U = Wxh, b = bh.
// Shapes: Xp/DG (T·B × H), Hext ((T+1)·B × H), Whh (H × H).
using RnnCourse.Bptt.Kernels;

namespace RnnCourse.Bptt;

/// <summary>Elman cell h = f(Wxh x + Whh h + bh) in the fused engine.</summary>
internal sealed class FusedElman(CellConfig config, CellSlots slots, SimdWidth width)
    : FusedLoopCell(config, slots, width)
{
    /// <inheritdoc />
    protected override void ForwardRun(Workspace ws, ParameterSet<float> p, int t, int b, int e) =>
        GateKernels.ElmanForward(
            Config.Activation,
            (e - b) * H,
            Rows(ws.Xp, t, ws.Batch, b, e, H),
            Rows(ws.Hext, t + 1, ws.Batch, b, e, H),
            Width
        );

    /// <inheritdoc />
    protected override void BackwardRun(Workspace ws, int t, int b, int e) =>
        GateKernels.ElmanBackward(
            Config.Activation,
            (e - b) * H,
            Rows(ws.Hext, t + 1, ws.Batch, b, e, H),
            ws.Dh.AsSpan(b * H, (e - b) * H),
            Rows(ws.DG, t, ws.Batch, b, e, H),
            Width
        );
}
