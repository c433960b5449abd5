// Fused Elman time loops: forward and backward side by side.
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
    : FusedCell(config, slots, width)
{
    /// <inheritdoc />
    public override void InputBias(ParameterSet<float> p, Span<float> bias) =>
        p.Value(Slots.Bh!).CopyTo(bias);

    /// <inheritdoc />
    public override void ForwardRows(Workspace ws, ParameterSet<float> p, int b0, int b1)
    {
        int batch = ws.Batch,
            rows = b1 - b0;
        var whh = p.Value(Slots.Wh);
        for (int t = 0; t < ws.Steps; t++)
        {
            var a = Rows(ws.Xp, t, batch, b0, b1, H);
            var hPrev = Rows(ws.Hext, t, batch, b0, b1, H);
            var h = Rows(ws.Hext, t + 1, batch, b0, b1, H);
            ForwardProduct(t, rows, H, H, hPrev, whh, a, accumulate: true, ws.PackedWh);
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                int o = (b - b0) * H,
                    n = (e - b) * H;
                if (ws.IsValid(t, b))
                {
                    GateKernels.ElmanForward(
                        Config.Activation,
                        n,
                        a.Slice(o, n),
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
        var whh = p.Value(Slots.Wh);
        var dhNext = ws.DInitial.H.Data;
        for (int t = ws.Steps - 1; t >= 0; t--)
        {
            AssembleDh(ws, dHs, dhNext, t, b0, b1, H);
            var h = Rows(ws.Hext, t + 1, batch, b0, b1, H);
            var da = Rows(ws.DG, t, batch, b0, b1, H);
            var dh = ws.Dh.AsSpan(b0 * H, rows * H);
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                int o = (b - b0) * H,
                    n = (e - b) * H;
                if (ws.IsValid(t, b))
                {
                    GateKernels.ElmanBackward(
                        Config.Activation,
                        n,
                        h.Slice(o, n),
                        dh.Slice(o, n),
                        da.Slice(o, n),
                        Width
                    );
                }
                else
                {
                    da.Slice(o, n).Clear();
                }
                b = e;
            }
            var next = dhNext.AsSpan(b0 * H, rows * H);
            BackProduct(ws, t, rows, da, whh, next);
            PassPadded(ws, t, b0, b1, H, ws.Dh, dhNext);
        }
    }

    /// <inheritdoc />
    public override void WeightGradients(Workspace ws, ParameterSet<float> p, WorkerPair? workers)
    {
        int tb = ws.Steps * ws.Batch;
        Gemm.AtB(
            H,
            tb,
            H,
            ws.DG,
            ws.Hext.AsSpan(0, tb * H),
            p.Grad(Slots.Wh),
            true,
            workers,
            Width
        );
        BiasSums(ws.DG, tb, H, p, Slots.Bh!, null, workers);
    }

    /// <summary>On padded rows of step t the gradient skips the cell: next = dh.</summary>
    internal static void PassPadded(
        Workspace ws,
        int t,
        int b0,
        int b1,
        int width,
        float[] dh,
        float[] next
    )
    {
        if (ws.Valid is null)
        {
            return;
        }
        for (int b = b0; b < b1; b++)
        {
            if (!ws.IsValid(t, b))
            {
                dh.AsSpan(b * width, width).CopyTo(next.AsSpan(b * width, width));
            }
        }
    }
}
