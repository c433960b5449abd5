// The Elman (and Jordan) activation pass, forward and backward side by side (part of
// GateKernels; see GateKernels.cs for the conventions).

namespace RnnCourse.Bptt.Kernels;

public static partial class GateKernels
{
    /// <summary>Elman forward: h[k] = f(a[k]) over <paramref name="count"/> elements.</summary>
    public static unsafe void ElmanForward(
        Activation f,
        int count,
        ReadOnlySpan<float> a,
        Span<float> h,
        SimdWidth? width = null
    )
    {
        ShapeCheck.InvalidIf(
            a.Length < count || h.Length < count,
            "a and h must hold count elements.",
            nameof(a)
        );
        fixed (
            float* pa = a,
                ph = h
        )
        {
            ForEach(new ElmanFwd(f, pa, ph), 1, count, count, width);
        }
    }

    /// <summary>
    /// Elman backward from the output: da[k] = dh[k] · f'(a[k]) written with h = f(a):
    /// tanh' = 1 − h², σ' = h(1 − h), ReLU' = [h &gt; 0], identity' = 1.
    /// </summary>
    public static unsafe void ElmanBackward(
        Activation f,
        int count,
        ReadOnlySpan<float> h,
        ReadOnlySpan<float> dh,
        Span<float> da,
        SimdWidth? width = null
    )
    {
        ShapeCheck.InvalidIf(
            h.Length < count || dh.Length < count || da.Length < count,
            "h, dh and da must hold count elements.",
            nameof(h)
        );
        fixed (
            float* ph = h,
                pdh = dh,
                pda = da
        )
        {
            ForEach(new ElmanBwd(f, ph, pdh, pda), 1, count, count, width);
        }
    }

    private readonly unsafe struct ElmanFwd(Activation f, float* a, float* h) : IGateOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct => TIsa.Store(h + s, Activate<TIsa, TVec>(f, TIsa.Load(a + s)));
    }

    private readonly unsafe struct ElmanBwd(Activation f, float* h, float* dh, float* da) : IGateOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct
        {
            var hv = TIsa.Load(h + s);
            var d = TIsa.Load(dh + s);
            var r = f switch
            {
                Activation.Tanh => TIsa.Mul(d, OneMinus<TIsa, TVec>(TIsa.Mul(hv, hv))),
                Activation.Sigmoid => TIsa.Mul(TIsa.Mul(d, hv), OneMinus<TIsa, TVec>(hv)),
                Activation.Relu => TIsa.Select(TIsa.GreaterThan(hv, TIsa.Zero), d, TIsa.Zero),
                _ => d,
            };
            TIsa.Store(da + s, r);
        }
    }
}
