// Width-1 "vectors": the ISimdIsa operations on plain floats. Runs every kernel on machines
// without SIMD, the Scalar width of tests, and the tail of each vector loop (so the last
// elements of a row see the same formulas as its vector lanes).
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Numerics;

/// <summary>Width-1 "vectors": the scalar fallback runs the same kernels on plain floats.</summary>
internal unsafe struct IsaScalar : ISimdIsa<float>
{
    public static int Width => 1;
    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(float* p) => *p;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float* p) => *p;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, float v) => *p = v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MulAdd(float a, float b, float c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float v) => v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadHigh(float* p, int keep) => keep > 0 ? *p : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreHigh(float* p, float v, int keep, bool add)
    {
        if (keep > 0)
        {
            *p = add ? *p + v : v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sum4(float s0, float s1, float s2, float s3, float* dst, bool add)
    {
        dst[0] = add ? dst[0] + s0 : s0;
        dst[1] = add ? dst[1] + s1 : s1;
        dst[2] = add ? dst[2] + s2 : s2;
        dst[3] = add ? dst[3] + s3 : s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Create(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sub(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Mul(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Div(float a, float b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => MathF.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Abs(float a) => MathF.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LessThan(float a, float b) => Mask(a < b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GreaterThan(float a, float b) => Mask(a > b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Equal(float a, float b) => Mask(a == b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Select(float mask, float a, float b)
    {
        int m = BitConverter.SingleToInt32Bits(mask);
        return BitConverter.Int32BitsToSingle(
            (m & BitConverter.SingleToInt32Bits(a)) | (~m & BitConverter.SingleToInt32Bits(b))
        );
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ScaleByPow2(float p, float k)
    {
        int ki = (int)k;
        int k1 = ki >> 1;
        return p
            * BitConverter.Int32BitsToSingle((k1 + 127) << 23)
            * BitConverter.Int32BitsToSingle((ki - k1 + 127) << 23);
    }

    private static float Mask(bool set) => BitConverter.Int32BitsToSingle(set ? -1 : 0);
}
