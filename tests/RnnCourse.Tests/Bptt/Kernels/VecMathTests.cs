// The fused kernels' sigmoid and tanh must be accurate to float precision (not a fast
// approximation), so the fused engine can match the reference within 1e-5.
using System.Runtime.Intrinsics;
using RnnCourse.Bptt.Kernels;

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

    private static float[] Vector(Func<Vector512<float>, Vector512<float>> f, float[] xs)
    {
        var ys = new float[xs.Length];
        int k = 0;
        for (; k <= xs.Length - 16; k += 16)
        {
            f(Vector512.Create(xs.AsSpan(k, 16))).CopyTo(ys.AsSpan(k, 16));
        }
        var tail = new float[16];
        xs.AsSpan(k).CopyTo(tail);
        var last = new float[16];
        f(Vector512.Create(tail)).CopyTo(last);
        last.AsSpan(0, xs.Length - k).CopyTo(ys.AsSpan(k));
        return ys;
    }

    [Fact]
    public void Tanh_VectorAndScalar_WithinFloatUlpsOfDouble()
    {
        var xs = Grid().ToArray();
        var vec = Vector(VecMath.Tanh, xs);
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

    [Fact]
    public void Sigmoid_VectorAndScalar_WithinFloatUlpsOfDouble()
    {
        var xs = Grid().ToArray();
        var vec = Vector(VecMath.Sigmoid, xs);
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

    [Fact]
    public void Exp_Vector_WithinFloatUlpsOfDouble()
    {
        var xs = new List<float>();
        for (double x = -87; x <= 88.5; x += 0.0371)
        {
            xs.Add((float)x);
        }
        xs.AddRange([0f, -0f, 1e-7f, -1e-7f, 0.34657f, -0.34658f]);
        var arr = xs.ToArray();
        var vec = Vector(VecMath.Exp, arr);
        for (int i = 0; i < arr.Length; i++)
        {
            double want = Math.Exp(arr[i]);
            Assert.True(
                Math.Abs(vec[i] - want) <= 3e-7 * want,
                $"exp({arr[i]:R}) = {vec[i]:R}, want {want:R}"
            );
        }
        var special = Vector(
            VecMath.Exp,
            [100f, float.PositiveInfinity, -100f, float.NegativeInfinity, float.NaN]
        );
        Assert.Equal(float.PositiveInfinity, special[0]);
        Assert.Equal(float.PositiveInfinity, special[1]);
        Assert.Equal(0f, special[2]);
        Assert.Equal(0f, special[3]);
        Assert.True(float.IsNaN(special[4]));
    }

    [Fact]
    public void Tanh_SpecialValues_KeepSignInfinityAndNaN()
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
        var vec = Vector(VecMath.Tanh, xs);
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
