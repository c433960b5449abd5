// Vectorized sigmoid and tanh for the fused gate kernels, accurate to a few float ulps
// (≤ ~2e-7 relative, checked against double precision in VecMathTests), so the fused engine
// stays within 1e-5 of the reference engine without using approximations that drift.
//   σ(x)    = 1 / (1 + e^(−x))                      (no cancellation anywhere)
//   tanh(x) = sign(x) · (1 − 2 / (e^(2|x|) + 1))     for |x| ≥ 0.55
//   tanh(x) = x + c3 x³ + … + c15 x¹⁵ (Taylor)       for |x| < 0.55, where 1 − 2/(…) would
//             cancel; the first omitted term is < 5e-8 relative there.
// e^x is VecMath.Exp (float32 Cody–Waite + polynomial). One generic body over ISimdIsa runs at
// every width and on scalars (kernel tails), with the same operations in the same order, so
// every width gives the same bits (tested).
using System.Runtime.Intrinsics;

namespace RnnCourse.Bptt.Kernels;

/// <summary>
/// e^x, σ and tanh at every SIMD width and on scalars (same formulas, same bits), and as span
/// kernels (destination last).
/// </summary>
public static class VecMath
{
    private const float TanhSmall = 0.55f;
    private const float C3 = -1f / 3f;
    private const float C5 = 2f / 15f;
    private const float C7 = -17f / 315f;
    private const float C9 = 62f / 2835f;
    private const float C11 = -1382f / 155925f;
    private const float C13 = 21844f / 6081075f;
    private const float C15 = -929569f / 638512875f;

    /// <summary>
    /// e^x per lane in float32 (Cody–Waite): k = round(x·log₂e), r = x − k·ln2 (two-part ln2,
    /// |r| ≤ ln2/2), e^r by its degree-7 Taylor polynomial (truncation &lt; 1e-8 relative), times
    /// 2^k built in the exponent bits. ≤ 2 ulp; +∞ above 88.7, 0 below −87.3, NaN kept.
    /// Replacing Vector512.Exp (which widens to double) by this took the LSTM gate pass from 17 to
    /// 2.2 ns per cell on the course machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec Exp<TIsa, TVec>(TVec x)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        // Lanes outside [−87.3, 88.7] (and NaN) compute garbage here, never a trap, and are
        // replaced by the selects at the end: no clamp needed first.
        var magic = TIsa.Create(12582912f); // 1.5·2²³: adding it rounds to an integer
        var kf = TIsa.Sub(TIsa.MulAdd(x, TIsa.Create(1.44269504f), magic), magic);
        var r = TIsa.MulAdd(kf, TIsa.Create(-0.693359375f), x);
        r = TIsa.MulAdd(kf, TIsa.Create(2.12194440e-4f), r);
        var p = TIsa.MulAdd(TIsa.Create(1f / 5040f), r, TIsa.Create(1f / 720f));
        p = TIsa.MulAdd(p, r, TIsa.Create(1f / 120f));
        p = TIsa.MulAdd(p, r, TIsa.Create(1f / 24f));
        p = TIsa.MulAdd(p, r, TIsa.Create(1f / 6f));
        p = TIsa.MulAdd(p, r, TIsa.Create(0.5f));
        p = TIsa.MulAdd(p, r, TIsa.Create(1f));
        p = TIsa.MulAdd(p, r, TIsa.Create(1f));
        var e = TIsa.ScaleByPow2(p, kf);
        e = TIsa.Select(
            TIsa.GreaterThan(x, TIsa.Create(88.7f)),
            TIsa.Create(float.PositiveInfinity),
            e
        );
        e = TIsa.Select(TIsa.LessThan(x, TIsa.Create(-87.3f)), TIsa.Zero, e);
        return TIsa.Select(TIsa.Equal(x, x), e, x); // NaN stays NaN
    }

    /// <summary>σ(x) = 1 / (1 + e^(−x)) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec Sigmoid<TIsa, TVec>(TVec x)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        var one = TIsa.Create(1f);
        return TIsa.Div(one, TIsa.Add(one, Exp<TIsa, TVec>(TIsa.Sub(TIsa.Zero, x))));
    }

    /// <summary>tanh(x) per lane (polynomial near 0, exp-based elsewhere; see the file header).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec Tanh<TIsa, TVec>(TVec x)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        // Both branches on a = |x| (tanh is odd), then the sign bit of x is put back with one
        // bitwise select: keeps tanh(−0) = −0 and NaN (Vector512.CopySign measured 4× slower).
        var one = TIsa.Create(1f);
        var a = TIsa.Abs(x);
        var e = Exp<TIsa, TVec>(TIsa.Add(a, a));
        var big = TIsa.Sub(one, TIsa.Div(TIsa.Create(2f), TIsa.Add(e, one)));
        var a2 = TIsa.Mul(a, a);
        var p = TIsa.MulAdd(a2, TIsa.Create(C15), TIsa.Create(C13));
        p = TIsa.MulAdd(a2, p, TIsa.Create(C11));
        p = TIsa.MulAdd(a2, p, TIsa.Create(C9));
        p = TIsa.MulAdd(a2, p, TIsa.Create(C7));
        p = TIsa.MulAdd(a2, p, TIsa.Create(C5));
        p = TIsa.MulAdd(a2, p, TIsa.Create(C3));
        var small = TIsa.MulAdd(TIsa.Mul(a, a2), p, a);
        var magnitude = TIsa.Select(TIsa.LessThan(a, TIsa.Create(TanhSmall)), small, big);
        return TIsa.Select(TIsa.Create(-0f), x, magnitude);
    }

    /// <summary>e^x on 16 lanes.</summary>
    public static Vector512<float> Exp(Vector512<float> x) => Exp<Isa512, Vector512<float>>(x);

    /// <summary>σ(x) on 16 lanes.</summary>
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Sigmoid<Isa512, Vector512<float>>(x);

    /// <summary>tanh(x) on 16 lanes.</summary>
    public static Vector512<float> Tanh(Vector512<float> x) => Tanh<Isa512, Vector512<float>>(x);

    /// <summary>e^x, the same bits as one lane of the vector forms.</summary>
    public static float Exp(float x) => Exp<IsaScalar, float>(x);

    /// <summary>σ(x), the same bits as one lane of the vector forms.</summary>
    public static float Sigmoid(float x) => Sigmoid<IsaScalar, float>(x);

    /// <summary>tanh(x), the same bits as one lane of the vector forms.</summary>
    public static float Tanh(float x) => Tanh<IsaScalar, float>(x);

    /// <summary>destination[i] = σ(x[i]) at <paramref name="width"/> (null: <see cref="Simd.Best"/>).</summary>
    public static void Sigmoid(
        ReadOnlySpan<float> x,
        Span<float> destination,
        SimdWidth? width = null
    ) => Map<SigmoidOp>(x, destination, width);

    /// <summary>destination[i] = tanh(x[i]) at <paramref name="width"/> (null: <see cref="Simd.Best"/>).</summary>
    public static void Tanh(
        ReadOnlySpan<float> x,
        Span<float> destination,
        SimdWidth? width = null
    ) => Map<TanhOp>(x, destination, width);

    /// <summary>destination[i] = e^x[i] at <paramref name="width"/> (null: <see cref="Simd.Best"/>).</summary>
    public static void Exp(
        ReadOnlySpan<float> x,
        Span<float> destination,
        SimdWidth? width = null
    ) => Map<ExpOp>(x, destination, width);

    /// <summary>A function of one vector, applied lane by lane (e^x, σ, tanh).</summary>
    internal interface IUnary
    {
        static abstract TVec Apply<TIsa, TVec>(TVec x)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct;
    }

    /// <summary>e^x.</summary>
    internal readonly struct ExpOp : IUnary
    {
        public static TVec Apply<TIsa, TVec>(TVec x)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct => Exp<TIsa, TVec>(x);
    }

    /// <summary>σ(x).</summary>
    internal readonly struct SigmoidOp : IUnary
    {
        public static TVec Apply<TIsa, TVec>(TVec x)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct => Sigmoid<TIsa, TVec>(x);
    }

    /// <summary>tanh(x).</summary>
    internal readonly struct TanhOp : IUnary
    {
        public static TVec Apply<TIsa, TVec>(TVec x)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct => Tanh<TIsa, TVec>(x);
    }

    /// <summary>destination = TOp(x) through the gate kernels' driver (full vectors, then the tail on scalars).</summary>
    private static unsafe void Map<TOp>(
        ReadOnlySpan<float> x,
        Span<float> destination,
        SimdWidth? width
    )
        where TOp : struct, IUnary
    {
        ShapeCheck.InvalidIf(
            destination.Length < x.Length,
            $"destination holds {destination.Length} elements, x has {x.Length}: give a destination at least as long as x.",
            nameof(destination)
        );
        fixed (
            float* px = x,
                pd = destination
        )
        {
            GateKernels.ForEach(new MapOp<TOp>(px, pd), 1, x.Length, x.Length, width);
        }
    }

    private readonly unsafe struct MapOp<TOp>(float* x, float* destination) : GateKernels.IGateOp
        where TOp : struct, IUnary
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct =>
            TIsa.Store(destination + s, TOp.Apply<TIsa, TVec>(TIsa.Load(x + s)));
    }
}
