// 128-bit vectors (SSE, NEON): the ISimdIsa operations on Vector128<float> (4 floats).
// Deliberate twins: Isa128, Isa256 and Isa512 implement ISimdIsa line for line at their width
// (one struct per width, so every kernel is monomorphised per width by the JIT).
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
