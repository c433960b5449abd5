using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>The SIMD optimizer kernels against their readable twins: same bytes, every length (vector body and scalar tail).</summary>
public class OptimizerKernelsTests
{
    public static TheoryData<int> Lengths() => [0, 1, 7, 8, 9, 15, 16, 17, 33, 1000];

    /// <summary>Random g, a non-negative state (sums of squares must be ≥ 0) and θ.</summary>
    private static (float[] G, float[] S1, float[] S2, float[] Theta) Data(int n)
    {
        var rng = new Rng((ulong)n + 1);
        var g = new float[n];
        var s1 = new float[n];
        var s2 = new float[n];
        var theta = new float[n];
        rng.FillNormal<float>(g);
        rng.FillUniform<float>(s1, 0, 2);
        rng.FillUniform<float>(s2, 0, 2);
        rng.FillNormal<float>(theta);
        return (g, s1, s2, theta);
    }

    private delegate void Kernel(
        ReadOnlySpan<float> g,
        Span<float> s1,
        Span<float> s2,
        Span<float> theta
    );

    private static void Same(int n, Kernel fast, Kernel naive)
    {
        var (g, s1, s2, theta) = Data(n);
        var (a1, a2, at) = ((float[])s1.Clone(), (float[])s2.Clone(), (float[])theta.Clone());
        fast(g, s1, s2, theta);
        naive(g, a1, a2, at);
        Assert.Equal(at, theta);
        Assert.Equal(a1, s1);
        Assert.Equal(a2, s2);
        if (n > 0)
        {
            Assert.NotEqual(at, Data(n).Theta); // the kernel did something
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sgd_MatchesNaive(int n) =>
        Same(
            n,
            (g, _, _, th) => OptimizerKernels.Sgd(g, 0.1f, th),
            (g, _, _, th) => OptimizerKernelsNaive.Sgd(g, 0.1f, th)
        );

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Momentum_MatchesNaive_ClassicalAndNesterov(int n)
    {
        foreach (bool nesterov in new[] { false, true })
        {
            Same(
                n,
                (g, v, _, th) => OptimizerKernels.Momentum(g, 0.1f, 0.9f, nesterov, v, th),
                (g, v, _, th) => OptimizerKernelsNaive.Momentum(g, 0.1f, 0.9f, nesterov, v, th)
            );
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adagrad_MatchesNaive(int n) =>
        Same(
            n,
            (g, s, _, th) => OptimizerKernels.Adagrad(g, 0.1f, 1e-8f, s, th),
            (g, s, _, th) => OptimizerKernelsNaive.Adagrad(g, 0.1f, 1e-8f, s, th)
        );

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RmsProp_MatchesNaive(int n) =>
        Same(
            n,
            (g, s, _, th) => OptimizerKernels.RmsProp(g, 1e-3f, 0.9f, 0.1f, 1e-8f, s, th),
            (g, s, _, th) => OptimizerKernelsNaive.RmsProp(g, 1e-3f, 0.9f, 0.1f, 1e-8f, s, th)
        );

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_MatchesNaive(int n) =>
        Same(
            n,
            (g, m, v, th) =>
                OptimizerKernels.Adam(g, 0.01f, 0.9f, 0.1f, 0.999f, 0.001f, 1.5f, 1e-8f, m, v, th),
            (g, m, v, th) =>
                OptimizerKernelsNaive.Adam(
                    g,
                    0.01f,
                    0.9f,
                    0.1f,
                    0.999f,
                    0.001f,
                    1.5f,
                    1e-8f,
                    m,
                    v,
                    th
                )
        );

    [Fact]
    public void Adam_Double_MatchesNaive()
    {
        var rng = new Rng(3);
        var g = new double[37];
        var theta = new double[37];
        rng.FillNormal<double>(g);
        rng.FillNormal<double>(theta);
        var (m1, v1, t1) = (new double[37], new double[37], (double[])theta.Clone());
        var (m2, v2, t2) = (new double[37], new double[37], (double[])theta.Clone());
        OptimizerKernels.Adam(g, 0.01, 0.9, 0.1, 0.999, 0.001, 1.5, 1e-8, m1, v1, t1);
        OptimizerKernelsNaive.Adam(g, 0.01, 0.9, 0.1, 0.999, 0.001, 1.5, 1e-8, m2, v2, t2);
        Assert.Equal(t2, t1);
        Assert.Equal(v2, v1);
    }

    [Fact]
    public void Kernels_MismatchedLengths_ThrowNamingLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            OptimizerKernels.Adagrad<float>(new float[4], 0.1f, 1e-8f, new float[3], new float[4])
        );
        Assert.Contains("state 3", ex.Message);
    }
}
