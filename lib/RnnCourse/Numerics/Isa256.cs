// 256-bit vectors (AVX2 + FMA): the ISimdIsa operations on Vector256<float> (8 floats).
// Deliberate twins: Isa128, Isa256 and Isa512 implement ISimdIsa line for line at their width
// (one struct per width, so every kernel is monomorphised per width by the JIT).
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Numerics;

/// <summary>256-bit vectors (AVX2 + FMA) (8 floats per vector).</summary>
internal unsafe struct Isa256 : ISimdIsa<Vector256<float>>
{
    public static int Width => 8;
    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* p) => Vector256.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float* p) => Vector256.Create(*p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector256<float> v) => v.Store(p);

    // Without FMA hardware Vector256.FusedMultiplyAdd is emulated in software; use mul + add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MulAdd(
        Vector256<float> a,
        Vector256<float> b,
        Vector256<float> c
    ) => Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> v) => Vector256.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreHigh(float* p, Vector256<float> v, int keep, bool add)
    {
        var old = Vector256.Load(p);
        var mask = Vector256
            .GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(8 - keep))
            .AsSingle();
        Vector256.ConditionalSelect(mask, add ? old + v : v, old).Store(p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadHigh(float* p, int keep) =>
        Vector256.Load(p)
        & Vector256
            .GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(8 - keep))
            .AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sum4(
        Vector256<float> s0,
        Vector256<float> s1,
        Vector256<float> s2,
        Vector256<float> s3,
        float* dst,
        bool add
    )
    {
        Vector128<float> r;
        if (Avx.IsSupported)
        {
            var c = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
            r = c.GetLower() + c.GetUpper();
        }
        else
        {
            r = Vector128.Create(Sum(s0), Sum(s1), Sum(s2), Sum(s3));
        }
        if (add)
        {
            r += Vector128.Load(dst);
        }
        r.Store(dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Create(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Div(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) =>
        Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) =>
        Vector256.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) =>
        Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Equal(Vector256<float> a, Vector256<float> b) =>
        Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(
        Vector256<float> mask,
        Vector256<float> a,
        Vector256<float> b
    ) => Vector256.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ScaleByPow2(Vector256<float> p, Vector256<float> k)
    {
        // The native conversion, without a saturation fix-up: k is integral, and VecMath.Exp
        // replaces the lanes out of range.
        var ki = Vector256.ConvertToInt32Native(k);
        var k1 = ki >> 1;
        var bias = Vector256.Create(127);
        return p * ((k1 + bias) << 23).AsSingle() * ((ki - k1 + bias) << 23).AsSingle();
    }
}
