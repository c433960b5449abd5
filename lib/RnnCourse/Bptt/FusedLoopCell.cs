// The time loops of the fused cells with one recurrent product per step (Elman, GRU, LSTM);
// each cell supplies only its gate pass on a run of valid rows. Over batch rows [b0, b1):
//   forward, per step:  product h_{t−1}·Whᵀ (into Xp_t, or into Scratch for the GRU, whose reset
//                       gate multiplies W_hn h + b_hn alone), then for each run of rows that share
//                       their validity the cell's ForwardRun (valid) or the state carried over
//                       (padded), then the output rows.
//   backward, per step: dh = dHs_t + dh_next, then per run the cell's BackwardRun (valid) or
//                       zero gate gradients (padded), then ∂L/∂h_{t−1} = (DG or DGh)_t · Wh
//                       (+ the GRU's direct path), and on padded rows ∂L/∂h passes unchanged.
// A run is rows [b, e) of one step; Rows(buffer, t, B, b, e, width) is its slice of a buffer,
// so a run's kernel call names absolute rows. The per-step work outside the kernels (one
// virtual call per run) is small beside the kernels' rows × H.
// Shapes: Xp/DG (T·B × GH), Hext ((T+1)·B × H), Wh (GH × H), GH = G·H.
namespace RnnCourse.Bptt;

/// <summary>A fused cell whose step is one recurrent product and one gate pass.</summary>
internal abstract class FusedLoopCell(CellConfig config, CellSlots slots, SimdWidth width)
    : FusedCell(config, slots, width)
{
    /// <summary>
    /// True when the recurrent product accumulates into Xp_t; false when it goes to ws.Scratch
    /// (GRU), where the gate pass reads it beside Xp_t.
    /// </summary>
    protected virtual bool ProductIntoXp => true;

    /// <summary>The forward gate pass on valid rows [b, e) of step t.</summary>
    protected abstract void ForwardRun(Workspace ws, ParameterSet<float> p, int t, int b, int e);

    /// <summary>The backward gate pass on valid rows [b, e) of step t (ws.Dh holds ∂L/∂h_t).</summary>
    protected abstract void BackwardRun(Workspace ws, int t, int b, int e);

    /// <summary>Padded rows [b, e) of step t keep their state: h_t = h_{t−1}.</summary>
    protected virtual void PaddedForward(Workspace ws, int t, int b, int e) =>
        Rows(ws.Hext, t, ws.Batch, b, e, H).CopyTo(Rows(ws.Hext, t + 1, ws.Batch, b, e, H));

    /// <summary>Padded rows [b, e) of step t pass no gradient to the weights: DG = 0.</summary>
    protected virtual void PaddedBackward(Workspace ws, int t, int b, int e) =>
        Rows(ws.DG, t, ws.Batch, b, e, GH).Clear();

    /// <summary>Adds to ∂L/∂h_{t−1} of rows [b0, b1) what does not go through Wh (GRU: dh ⊙ z).</summary>
    protected virtual void AfterBackProduct(Workspace ws, int b0, int b1, Span<float> next) { }

    /// <inheritdoc />
    public sealed override void ForwardRows(Workspace ws, ParameterSet<float> p, int b0, int b1)
    {
        int batch = ws.Batch,
            rows = b1 - b0;
        var wh = p.Value(Slots.Wh);
        for (int t = 0; t < ws.Steps; t++)
        {
            var hPrev = Rows(ws.Hext, t, batch, b0, b1, H);
            var product = ProductIntoXp
                ? Rows(ws.Xp, t, batch, b0, b1, GH)
                : ws.Scratch.AsSpan(b0 * GH, rows * GH);
            Product(
                backward: false,
                t,
                rows,
                GH,
                H,
                hPrev,
                wh,
                product,
                ProductIntoXp,
                ws.PackedWh
            );
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                if (ws.IsValid(t, b))
                {
                    ForwardRun(ws, p, t, b, e);
                }
                else
                {
                    PaddedForward(ws, t, b, e);
                }
                b = e;
            }
            EmitOutput(ws, t, b0, b1, H);
        }
    }

    /// <inheritdoc />
    public sealed override void BackwardRows(
        Workspace ws,
        ParameterSet<float> p,
        Tensor<float> dHs,
        int b0,
        int b1
    )
    {
        var dGrad = RecurrentGradient(ws);
        var dhNext = ws.DInitial.H.Data;
        var wh = p.Value(Slots.Wh);
        int batch = ws.Batch,
            rows = b1 - b0;
        for (int t = ws.Steps - 1; t >= 0; t--)
        {
            AssembleDh(ws, dHs, dhNext, t, b0, b1, H);
            for (int b = b0; b < b1; )
            {
                int e = RunEnd(ws, t, b, b1);
                if (ws.IsValid(t, b))
                {
                    BackwardRun(ws, t, b, e);
                }
                else
                {
                    PaddedBackward(ws, t, b, e);
                }
                b = e;
            }
            var next = dhNext.AsSpan(b0 * H, rows * H);
            BackProduct(ws, t, rows, Rows(dGrad, t, batch, b0, b1, GH), wh, next);
            AfterBackProduct(ws, b0, b1, next);
            PassPadded(ws, t, b0, b1, H, ws.Dh, dhNext);
        }
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
