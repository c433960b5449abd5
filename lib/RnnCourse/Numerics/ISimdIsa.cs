// The vector operations every SIMD kernel is written over, once: GEMM and mat-vec (loads,
// broadcasts, FMA, horizontal sums) and the elementwise gate passes and VecMath (arithmetic,
// compares, selects, 2^k). Implemented by Isa512, Isa256, Isa128 (System.Runtime.Intrinsics) and
// IsaScalar (width 1, which also runs every kernel's tail). The JIT specialises a generic kernel
// per struct and inlines each operation, so the code is what hand-written intrinsics would give.
namespace RnnCourse.Numerics;

/// <summary>The vector operations the kernels need, over a vector type <typeparamref name="TVec"/>.</summary>
internal unsafe interface ISimdIsa<TVec>
    where TVec : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Width { get; }
    static abstract TVec Zero { get; }
    static abstract TVec Load(float* p);
    static abstract TVec Broadcast(float* p);
    static abstract void Store(float* p, TVec v);

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    static abstract TVec MulAdd(TVec a, TVec b, TVec c);
    static abstract TVec Add(TVec a, TVec b);
    static abstract float Sum(TVec v);

    /// <summary>
    /// The vector at p with its first Width − keep lanes zeroed: the last <paramref name="keep"/>
    /// elements of a row whose end is p + Width, for a dot product's tail without a scalar loop.
    /// </summary>
    static abstract TVec LoadHigh(float* p, int keep);

    /// <summary>
    /// Writes the last <paramref name="keep"/> lanes of v to p (added to what is there when
    /// <paramref name="add"/>); the first Width − keep floats at p are left unchanged.
    /// </summary>
    static abstract void StoreHigh(float* p, TVec v, int keep, bool add);

    /// <summary>dst[i] (+)= Σ lanes of the i-th vector, for four vectors at once (one shuffle tree).</summary>
    static abstract void Sum4(TVec s0, TVec s1, TVec s2, TVec s3, float* dst, bool add);

    // Elementwise operations of the gate kernels and VecMath.

    /// <summary>Every lane = <paramref name="value"/>.</summary>
    static abstract TVec Create(float value);
    static abstract TVec Sub(TVec a, TVec b);
    static abstract TVec Mul(TVec a, TVec b);
    static abstract TVec Div(TVec a, TVec b);
    static abstract TVec Max(TVec a, TVec b);
    static abstract TVec Abs(TVec a);

    /// <summary>All bits set in the lanes where a &lt; b, zero elsewhere.</summary>
    static abstract TVec LessThan(TVec a, TVec b);

    /// <summary>All bits set in the lanes where a &gt; b, zero elsewhere.</summary>
    static abstract TVec GreaterThan(TVec a, TVec b);

    /// <summary>All bits set in the lanes where a = b (false for NaN), zero elsewhere.</summary>
    static abstract TVec Equal(TVec a, TVec b);

    /// <summary>Bitwise: the bits of a where mask is set, of b elsewhere.</summary>
    static abstract TVec Select(TVec mask, TVec a, TVec b);

    /// <summary>
    /// p · 2^k for integral k in −252..254, as p · 2^(k>>1) · 2^(k−(k>>1)): each factor stays a
    /// normal float (built in the exponent bits), so results down to the subnormals are exact.
    /// Any other k (NaN included) gives an unspecified value, never an exception.
    /// </summary>
    static abstract TVec ScaleByPow2(TVec p, TVec k);
}
