// Fused LSTM time loops (PyTorch nn.LSTM, gate order i, f, g, o), forward and backward.
//   forward, per step:  A_t = Xp_t + h_{t−1}·Whᵀ             (one product into Xp_t, B × 4H)
//                       [i f g o], c_t, tanh c_t, h_t          (one fused pass: LstmForward)
//   backward, per step: DG_t, ∂L/∂c_{t−1}                      (one fused pass: LstmBackward)
//                       ∂L/∂h_{t−1} = DG_t · Wh               (one product)
//   after the sweep:    dWh += DGᵀ · H_prev; dbx += Σ DG; dbh += Σ DG (both biases see the same
//                       gradient because both are added to the same pre-activation).
// Xp holds x·Wxᵀ + bx + bh. Shapes: Xp/DG (T·B × 4H), Hext/Cext ((T+1)·B × H), Wh (4H × H).
using RnnCourse.Bptt.Kernels;

namespace RnnCourse.Bptt;

/// <summary>LSTM in the fused engine.</summary>
internal sealed class FusedLstm(CellConfig config, CellSlots slots, SimdWidth width)
    : FusedCell(config, slots, width)
{
    /// <inheritdoc />
    public override void InputBias(ParameterSet<float> p, Span<float> bias) =>
        System.Numerics.Tensors.TensorPrimitives.Add(p.Value(Slots.Bx!), p.Value(Slots.Bh!), bias);

    /// <inheritdoc />
    public override void ForwardRows(Workspace ws, ParameterSet<float> p, int b0, int b1)
    {
        int batch = ws.Batch,
            rows = b1 - b0;
        var wh = p.Value(Slots.Wh);
        for (int t = 0; t < ws.Steps; t++)
        {
            var gates = Rows(ws.Xp, t, batch, b0, b1, GH);
            var hPrev = Rows(ws.Hext, t, batch, b0, b1, H);
            var h = Rows(ws.Hext, t + 1, batch, b0, b1, H);
            var cPrev = Rows(ws.Cext, t, batch, b0, b1, H);
            var c = Rows(ws.Cext, t + 1, batch, b0, b1, H);
            var tanhC = Rows(ws.TanhC, t, batch, b0, b1, H);
            ForwardProduct(t, rows, H, GH, hPrev, wh, gates, accumulate: true, ws.PackedWh);
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                int o = (b - b0) * H,
                    n = (e - b) * H;
                if (ws.IsValid(t, b))
                {
                    GateKernels.LstmForward(
                        e - b,
                        H,
                        gates.Slice((b - b0) * GH, (e - b) * GH),
                        cPrev.Slice(o, n),
                        c.Slice(o, n),
                        tanhC.Slice(o, n),
                        h.Slice(o, n),
                        Width
                    );
                }
                else
                {
                    hPrev.Slice(o, n).CopyTo(h.Slice(o, n));
                    cPrev.Slice(o, n).CopyTo(c.Slice(o, n));
                }
                b = e;
            }
            EmitOutput(ws, t, b0, b1, H);
        }
    }

    /// <inheritdoc />
    public override void BackwardRows(
        Workspace ws,
        ParameterSet<float> p,
        Tensor<float> dHs,
        int b0,
        int b1
    )
    {
        int batch = ws.Batch,
            rows = b1 - b0;
        var wh = p.Value(Slots.Wh);
        var dhNext = ws.DInitial.H.Data;
        var dc = ws.DInitial.C!.Data.AsSpan(b0 * H, rows * H); // ∂L/∂c, carried backwards in place
        for (int t = ws.Steps - 1; t >= 0; t--)
        {
            AssembleDh(ws, dHs, dhNext, t, b0, b1, H);
            var gates = Rows(ws.Xp, t, batch, b0, b1, GH);
            var cPrev = Rows(ws.Cext, t, batch, b0, b1, H);
            var tanhC = Rows(ws.TanhC, t, batch, b0, b1, H);
            var dG = Rows(ws.DG, t, batch, b0, b1, GH);
            var dh = ws.Dh.AsSpan(b0 * H, rows * H);
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                int o = (b - b0) * H,
                    n = (e - b) * H;
                if (ws.IsValid(t, b))
                {
                    GateKernels.LstmBackward(
                        e - b,
                        H,
                        gates.Slice((b - b0) * GH, (e - b) * GH),
                        cPrev.Slice(o, n),
                        tanhC.Slice(o, n),
                        dh.Slice(o, n),
                        dc.Slice(o, n),
                        dG.Slice((b - b0) * GH, (e - b) * GH),
                        Width
                    );
                }
                else
                {
                    // Padding: the step was an identity; dc passes through unchanged.
                    dG.Slice((b - b0) * GH, (e - b) * GH).Clear();
                }
                b = e;
            }
            BackProduct(ws, t, rows, dG, wh, dhNext.AsSpan(b0 * H, rows * H));
            FusedElman.PassPadded(ws, t, b0, b1, H, ws.Dh, dhNext);
        }
    }

    /// <inheritdoc />
    public override void WeightGradients(Workspace ws, ParameterSet<float> p, WorkerPair? workers)
    {
        int tb = ws.Steps * ws.Batch;
        Gemm.AtB(
            GH,
            tb,
            H,
            ws.DG,
            ws.Hext.AsSpan(0, tb * H),
            p.Grad(Slots.Wh),
            true,
            workers,
            Width
        );
        BiasSums(ws.DG, tb, GH, p, Slots.Bh!, Slots.Bx, workers);
    }
}
