// 512-bit vectors (AVX-512F): the ISimdIsa operations on Vector512<float> (16 floats).
// Deliberate twins: Isa128, Isa256 and Isa512 implement ISimdIsa line for line at their width
// (one struct per width, so every kernel is monomorphised per width by the JIT).
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Numerics;

/// <summary>512-bit vectors (AVX-512F) (16 floats per vector).</summary>
internal unsafe struct Isa512 : ISimdIsa<Vector512<float>>
{
    public static int Width => 16;
    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* p) => Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float* p) => Vector512.Create(*p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector512<float> v) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MulAdd(
        Vector512<float> a,
        Vector512<float> b,
        Vector512<float> c
    ) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> v) => Vector512.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreHigh(float* p, Vector512<float> v, int keep, bool add)
    {
        var old = Vector512.Load(p);
        var mask = Vector512
            .GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(16 - keep))
            .AsSingle();
        Vector512.ConditionalSelect(mask, add ? old + v : v, old).Store(p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadHigh(float* p, int keep) =>
        Vector512.Load(p)
        & Vector512
            .GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(16 - keep))
            .AsSingle();

    // Pairs of vectors are interleaved and added (unpack), then the pairs of pairs (shuffle),
    // leaving in each 128-bit lane the four partial sums; the four lanes are then added.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sum4(
        Vector512<float> s0,
        Vector512<float> s1,
        Vector512<float> s2,
        Vector512<float> s3,
        float* dst,
        bool add
    )
    {
        Vector128<float> r;
        if (Avx512F.IsSupported)
        {
            var a = Avx512F.UnpackLow(s0, s1) + Avx512F.UnpackHigh(s0, s1);
            var b = Avx512F.UnpackLow(s2, s3) + Avx512F.UnpackHigh(s2, s3);
            var c = Avx512F.Shuffle(a, b, 0b01_00_01_00) + Avx512F.Shuffle(a, b, 0b11_10_11_10);
            var d = c.GetLower() + c.GetUpper();
            r = d.GetLower() + d.GetUpper();
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
    public static Vector512<float> Create(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Div(Vector512<float> a, Vector512<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) =>
        Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) =>
        Vector512.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GreaterThan(Vector512<float> a, Vector512<float> b) =>
        Vector512.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Equal(Vector512<float> a, Vector512<float> b) =>
        Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(
        Vector512<float> mask,
        Vector512<float> a,
        Vector512<float> b
    ) => Vector512.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ScaleByPow2(Vector512<float> p, Vector512<float> k)
    {
        // The native conversion, without a saturation fix-up: k is integral, and VecMath.Exp
        // replaces the lanes out of range.
        var ki = Vector512.ConvertToInt32Native(k);
        var k1 = ki >> 1;
        var bias = Vector512.Create(127);
        return p * ((k1 + bias) << 23).AsSingle() * ((ki - k1 + bias) << 23).AsSingle();
    }
}
