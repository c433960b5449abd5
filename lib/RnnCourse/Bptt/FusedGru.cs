// Fused GRU time loops (PyTorch nn.GRU, gate order r, z, n; the reset gate multiplies
// W_hn h + b_hn, so b_hn cannot be folded into the input pre-activation).
//   forward, per step:  Hp_t = h_{t−1}·Whᵀ                    (one product, B × 3H)
//                       r, z, n, hn, h_t                      (one fused pass: GruForward)
//   backward, per step: DG_t (input side), DGh_t (recurrent side), dh ⊙ z   (GruBackward)
//                       ∂L/∂h_{t−1} = DGh_t · Wh + dh ⊙ z     (one product + one add)
//   after the sweep:    dWh += DGhᵀ · H_prev; dbh += Σ DGh; dbx += Σ DG (one GEMM, two sums).
// Xp holds x·Wxᵀ + bx + [bh_r, bh_z, 0]. Shapes: Xp/DG/DGh (T·B × 3H), Hext ((T+1)·B × H),
// Aux = hn (T·B × H), Wh (3H × H).
using RnnCourse.Bptt.Kernels;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt;

/// <summary>GRU in the fused engine.</summary>
internal sealed class FusedGru(CellConfig config, CellSlots slots, SimdWidth width)
    : FusedCell(config, slots, width)
{
    /// <inheritdoc />
    public override void InputBias(ParameterSet<float> p, Span<float> bias)
    {
        p.Value(Slots.Bx!).CopyTo(bias);
        var bh = p.Value(Slots.Bh!);
        TensorPrimitives.Add(bias.Slice(0, 2 * H), bh.Slice(0, 2 * H), bias.Slice(0, 2 * H));
    }

    /// <inheritdoc />
    public override void ForwardRows(Workspace ws, ParameterSet<float> p, int b0, int b1)
    {
        int batch = ws.Batch,
            rows = b1 - b0;
        var wh = p.Value(Slots.Wh);
        var bhn = p.Value(Slots.Bh!).Slice(2 * H, H);
        var hp = ws.Scratch.AsSpan(b0 * GH, rows * GH);
        for (int t = 0; t < ws.Steps; t++)
        {
            var gates = Rows(ws.Xp, t, batch, b0, b1, GH);
            var hPrev = Rows(ws.Hext, t, batch, b0, b1, H);
            var h = Rows(ws.Hext, t + 1, batch, b0, b1, H);
            var hn = Rows(ws.Aux, t, batch, b0, b1, H);
            ForwardProduct(t, rows, H, GH, hPrev, wh, hp, accumulate: false, ws.PackedWh);
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                int o = (b - b0) * H,
                    n = (e - b) * H,
                    og = (b - b0) * GH,
                    ng = (e - b) * GH;
                if (ws.IsValid(t, b))
                {
                    GateKernels.GruForward(
                        e - b,
                        H,
                        gates.Slice(og, ng),
                        hp.Slice(og, ng),
                        bhn,
                        hPrev.Slice(o, n),
                        hn.Slice(o, n),
                        h.Slice(o, n),
                        Width
                    );
                }
                else
                {
                    hPrev.Slice(o, n).CopyTo(h.Slice(o, n));
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
        var direct = ws.Scratch2.AsSpan(b0 * H, rows * H);
        for (int t = ws.Steps - 1; t >= 0; t--)
        {
            AssembleDh(ws, dHs, dhNext, t, b0, b1, H);
            var gates = Rows(ws.Xp, t, batch, b0, b1, GH);
            var hPrev = Rows(ws.Hext, t, batch, b0, b1, H);
            var hn = Rows(ws.Aux, t, batch, b0, b1, H);
            var dG = Rows(ws.DG, t, batch, b0, b1, GH);
            var dGh = Rows(ws.DGh, t, batch, b0, b1, GH);
            var dh = ws.Dh.AsSpan(b0 * H, rows * H);
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                int o = (b - b0) * H,
                    n = (e - b) * H,
                    og = (b - b0) * GH,
                    ng = (e - b) * GH;
                if (ws.IsValid(t, b))
                {
                    GateKernels.GruBackward(
                        e - b,
                        H,
                        gates.Slice(og, ng),
                        hn.Slice(o, n),
                        hPrev.Slice(o, n),
                        dh.Slice(o, n),
                        dG.Slice(og, ng),
                        dGh.Slice(og, ng),
                        direct.Slice(o, n),
                        Width
                    );
                }
                else
                {
                    dG.Slice(og, ng).Clear();
                    dGh.Slice(og, ng).Clear();
                    direct.Slice(o, n).Clear();
                }
                b = e;
            }
            var next = dhNext.AsSpan(b0 * H, rows * H);
            BackProduct(ws, t, rows, dGh, wh, next);
            TensorPrimitives.Add(next, direct, next);
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
            ws.DGh,
            ws.Hext.AsSpan(0, tb * H),
            p.Grad(Slots.Wh),
            true,
            workers,
            Width
        );
        BiasSums(ws.DGh, tb, GH, p, Slots.Bh!, null, workers);
        BiasSums(ws.DG, tb, GH, p, Slots.Bx!, null, workers);
    }
}
