// The vectorized updates equal their textbook formulas (computed in double here) on lengths
// that exercise the 16-lane body and the scalar tail.
using RnnCourse.Bptt.Kernels;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Bptt.Kernels;

public class OptimizerKernelsTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(37)]
    public void Adam_ThreeSteps_MatchesPyTorchFormula(int n)
    {
        var rng = new Rng(3);
        var theta = new float[n];
        rng.FillUniform<float>(theta, -1, 1);
        var t64 = theta.Select(x => (double)x).ToArray();
        var m = new float[n];
        var v = new float[n];
        var m64 = new double[n];
        var v64 = new double[n];
        for (int step = 1; step <= 3; step++)
        {
            var g = new float[n];
            rng.FillUniform<float>(g, -2, 2);
            OptimizerKernels.Adam(theta, g, m, v, step, 0.01f);
            for (int k = 0; k < n; k++)
            {
                m64[k] = 0.9 * m64[k] + 0.1 * g[k];
                v64[k] = 0.999 * v64[k] + 0.001 * g[k] * g[k];
                double denom = Math.Sqrt(v64[k]) / Math.Sqrt(1 - Math.Pow(0.999, step)) + 1e-8;
                t64[k] -= 0.01 / (1 - Math.Pow(0.9, step)) * m64[k] / denom;
            }
        }
        for (int k = 0; k < n; k++)
        {
            Assert.True(Math.Abs(theta[k] - t64[k]) < 1e-6, $"θ[{k}] = {theta[k]}, want {t64[k]}");
        }
    }

    [Fact]
    public void Adagrad_TwoSteps_MatchesMinCharRnnFormula()
    {
        var theta = Enumerable.Range(0, 21).Select(i => 0.1f * i - 1).ToArray();
        var mem = new float[21];
        var t64 = theta.Select(x => (double)x).ToArray();
        var mem64 = new double[21];
        for (int step = 0; step < 2; step++)
        {
            var g = Enumerable.Range(0, 21).Select(i => (float)Math.Sin(i + step)).ToArray();
            OptimizerKernels.Adagrad(theta, g, mem, 0.1f);
            for (int k = 0; k < 21; k++)
            {
                mem64[k] += (double)g[k] * g[k];
                t64[k] -= 0.1 * g[k] / Math.Sqrt(mem64[k] + 1e-8);
            }
        }
        for (int k = 0; k < 21; k++)
        {
            Assert.True(Math.Abs(theta[k] - t64[k]) < 1e-6, $"θ[{k}]");
        }
    }

    [Fact]
    public void Adam_MismatchedLengths_ThrowsNamingTheLengths()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            OptimizerKernels.Adam(new float[4], new float[4], new float[3], new float[4], 1, 0.1f)
        );
        Assert.Contains("state 3/4", e.Message);
    }
}
