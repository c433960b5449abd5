// The ISimdIsa operations at each vector width: Isa128 on Vector128<float> (SSE, NEON; 4 floats),
// Isa256 on Vector256<float> (AVX2 + FMA; 8 floats), Isa512 on Vector512<float> (AVX-512F; 16).
// Deliberate twins: the three structs implement ISimdIsa line for line at their width, one struct
// per width so that the JIT monomorphises every kernel per width (.NET 10 keeps ISimdVector
// internal, so no one generic body can stand for all three). They share this file, over 300
// lines for that reason: a change to one member is a change to all three, made side by side.
// The scalar member of the family, for the tails, is IsaScalar.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Numerics;

/// <summary>128-bit vectors (SSE, NEON) (4 floats per vector).</summary>
internal unsafe struct Isa128 : ISimdIsa<Vector128<float>>
{
    public static int Width => 4;
    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* p) => Vector128.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float* p) => Vector128.Create(*p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector128<float> v) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MulAdd(
        Vector128<float> a,
        Vector128<float> b,
        Vector128<float> c
    ) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c)
        : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c, a, b)
        : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> v) => Vector128.Sum(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreHigh(float* p, Vector128<float> v, int keep, bool add)
    {
        var old = Vector128.Load(p);
        var mask = Vector128
            .GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(4 - keep))
            .AsSingle();
        Vector128.ConditionalSelect(mask, add ? old + v : v, old).Store(p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadHigh(float* p, int keep) =>
        Vector128.Load(p)
        & Vector128
            .GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(4 - keep))
            .AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sum4(
        Vector128<float> s0,
        Vector128<float> s1,
        Vector128<float> s2,
        Vector128<float> s3,
        float* dst,
        bool add
    )
    {
        var r = Sse3.IsSupported
            ? Sse3.HorizontalAdd(Sse3.HorizontalAdd(s0, s1), Sse3.HorizontalAdd(s2, s3))
            : Vector128.Create(Sum(s0), Sum(s1), Sum(s2), Sum(s3));
        if (add)
        {
            r += Vector128.Load(dst);
        }
        r.Store(dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Create(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Mul(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Div(Vector128<float> a, Vector128<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) =>
        Vector128.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LessThan(Vector128<float> a, Vector128<float> b) =>
        Vector128.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) =>
        Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Equal(Vector128<float> a, Vector128<float> b) =>
        Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Select(
        Vector128<float> mask,
        Vector128<float> a,
        Vector128<float> b
    ) => Vector128.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ScaleByPow2(Vector128<float> p, Vector128<float> k)
    {
        // The native conversion, without a saturation fix-up: k is integral, and VecMath.Exp
        // replaces the lanes out of range.
        var ki = Vector128.ConvertToInt32Native(k);
        var k1 = ki >> 1;
        var bias = Vector128.Create(127);
        return p * ((k1 + bias) << 23).AsSingle() * ((ki - k1 + bias) << 23).AsSingle();
    }
}

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
