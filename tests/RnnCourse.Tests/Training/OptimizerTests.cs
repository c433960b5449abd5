using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

/// <summary>
/// Each optimizer against steps computed by hand (values from the paper's formulas, worked out
/// in a Python one-liner and pasted as literals), on a quadratic it must minimise, and for the
/// "no allocation per step" promise.
/// </summary>
public class OptimizerTests
{
    private static ParameterSet<T> Scalar<T>(T value)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var layout = new ParameterLayout();
        layout.Add("theta", 1);
        var p = new ParameterSet<T>(layout);
        p.Values[0] = value;
        return p;
    }

    private static double[] Run(Optimizer<double> opt, params double[] grads)
    {
        var trace = new double[grads.Length];
        for (int i = 0; i < grads.Length; i++)
        {
            opt.Parameters.Grads[0] = grads[i];
            opt.Step();
            trace[i] = opt.Parameters.Values[0];
        }
        return trace;
    }

    [Fact]
    public void Sgd_OneStep_MatchesHandComputed()
    {
        var layout = new ParameterLayout();
        layout.Add("w", 2);
        var p = new ParameterSet<double>(layout);
        p.Values[0] = 1;
        p.Values[1] = -2;
        p.Grads[0] = 0.5;
        p.Grads[1] = 1;
        new Sgd<double>(p, new SgdConfig(0.1)).Step();
        Assert.Equal(0.95, p.Values[0], 15);
        Assert.Equal(-2.1, p.Values[1], 15);
    }

    [Fact]
    public void Momentum_TwoSteps_MatchesHandComputed()
    {
        // v1 = 1, θ1 = 1 − 0.1·1 = 0.9; v2 = 0.9·1 + 1 = 1.9, θ2 = 0.9 − 0.19 = 0.71.
        var trace = Run(new MomentumSgd<double>(Scalar(1.0), new MomentumConfig(0.1, 0.9)), 1, 1);
        Assert.Equal(0.9, trace[0], 14);
        Assert.Equal(0.71, trace[1], 14);
    }

    [Fact]
    public void Momentum_Nesterov_TwoSteps_MatchesHandComputed()
    {
        // θ1 = 1 − 0.1·(1 + 0.9·1) = 0.81; v2 = 1.9, θ2 = 0.81 − 0.1·(1 + 0.9·1.9) = 0.539.
        var cfg = new MomentumConfig(0.1, 0.9, Nesterov: true);
        var trace = Run(new MomentumSgd<double>(Scalar(1.0), cfg), 1, 1);
        Assert.Equal(0.81, trace[0], 14);
        Assert.Equal(0.539, trace[1], 14);
    }

    [Fact]
    public void Adagrad_TwoSteps_MatchesHandComputed()
    {
        // G = 4, θ = 1 − 0.1·2/(2 + 1e-8); G = 5, θ −= 0.1·1/√5.
        var trace = Run(new Adagrad<double>(Scalar(1.0), new AdagradConfig(0.1)), 2, 1);
        Assert.Equal(0.9000000005, trace[0], 13);
        Assert.Equal(0.8552786411500042, trace[1], 13);
    }

    [Fact]
    public void RmsProp_TwoSteps_MatchesHandComputed()
    {
        // s = 0.1·4 = 0.4, θ = 1 − 0.001·2/√0.4; s = 0.9·0.4 + 0.1·1 = 0.46, θ −= 0.001/√0.46.
        var trace = Run(new RmsProp<double>(Scalar(1.0), new RmsPropConfig(1e-3, 0.9)), 2, 1);
        Assert.Equal(0.9968377223898316, trace[0], 13);
        Assert.Equal(0.9953633028500217, trace[1], 13);
    }

    [Fact]
    public void Adam_FirstStep_IsLearningRateTimesSignThanksToBiasCorrection()
    {
        // Without bias correction the first step would be 0.1·(0.1·g)/√(0.001·g²) ≈ 0.316·η.
        var layout = new ParameterLayout();
        layout.Add("w", 3);
        var p = new ParameterSet<double>(layout);
        p.Grads[0] = 0.5;
        p.Grads[1] = -3;
        p.Grads[2] = 1e-3;
        new Adam<double>(p, new AdamConfig(0.1)).Step();
        Assert.Equal(-0.1, p.Values[0], 7);
        Assert.Equal(0.1, p.Values[1], 7);
        Assert.Equal(-0.1, p.Values[2], 5);
    }

    [Fact]
    public void Adam_TwoSteps_MatchesHandComputed()
    {
        var trace = Run(new Adam<double>(Scalar(1.0), new AdamConfig(0.1)), 0.5, 1.0);
        Assert.Equal(0.900000002, trace[0], 13);
        Assert.Equal(0.8034818006385094, trace[1], 13);
    }

    [Fact]
    public void Adam_Float_MatchesDoubleWithinFloatPrecision()
    {
        var pf = Scalar(1.0f);
        var opt = new Adam<float>(pf, new AdamConfig(0.1));
        pf.Grads[0] = 0.5f;
        opt.Step();
        pf.Grads[0] = 1f;
        opt.Step();
        Assert.Equal(0.8034818006385094, pf.Values[0], 5);
    }

    public static TheoryData<OptimizerConfig, int, double> QuadraticCases() =>
        new()
        {
            { new SgdConfig(0.1), 400, 1e-8 },
            { new MomentumConfig(0.01), 600, 1e-8 },
            { new MomentumConfig(0.01, Nesterov: true), 600, 1e-8 },
            { new AdagradConfig(0.5), 2000, 1e-4 },
            { new RmsPropConfig(0.01), 2000, 0.05 },
            { new AdamConfig(0.05), 2000, 1e-3 },
        };

    /// <summary>f(θ) = ½ Σ aᵢ (θᵢ − cᵢ)² with curvatures 1…10: an ill-conditioned bowl every optimizer must descend.</summary>
    [Theory]
    [MemberData(nameof(QuadraticCases))]
    public void Step_OnIllConditionedQuadratic_ReachesTheMinimum(
        OptimizerConfig config,
        int steps,
        double tolerance
    )
    {
        double[] a = [1, 3, 10, 0.5];
        double[] c = [2, -1, 0.5, 3];
        var layout = new ParameterLayout();
        layout.Add("theta", a.Length);
        var p = new ParameterSet<double>(layout);
        var opt = config.Create(p);
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                p.Grads[i] = a[i] * (p.Values[i] - c[i]);
            }
            opt.Step();
        }
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(
                Math.Abs(p.Values[i] - c[i]) < tolerance,
                $"{config}: θ[{i}] = {p.Values[i]}, minimum at {c[i]}"
            );
        }
        Assert.Equal(steps, opt.StepCount);
    }

    [Theory]
    [MemberData(nameof(QuadraticCases))]
    public void Step_AfterWarmUp_AllocatesNothing(OptimizerConfig config, int steps, double tol)
    {
        _ = (steps, tol);
        var layout = new ParameterLayout();
        layout.Add("w", 64, 33);
        var p = new ParameterSet<float>(layout);
        p.Grads.AsSpan().Fill(0.25f);
        var opt = config.Create(p);
        opt.Step(); // JIT and tiering
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            opt.Step();
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void State_BuffersHaveTheParameterLayoutLength()
    {
        var layout = new ParameterLayout();
        layout.Add("Wxh", 4, 3);
        layout.Add("bh", 4);
        var p = new ParameterSet<float>(layout);
        var adam = new Adam<float>(p);
        Assert.Equal(["m", "v"], adam.State.Select(s => s.Name));
        Assert.All(adam.State, s => Assert.Equal(p.Count, s.Buffer.Length));
    }

    [Fact]
    public void Reset_ZerosStateAndStepCount()
    {
        var p = Scalar(1.0);
        var adam = new Adam<double>(p);
        p.Grads[0] = 1;
        adam.Step();
        Assert.NotEqual(0, adam.State[0].Buffer[0]);
        adam.Reset();
        Assert.Equal(0, adam.StepCount);
        Assert.All(adam.State, s => Assert.All(s.Buffer, v => Assert.Equal(0, v)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    public void Create_BadLearningRate_ThrowsNamingIt(double lr)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new AdamConfig(lr).Create(Scalar(1.0))
        );
        Assert.Contains("LearningRate", ex.Message);
    }

    [Fact]
    public void Create_BadBeta_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new AdamConfig(Beta2: 1.0).Create(Scalar(1.0))
        );
        Assert.Contains("Beta2", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new MomentumConfig(Momentum: 1.5).Create(Scalar(1.0))
        );
    }

    [Fact]
    public void Config_RoundTripsThroughJsonWithItsKind()
    {
        OptimizerConfig cfg = new MomentumConfig(0.02, 0.8, Nesterov: true);
        string json = System.Text.Json.JsonSerializer.Serialize(cfg);
        Assert.Contains("\"kind\":\"momentum\"", json);
        Assert.Equal(cfg, System.Text.Json.JsonSerializer.Deserialize<OptimizerConfig>(json));
    }
}
