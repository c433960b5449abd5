// The fused GRU gate pass, forward and backward side by side (part of GateKernels; see
// GateKernels.cs for the conventions). PyTorch nn.GRU: n = tanh(a_n + r ⊙ (W_hn h + b_hn)).
// Deliberate twins: GruKernels and LstmKernels (and ElmanKernels) have the same form — a public
// forward and backward that check and pin the spans, each run by GateKernels.ForEach over an
// IGateOp struct whose Apply holds the cell's formulas for one vector of units.

namespace RnnCourse.Bptt.Kernels;

public static partial class GateKernels
{
    /// <summary>
    /// GRU forward for one step. In: <paramref name="gates"/> = a = W_x x + b_x (+ b_h for r, z),
    /// <paramref name="hp"/> = W_h h_{t−1} (rows × 3H, no bias), b_hn, hPrev. Out, in place in gates:
    /// r = σ(a_r + hp_r), z = σ(a_z + hp_z), hn = hp_n + b_hn, n = tanh(a_n + r ⊙ hn);
    /// h = (1 − z) ⊙ n + z ⊙ hPrev. <paramref name="hn"/> keeps W_hn h + b_hn for backward.
    /// </summary>
    public static unsafe void GruForward(
        int rows,
        int hidden,
        Span<float> gates,
        ReadOnlySpan<float> hp,
        ReadOnlySpan<float> bhn,
        ReadOnlySpan<float> hPrev,
        Span<float> hn,
        Span<float> h,
        SimdWidth? width = null
    )
    {
        Require(gates, rows * 3 * hidden, hPrev, hn, h, h, rows * hidden);
        ShapeCheck.InvalidIf(
            hp.Length < rows * 3 * hidden || bhn.Length < hidden,
            "hp must be rows × 3H and bhn H long.",
            nameof(hp)
        );
        fixed (
            float* pg = gates,
                php = hp,
                pb = bhn,
                pprev = hPrev,
                phn = hn,
                ph = h
        )
        {
            ForEach(
                new ActivatePair<VecMath.SigmoidOp, VecMath.SigmoidOp, AddHp>(hidden, pg, 0, php),
                rows,
                hidden,
                3 * hidden,
                width
            );
            ForEach(
                new GruFwdState(hidden, pg, php, pb, pprev, phn, ph),
                rows,
                hidden,
                3 * hidden,
                width
            );
        }
    }

    /// <summary>
    /// GRU backward for one step. In: [r z n], hn, hPrev, dh. Out: dXp = ∂L/∂(W_x x + b_x)
    /// (rows × 3H), dHp = ∂L/∂(W_h h + b_h) (rows × 3H), dhDirect = dh ⊙ z (the path to h_{t−1}
    /// that skips W_h):
    /// da_n = dh (1−z)(1−n²); da_z = dh (hPrev − n) z(1−z); da_r = da_n hn r(1−r);
    /// dXp = [da_r, da_z, da_n]; dHp = [da_r, da_z, da_n ⊙ r].
    /// </summary>
    public static unsafe void GruBackward(
        int rows,
        int hidden,
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrev,
        ReadOnlySpan<float> dh,
        Span<float> dXp,
        Span<float> dHp,
        Span<float> dhDirect,
        SimdWidth? width = null
    )
    {
        Require(gates, rows * 3 * hidden, hn, hPrev, dh, dhDirect, rows * hidden);
        ShapeCheck.InvalidIf(
            dXp.Length < rows * 3 * hidden || dHp.Length < rows * 3 * hidden,
            "dXp and dHp must be rows × 3H.",
            nameof(dXp)
        );
        fixed (
            float* pg = gates,
                phn = hn,
                pprev = hPrev,
                pdh = dh,
                pdx = dXp,
                pdhp = dHp,
                pdd = dhDirect
        )
        {
            ForEach(
                new GruBwd(hidden, pg, phn, pprev, pdh, pdx, pdhp, pdd),
                rows,
                hidden,
                3 * hidden,
                width
            );
        }
    }

    // The forward pass in two (see GateKernels.cs: at most two σ or tanh per pass): r z
    // (ActivatePair), then the state.
    // GruFwdState and GruBwd (like LstmKernels' pair) are IGateOp structs of one cell, their
    // headers alike by design.
    /// <summary>hn = hp_n + b_hn, n = tanh(a_n + r ⊙ hn), h = (1 − z) ⊙ n + z ⊙ hPrev.</summary>
    private readonly unsafe struct GruFwdState(
        int n,
        float* gates,
        float* hp,
        float* bhn,
        float* hPrev,
        float* hn,
        float* h
    ) : IGateOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct
        {
            float* gi = gates + g,
                pi = hp + g;
            var r = TIsa.Load(gi);
            var z = TIsa.Load(gi + n);
            var hnv = TIsa.Add(TIsa.Load(pi + 2 * n), TIsa.Load(bhn + j));
            var nv = VecMath.Tanh<TIsa, TVec>(TIsa.MulAdd(r, hnv, TIsa.Load(gi + 2 * n)));
            var hp0 = TIsa.Load(hPrev + s);
            TIsa.Store(gi + 2 * n, nv);
            TIsa.Store(hn + s, hnv);
            // (1 − z) n + z hPrev = n + z (hPrev − n)
            TIsa.Store(h + s, TIsa.MulAdd(z, TIsa.Sub(hp0, nv), nv));
        }
    }

    private readonly unsafe struct GruBwd(
        int n,
        float* gates,
        float* hn,
        float* hPrev,
        float* dh,
        float* dXp,
        float* dHp,
        float* dhDirect
    ) : IGateOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct
        {
            float* gi = gates + g,
                dx = dXp + g,
                dp = dHp + g;
            var r = TIsa.Load(gi);
            var z = TIsa.Load(gi + n);
            var nv = TIsa.Load(gi + 2 * n);
            var dhv = TIsa.Load(dh + s);
            var dan = TIsa.Mul(
                TIsa.Mul(dhv, OneMinus<TIsa, TVec>(z)),
                OneMinus<TIsa, TVec>(TIsa.Mul(nv, nv))
            );
            var daz = TIsa.Mul(
                TIsa.Mul(TIsa.Mul(dhv, TIsa.Sub(TIsa.Load(hPrev + s), nv)), z),
                OneMinus<TIsa, TVec>(z)
            );
            var dar = TIsa.Mul(
                TIsa.Mul(TIsa.Mul(dan, TIsa.Load(hn + s)), r),
                OneMinus<TIsa, TVec>(r)
            );
            TIsa.Store(dx, dar);
            TIsa.Store(dx + n, daz);
            TIsa.Store(dx + 2 * n, dan);
            TIsa.Store(dp, dar);
            TIsa.Store(dp + n, daz);
            TIsa.Store(dp + 2 * n, TIsa.Mul(dan, r));
            TIsa.Store(dhDirect + s, TIsa.Mul(dhv, z));
        }
    }
}
