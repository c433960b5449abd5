// The fused LSTM gate pass, forward and backward side by side (part of GateKernels; see
// GateKernels.cs for the conventions). PyTorch nn.LSTM gate order i, f, g, o.
// Deliberate twins: LstmFwdState and LstmBwd (like GruKernels' pair) are IGateOp structs of one
// cell, their headers alike by design; see GruKernels.cs for the shared form.

namespace RnnCourse.Bptt.Kernels;

public static partial class GateKernels
{
    /// <summary>
    /// LSTM forward on (rows × 4H) pre-activations, in place:
    /// i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o); c = f ⊙ cPrev + i ⊙ g; h = o ⊙ tanh(c).
    /// <paramref name="gates"/> ends holding [i f g o]; tanhC keeps tanh(c) for backward.
    /// </summary>
    public static unsafe void LstmForward(
        int rows,
        int hidden,
        Span<float> gates,
        ReadOnlySpan<float> cPrev,
        Span<float> c,
        Span<float> tanhC,
        Span<float> h,
        SimdWidth? width = null
    )
    {
        Require(gates, rows * 4 * hidden, cPrev, c, tanhC, h, rows * hidden);
        fixed (
            float* pg = gates,
                pcp = cPrev,
                pc = c,
                ptc = tanhC,
                ph = h
        )
        {
            ForEach(
                new ActivatePair<VecMath.SigmoidOp, VecMath.SigmoidOp, NoHp>(hidden, pg, 0, null),
                rows,
                hidden,
                4 * hidden,
                width
            );
            ForEach(
                new ActivatePair<VecMath.TanhOp, VecMath.SigmoidOp, NoHp>(
                    hidden,
                    pg,
                    2 * hidden,
                    null
                ),
                rows,
                hidden,
                4 * hidden,
                width
            );
            ForEach(
                new LstmFwdState(hidden, pg, pcp, pc, ptc, ph),
                rows,
                hidden,
                4 * hidden,
                width
            );
        }
    }

    /// <summary>
    /// LSTM backward for one step. In: activated gates [i f g o], cPrev, tanh(c), dh = ∂L/∂h_t,
    /// dc = ∂L/∂c_t from later steps. Out: dGates = ∂L/∂a (rows × 4H) and dc overwritten by
    /// ∂L/∂c_{t−1}:
    /// dc_t = dc + dh ⊙ o ⊙ (1 − tanh²c); da_i = dc_t g i(1−i); da_f = dc_t cPrev f(1−f);
    /// da_g = dc_t i (1−g²); da_o = dh tanh(c) o(1−o); dcPrev = dc_t ⊙ f.
    /// </summary>
    public static unsafe void LstmBackward(
        int rows,
        int hidden,
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> tanhC,
        ReadOnlySpan<float> dh,
        Span<float> dc,
        Span<float> dGates,
        SimdWidth? width = null
    )
    {
        Require(gates, rows * 4 * hidden, cPrev, tanhC, dh, dc, rows * hidden);
        ShapeCheck.InvalidIf(
            dGates.Length < rows * 4 * hidden,
            "dGates is shorter than rows × 4H.",
            nameof(dGates)
        );
        fixed (
            float* pg = gates,
                pcp = cPrev,
                ptc = tanhC,
                pdh = dh,
                pdc = dc,
                pdg = dGates
        )
        {
            ForEach(
                new LstmBwd(hidden, pg, pcp, ptc, pdh, pdc, pdg),
                rows,
                hidden,
                4 * hidden,
                width
            );
        }
    }

    // The forward pass in three (see GateKernels.cs: at most two σ or tanh per pass): i f, g o
    // (ActivatePair), then the state.
    /// <summary>c = f ⊙ cPrev + i ⊙ g, tanh(c), h = o ⊙ tanh(c) from the activated gates.</summary>
    private readonly unsafe struct LstmFwdState(
        int n,
        float* gates,
        float* cPrev,
        float* c,
        float* tanhC,
        float* h
    ) : IGateOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct
        {
            float* gi = gates + g;
            var i = TIsa.Load(gi);
            var f = TIsa.Load(gi + n);
            var gg = TIsa.Load(gi + 2 * n);
            var o = TIsa.Load(gi + 3 * n);
            var cv = TIsa.MulAdd(f, TIsa.Load(cPrev + s), TIsa.Mul(i, gg));
            var tc = VecMath.Tanh<TIsa, TVec>(cv);
            TIsa.Store(c + s, cv);
            TIsa.Store(tanhC + s, tc);
            TIsa.Store(h + s, TIsa.Mul(o, tc));
        }
    }

    private readonly unsafe struct LstmBwd(
        int n,
        float* gates,
        float* cPrev,
        float* tanhC,
        float* dh,
        float* dc,
        float* dGates
    ) : IGateOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct
        {
            float* gi = gates + g,
                dg = dGates + g;
            var i = TIsa.Load(gi);
            var f = TIsa.Load(gi + n);
            var gg = TIsa.Load(gi + 2 * n);
            var o = TIsa.Load(gi + 3 * n);
            var tc = TIsa.Load(tanhC + s);
            var dhv = TIsa.Load(dh + s);
            var dct = TIsa.Add(
                TIsa.Load(dc + s),
                TIsa.Mul(TIsa.Mul(dhv, o), OneMinus<TIsa, TVec>(TIsa.Mul(tc, tc)))
            );
            TIsa.Store(dg, TIsa.Mul(TIsa.Mul(TIsa.Mul(dct, gg), i), OneMinus<TIsa, TVec>(i)));
            TIsa.Store(
                dg + n,
                TIsa.Mul(TIsa.Mul(TIsa.Mul(dct, TIsa.Load(cPrev + s)), f), OneMinus<TIsa, TVec>(f))
            );
            TIsa.Store(
                dg + 2 * n,
                TIsa.Mul(TIsa.Mul(dct, i), OneMinus<TIsa, TVec>(TIsa.Mul(gg, gg)))
            );
            TIsa.Store(
                dg + 3 * n,
                TIsa.Mul(TIsa.Mul(TIsa.Mul(dhv, tc), o), OneMinus<TIsa, TVec>(o))
            );
            TIsa.Store(dc + s, TIsa.Mul(dct, f));
        }
    }
}
