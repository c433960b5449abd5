// The one optimizer kernel set: the SIMD kernels against their readable twins (same bytes, every
// length: vector body and scalar tail, float and double), float against the same rules in double,
// and Adam against its textbook form with m̂ and v̂ written out.
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

public class OptimizerKernelsTests
{
    public enum Rule
    {
        Sgd,
        Momentum,
        Nesterov,
        Adagrad,
        RmsProp,
        Adam,
    }

    public static TheoryData<Rule, int> RulesAndLengths()
    {
        var d = new TheoryData<Rule, int>();
        foreach (var rule in Enum.GetValues<Rule>())
        {
            foreach (int n in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 33, 1000 })
            {
                d.Add(rule, n);
            }
        }
        return d;
    }

    public static TheoryData<Rule> Rules() => new(Enum.GetValues<Rule>());

    /// <summary>Step <paramref name="step"/> (≥ 1) of <paramref name="rule"/>, from either twin.</summary>
    private static void Apply<T>(
        Rule rule,
        bool vectorised,
        int step,
        ReadOnlySpan<T> g,
        Span<T> s1,
        Span<T> s2,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (rule, vectorised)
        {
            case (Rule.Sgd, true):
                OptimizerKernels.Sgd(g, 0.1, theta);
                break;
            case (Rule.Sgd, false):
                OptimizerKernelsNaive.Sgd(g, 0.1, theta);
                break;
            case (Rule.Momentum or Rule.Nesterov, true):
                OptimizerKernels.Momentum(g, 0.1, 0.9, rule == Rule.Nesterov, s1, theta);
                break;
            case (Rule.Momentum or Rule.Nesterov, false):
                OptimizerKernelsNaive.Momentum(g, 0.1, 0.9, rule == Rule.Nesterov, s1, theta);
                break;
            case (Rule.Adagrad, true):
                OptimizerKernels.Adagrad(g, 0.1, 1e-8, s1, theta);
                break;
            case (Rule.Adagrad, false):
                OptimizerKernelsNaive.Adagrad(g, 0.1, 1e-8, s1, theta);
                break;
            case (Rule.RmsProp, true):
                OptimizerKernels.RmsProp(g, 1e-3, 0.9, 1e-8, s1, theta);
                break;
            case (Rule.RmsProp, false):
                OptimizerKernelsNaive.RmsProp(g, 1e-3, 0.9, 1e-8, s1, theta);
                break;
            case (Rule.Adam, true):
                OptimizerKernels.Adam(g, 0.01, 0.9, 0.999, 1e-8, step, s1, s2, theta);
                break;
            default:
                OptimizerKernelsNaive.Adam(g, 0.01, 0.9, 0.999, 1e-8, step, s1, s2, theta);
                break;
        }
    }

    /// <summary>Random g, non-negative state (sums of squares must be ≥ 0) and θ.</summary>
    private static (T[] G, T[] S1, T[] S2, T[] Theta) Data<T>(int n, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var g = new T[n];
        var s1 = new T[n];
        var s2 = new T[n];
        var theta = new T[n];
        rng.FillNormal<T>(g);
        rng.FillUniform<T>(s1, 0, 2);
        rng.FillUniform<T>(s2, 0, 2);
        rng.FillNormal<T>(theta);
        return (g, s1, s2, theta);
    }

    private static void SameBytes<T>(Rule rule, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (g, s1, s2, theta) = Data<T>(n, (ulong)n + 1);
        var (n1, n2, nt) = ((T[])s1.Clone(), (T[])s2.Clone(), (T[])theta.Clone());
        Apply<T>(rule, true, 2, g, s1, s2, theta);
        Apply<T>(rule, false, 2, g, n1, n2, nt);
        Assert.Equal(nt, theta);
        Assert.Equal(n1, s1);
        Assert.Equal(n2, s2);
        if (n > 0)
        {
            Assert.NotEqual(Data<T>(n, (ulong)n + 1).Theta, theta); // the kernel did something
        }
    }

    [Theory]
    [MemberData(nameof(RulesAndLengths))]
    public void Kernel_FloatVectorAndNaive_SameBytes(Rule rule, int n) => SameBytes<float>(rule, n);

    [Theory]
    [MemberData(nameof(RulesAndLengths))]
    public void Kernel_DoubleVectorAndNaive_SameBytes(Rule rule, int n) =>
        SameBytes<double>(rule, n);

    [Theory]
    [MemberData(nameof(Rules))]
    public void Kernel_FloatThreeSteps_MatchesDoubleReference(Rule rule)
    {
        // The float kernel against the same rule in double (the naive twin on widened data).
        const int n = 45;
        var (g, s1, s2, theta) = Data<float>(n, 9);
        double[] Wide(float[] a) => a.Select(x => (double)x).ToArray();
        var (d1, d2, dt) = (Wide(s1), Wide(s2), Wide(theta));
        for (int step = 1; step <= 3; step++)
        {
            Apply<float>(rule, true, step, g, s1, s2, theta);
            Apply<double>(rule, false, step, Wide(g), d1, d2, dt);
        }
        for (int k = 0; k < n; k++)
        {
            Assert.True(
                Math.Abs(theta[k] - dt[k]) <= 1e-6 * (1 + Math.Abs(dt[k])),
                $"{rule}: θ[{k}] = {theta[k]}, double reference {dt[k]}"
            );
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(37)]
    public void Adam_ThreeSteps_MatchesTextbookFormula(int n)
    {
        // Kingma & Ba with the bias-corrected moments m̂ and v̂ written out, in double.
        var (_, _, _, theta) = Data<double>(n, 3);
        var expected = (double[])theta.Clone();
        var (m, v) = (new double[n], new double[n]);
        var (m64, v64) = (new double[n], new double[n]);
        var rng = new Rng(4);
        for (int step = 1; step <= 3; step++)
        {
            var g = new double[n];
            rng.FillUniform<double>(g, -2, 2);
            OptimizerKernels.Adam<double>(g, 0.01, 0.9, 0.999, 1e-8, step, m, v, theta);
            for (int k = 0; k < n; k++)
            {
                m64[k] = 0.9 * m64[k] + 0.1 * g[k];
                v64[k] = 0.999 * v64[k] + 0.001 * g[k] * g[k];
                double mHat = m64[k] / (1 - Math.Pow(0.9, step));
                double vHat = v64[k] / (1 - Math.Pow(0.999, step));
                expected[k] -= 0.01 * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
        }
        for (int k = 0; k < n; k++)
        {
            Assert.True(Math.Abs(theta[k] - expected[k]) < 1e-12, $"θ[{k}]");
        }
    }

    [Fact]
    public void Adam_StepZero_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OptimizerKernels.Adam<float>(
                new float[2],
                0.1,
                0.9,
                0.999,
                1e-8,
                0,
                new float[2],
                new float[2],
                new float[2]
            )
        );
        Assert.Contains("count from 1", ex.Message);
    }

    [Fact]
    public void Kernels_MismatchedLengths_ThrowNamingLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            OptimizerKernels.Adagrad<float>(new float[4], 0.1, 1e-8, new float[3], new float[4])
        );
        Assert.Contains("state 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            OptimizerKernelsNaive.Adam<float>(
                new float[4],
                0.1,
                0.9,
                0.999,
                1e-8,
                1,
                new float[4],
                new float[5],
                new float[4]
            )
        );
        Assert.Contains("state 5", ex.Message);
    }
}
