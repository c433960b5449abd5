// The fused kernels' sigmoid and tanh must be accurate to float precision (not a fast
// approximation), so the fused engine can match the reference within 1e-5, and give the same
// bits at every SIMD width (so a kernel's tail agrees with its vector lanes).
using RnnCourse.Bptt.Kernels;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Bptt.Kernels;

public class VecMathTests
{
    private static IEnumerable<float> Grid()
    {
        for (double x = -20; x <= 20; x += 0.0137)
        {
            yield return (float)x;
        }
        foreach (
            var x in new[]
            {
                0f,
                -0f,
                1e-30f,
                -1e-30f,
                1e-6f,
                -3e-5f,
                0.54999f,
                0.55f,
                0.55001f,
                -0.55f,
                9f,
                44f,
                100f,
                -100f,
            }
        )
        {
            yield return x;
        }
    }

    public static TheoryData<string> Widths() => new(Simd.Supported.Select(w => w.ToString()));

    private delegate void SpanKernel(ReadOnlySpan<float> x, Span<float> y, SimdWidth? width);

    /// <summary>The span kernel at one width; every width must give the scalar bits exactly.</summary>
    private static float[] At(SpanKernel f, float[] xs, string width)
    {
        var ys = new float[xs.Length];
        f(xs, ys, Enum.Parse<SimdWidth>(width));
        var scalar = new float[xs.Length];
        f(xs, scalar, SimdWidth.Scalar);
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(ys[i]) == BitConverter.SingleToInt32Bits(scalar[i]),
                $"{width} f({xs[i]:R}) = {ys[i]:R}, scalar gives {scalar[i]:R}"
            );
        }
        return ys;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Tanh_EveryWidthAndScalar_WithinFloatUlpsOfDouble(string width)
    {
        var xs = Grid().ToArray();
        var vec = At(VecMath.Tanh, xs, width);
        for (int i = 0; i < xs.Length; i++)
        {
            double want = Math.Tanh(xs[i]);
            double tol = 3e-7 * Math.Abs(want) + 1e-45;
            Assert.True(
                Math.Abs(VecMath.Tanh(xs[i]) - want) <= tol,
                $"scalar tanh({xs[i]:R}) = {VecMath.Tanh(xs[i]):R}, want {want:R}"
            );
            Assert.True(
                Math.Abs(vec[i] - want) <= tol,
                $"vector tanh({xs[i]:R}) = {vec[i]:R}, want {want:R}"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sigmoid_EveryWidthAndScalar_WithinFloatUlpsOfDouble(string width)
    {
        var xs = Grid().ToArray();
        var vec = At(VecMath.Sigmoid, xs, width);
        for (int i = 0; i < xs.Length; i++)
        {
            double want = 1 / (1 + Math.Exp(-(double)xs[i]));
            double tol = 3e-7 * Math.Abs(want) + 1e-40;
            Assert.True(Math.Abs(VecMath.Sigmoid(xs[i]) - want) <= tol, $"scalar σ({xs[i]:R})");
            Assert.True(
                Math.Abs(vec[i] - want) <= tol,
                $"vector σ({xs[i]:R}) = {vec[i]:R}, want {want:R}"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Exp_EveryWidth_WithinFloatUlpsOfDouble(string width)
    {
        var xs = new List<float>();
        for (double x = -87; x <= 88.5; x += 0.0371)
        {
            xs.Add((float)x);
        }
        xs.AddRange([0f, -0f, 1e-7f, -1e-7f, 0.34657f, -0.34658f]);
        var arr = xs.ToArray();
        var vec = At(VecMath.Exp, arr, width);
        for (int i = 0; i < arr.Length; i++)
        {
            double want = Math.Exp(arr[i]);
            Assert.True(
                Math.Abs(vec[i] - want) <= 3e-7 * want,
                $"exp({arr[i]:R}) = {vec[i]:R}, want {want:R}"
            );
        }
        var special = At(
            VecMath.Exp,
            [100f, float.PositiveInfinity, -100f, float.NegativeInfinity, float.NaN],
            width
        );
        Assert.Equal(float.PositiveInfinity, special[0]);
        Assert.Equal(float.PositiveInfinity, special[1]);
        Assert.Equal(0f, special[2]);
        Assert.Equal(0f, special[3]);
        Assert.True(float.IsNaN(special[4]));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Tanh_SpecialValues_KeepSignInfinityAndNaN(string width)
    {
        var xs = new[]
        {
            float.PositiveInfinity,
            float.NegativeInfinity,
            float.NaN,
            -0f,
            1e-38f,
            -1e-38f,
        };
        var vec = At(VecMath.Tanh, xs, width);
        Assert.Equal(1f, vec[0]);
        Assert.Equal(-1f, vec[1]);
        Assert.True(float.IsNaN(vec[2]));
        Assert.True(float.IsNegative(vec[3]));
        Assert.Equal(1e-38f, vec[4]);
        Assert.Equal(-1e-38f, vec[5]);
        Assert.Equal(1f, VecMath.Tanh(float.PositiveInfinity));
        Assert.True(float.IsNaN(VecMath.Tanh(float.NaN)));
    }
}
