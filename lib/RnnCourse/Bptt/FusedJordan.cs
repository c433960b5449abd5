// Fused Jordan time loops: the recurrent input is the previous OUTPUT y_{t−1} (after g).
//   forward, per step:  a_t = Xp_t + y_{t−1}·Wyhᵀ;  s_t = f(a_t)          (product + pass)
//                       y_t = g(s_t·Whyᵀ + by)                           (product + pass)
//   backward, per step: dz_t = (dHs_t + dy_next) ⊙ g'(y_t)               (pass)
//                       ds_t = dz_t · Why;  da_t = ds_t ⊙ f'(s_t)        (product + pass)
//                       dy_next = da_t · Wyh                             (product)
//   after the sweep:    dWyh += DGᵀ·Y_prev, dbh += Σ DG, dWhy += DZᵀ·S, dby += Σ DZ.
// Shapes: Xp/DG (T·B × H), Aux = s (T·B × H), DGh = dz (T·B × O), Hext ((T+1)·B × O),
// Wyh (H × O), Why (O × H).
using RnnCourse.Bptt.Kernels;

namespace RnnCourse.Bptt;

/// <summary>Jordan cell in the fused engine.</summary>
internal sealed class FusedJordan(CellConfig config, CellSlots slots, SimdWidth width)
    : FusedCell(config, slots, width)
{
    /// <inheritdoc />
    public override void ForwardRows(Workspace ws, ParameterSet<float> p, int b0, int b1)
    {
        int batch = ws.Batch,
            rows = b1 - b0;
        var wyh = p.Value(Slots.Wh);
        var why = p.Value(Slots.Why!);
        var by = p.Value(Slots.By!);
        for (int t = 0; t < ws.Steps; t++)
        {
            var a = Rows(ws.Xp, t, batch, b0, b1, H);
            var s = Rows(ws.Aux, t, batch, b0, b1, H);
            var yPrev = Rows(ws.Hext, t, batch, b0, b1, S);
            var y = Rows(ws.Hext, t + 1, batch, b0, b1, S);
            Product(backward: false, t, rows, H, S, yPrev, wyh, a, accumulate: true);
            GateKernels.ElmanForward(Config.Activation, rows * H, a, s, Width);
            for (int r = 0; r < rows; r++)
            {
                by.CopyTo(y.Slice(r * S, S));
            }
            Product(backward: false, t, rows, S, H, s, why, y, accumulate: true);
            GateKernels.ElmanForward(Config.OutputActivation, rows * S, y, y, Width);
            if (ws.Valid is not null)
            {
                for (int b = b0; b < b1; b++)
                {
                    if (!ws.IsValid(t, b))
                    {
                        yPrev.Slice((b - b0) * S, S).CopyTo(y.Slice((b - b0) * S, S));
                    }
                }
            }
            EmitOutput(ws, t, b0, b1, S);
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
        var wyh = p.Value(Slots.Wh);
        var why = p.Value(Slots.Why!);
        var dyNext = ws.DInitial.H.Data;
        var ds = ws.Scratch.AsSpan(b0 * H, rows * H);
        for (int t = ws.Steps - 1; t >= 0; t--)
        {
            AssembleDh(ws, dHs, dyNext, t, b0, b1, S);
            var y = Rows(ws.Hext, t + 1, batch, b0, b1, S);
            var s = Rows(ws.Aux, t, batch, b0, b1, H);
            var dz = Rows(ws.DGh, t, batch, b0, b1, S);
            var da = Rows(ws.DG, t, batch, b0, b1, H);
            var dy = ws.Dh.AsSpan(b0 * S, rows * S);
            GateKernels.ElmanBackward(Config.OutputActivation, rows * S, y, dy, dz, Width);
            Product(backward: true, t, rows, S, H, dz, why, ds, accumulate: false);
            GateKernels.ElmanBackward(Config.Activation, rows * H, s, ds, da, Width);
            if (ws.Valid is not null)
            {
                for (int b = b0; b < b1; b++)
                {
                    if (!ws.IsValid(t, b))
                    {
                        dz.Slice((b - b0) * S, S).Clear();
                        da.Slice((b - b0) * H, H).Clear();
                    }
                }
            }
            Product(
                backward: true,
                t,
                rows,
                H,
                S,
                da,
                wyh,
                dyNext.AsSpan(b0 * S, rows * S),
                accumulate: false
            );
            FusedLoopCell.PassPadded(ws, t, b0, b1, S, ws.Dh, dyNext);
        }
    }

    /// <inheritdoc />
    public override void WeightGradients(Workspace ws, ParameterSet<float> p, WorkerPool? workers)
    {
        base.WeightGradients(ws, p, workers); // dWh from the outputs fed back, and bh
        int tb = ws.Steps * ws.Batch;
        Gemm.AtB(S, tb, H, ws.DGh, ws.Aux, p.Grad(Slots.Why!), true, workers, Width);
        BiasSums(ws.DGh, tb, S, p, Slots.By!, null, workers);
    }
}
