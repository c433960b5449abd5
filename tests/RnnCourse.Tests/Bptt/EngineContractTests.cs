using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Correctness;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using RnnCourse.Tests.Cells;

namespace RnnCourse.Tests.Bptt;

/// <summary>
/// The contract every <see cref="IRecurrentEngine{T}"/> must meet: gradient checks for every cell,
/// activation, initial-state mode and mask, padding semantics, token input and bad-input errors.
/// An engine gets the whole suite by deriving a class that supplies its factories
/// (see <see cref="ReferenceEngineTests"/>).
/// </summary>
public abstract class EngineContractTests
{
    /// <summary>Creates the engine under test in double precision (gradient checks).</summary>
    protected abstract RecurrentEngineFactory<double> Factory { get; }

    /// <summary>Creates the engine under test in single precision.</summary>
    protected abstract RecurrentEngineFactory<float> FloatFactory { get; }

    private protected CellRig Rig(
        CellConfig config,
        int steps,
        int batch,
        ulong seed,
        SequenceMask? mask = null
    ) => new(config, steps, batch, seed, Factory, mask);

    public static TheoryData<CellKind, Activation, InitialStateMode> Configurations()
    {
        var data = new TheoryData<CellKind, Activation, InitialStateMode>();
        foreach (var mode in Enum.GetValues<InitialStateMode>())
        {
            foreach (var f in new[] { Activation.Tanh, Activation.Relu, Activation.Sigmoid })
            {
                data.Add(CellKind.Elman, f, mode);
                data.Add(CellKind.Jordan, f, mode);
            }
            data.Add(CellKind.Lstm, Activation.Tanh, mode);
            data.Add(CellKind.Gru, Activation.Tanh, mode);
        }
        return data;
    }

    private static CellConfig Config(CellKind kind, Activation f, InitialStateMode mode) =>
        new(kind, 3, 4)
        {
            Activation = f,
            InitialState = mode,
            OutputSize = kind == CellKind.Jordan ? 2 : 0,
        };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Backward_EveryCellActivationAndInitialState_PassesGradientCheck(
        CellKind kind,
        Activation f,
        InitialStateMode mode
    )
    {
        var rig = Rig(Config(kind, f, mode), steps: 5, batch: 3, seed: 42);
        var report = rig.CheckParameters();
        Assert.True(report.Passed, report.ToString());
        var input = rig.CheckInput();
        Assert.True(input.Passed, input.ToString());
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Backward_Masked_PassesGradientCheck(
        CellKind kind,
        Activation f,
        InitialStateMode mode
    )
    {
        var mask = SequenceMask.FromLengths([5, 2, 4], 5);
        var rig = Rig(Config(kind, f, mode), 5, 3, seed: 7, mask: mask);
        var report = rig.CheckParameters();
        Assert.True(report.Passed, report.ToString());
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Backward_GivenInitialState_GradientMatchesFiniteDifference(CellKind kind)
    {
        var rig = Rig(
            Config(kind, Activation.Tanh, InitialStateMode.Given),
            4,
            2,
            seed: 3,
            mask: SequenceMask.FromLengths([4, 3], 4)
        );
        rig.LossAndGradients();
        var dInitial = rig.LastGradients!.DInitial;
        var report = GradientCheck.Input("h0", rig.Initial!.H, rig.LossOnly, dInitial.H);
        Assert.True(report.Passed, report.ToString());
        if (rig.Initial.C is not null)
        {
            var reportC = GradientCheck.Input("c0", rig.Initial.C, rig.LossOnly, dInitial.C!);
            Assert.True(reportC.Passed, reportC.ToString());
        }
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Forward_PaddedSteps_OutputZeroAndCarryFinalStateOfLastValidStep(CellKind kind)
    {
        var config = Config(kind, Activation.Tanh, InitialStateMode.Zero);
        var masked = Rig(config, 5, 2, seed: 5, mask: SequenceMask.FromLengths([5, 3], 5));
        var o = masked.Engine.Forward(masked.P, masked.X, masked.Mask);

        // The same second sequence, cut to its 3 real steps, run alone.
        var x3 = Tensor<double>.Zeros(3, 1, config.InputSize);
        for (int t = 0; t < 3; t++)
        {
            masked.X.Slice(t).Slice(config.InputSize, config.InputSize).CopyTo(x3.Slice(t));
        }
        var alone = masked.Engine.Forward(masked.P, x3);
        int S = config.StateSize;
        for (int t = 0; t < 5; t++)
        {
            var row = o.Hs.Slice(t).Slice(S, S);
            if (t < 3)
            {
                Assert.Equal(alone.Hs.Slice(t).ToArray(), row.ToArray());
            }
            else
            {
                Assert.All(row.ToArray(), v => Assert.Equal(0.0, v));
            }
        }
        Assert.Equal(alone.Final.H.Data, o.Final.H.Span.Slice(S, S).ToArray());
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Jordan)]
    public void Backward_PaddedSteps_AddNothingToGradients(CellKind kind)
    {
        // Changing the loss weights or inputs at padded steps must not change any gradient.
        var config = Config(kind, Activation.Tanh, InitialStateMode.Zero);
        var mask = SequenceMask.FromLengths([5, 3], 5);
        var a = Rig(config, 5, 2, seed: 9, mask: mask);
        var b = Rig(config, 5, 2, seed: 9, mask: mask);
        for (int t = 3; t < 5; t++)
        {
            b.W.Slice(t).Slice(config.StateSize, config.StateSize).Fill(100);
            b.X.Slice(t).Slice(config.InputSize, config.InputSize).Fill(-7);
        }
        Assert.Equal(a.LossAndGradients(), b.LossAndGradients(), 12);
        Assert.Equal(a.P.Grads, b.P.Grads);
        var dxPad = b.LastGradients!.Dx!.Slice(4).Slice(config.InputSize, config.InputSize);
        Assert.All(dxPad.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void ForwardTokens_SameAsOneHot(CellKind kind)
    {
        var config = new CellConfig(kind, 6, 3);
        var rig = Rig(config, 4, 2, seed: 11);
        var tokens = new TokenIds([0, 5, 2, 2, 3, -1, 1, 4], 4, 2);
        var oOneHot = rig.Engine.Forward(rig.P, tokens.ToOneHot<double>(6));
        var oTokens = rig.Engine.Forward(rig.P, tokens);
        Assert.Equal(oOneHot.Hs.Data, oTokens.Hs.Data);
        var g = rig.Engine.Backward(rig.P, oTokens, rig.W); // the latest pass: the token one
        Assert.Null(g.Dx);
    }

    [Fact]
    public void Forward_WrongInputWidth_ThrowsNamingBothShapes()
    {
        var rig = Rig(new CellConfig(CellKind.Lstm, 3, 4), 2, 2, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            rig.Engine.Forward(rig.P, Tensor<double>.Zeros(2, 2, 5))
        );
        Assert.Contains("x (PyTorch input) has shape (2, 2, 5)", ex.Message);
        Assert.Contains("(2, 2, 3)", ex.Message);
    }

    [Fact]
    public void Forward_EmptySequence_Throws()
    {
        var rig = Rig(new CellConfig(CellKind.Elman, 3, 4), 2, 2, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            rig.Engine.Forward(rig.P, Tensor<double>.Zeros(0, 2, 3))
        );
        Assert.Contains("(0, 2, 3)", ex.Message);
    }

    [Fact]
    public void Forward_MaskOfWrongShape_ThrowsNamingBothShapes()
    {
        var rig = Rig(new CellConfig(CellKind.Gru, 3, 4), 5, 2, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            rig.Engine.Forward(rig.P, rig.X, SequenceMask.FromLengths([5, 4, 3], 6))
        );
        Assert.Contains("(6, 3)", ex.Message);
        Assert.Contains("(5, 2)", ex.Message);
    }

    [Fact]
    public void Forward_LstmInitialStateWithoutMemory_Throws()
    {
        var rig = Rig(new CellConfig(CellKind.Lstm, 3, 4), 2, 2, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            rig.Engine.Forward(
                rig.P,
                rig.X,
                null,
                new RecurrentState<double>(Tensor<double>.Zeros(2, 4))
            )
        );
        Assert.Contains("initial.C (PyTorch c_0[k]) is missing", ex.Message);
        Assert.Contains("(2, 4)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            rig.Engine.Forward(
                rig.P,
                rig.X,
                null,
                new RecurrentState<double>(Tensor<double>.Zeros(2, 3), Tensor<double>.Zeros(2, 4))
            )
        );
        Assert.Contains(
            "initial.H (PyTorch h_0[k]) has shape (2, 3), expected (B, width) = (2, 4)",
            ex.Message
        );
    }

    [Fact]
    public void Forward_GivenModeWithoutState_ThrowsSayingWhatToPass()
    {
        var config = new CellConfig(CellKind.Elman, 3, 4) { InitialState = InitialStateMode.Given };
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var engine = Factory(config, slots);
        var ex = Assert.Throws<ArgumentException>(() =>
            engine.Forward(new ParameterSet<double>(layout), Tensor<double>.Zeros(2, 2, 3))
        );
        Assert.Contains("(2, 4)", ex.Message);
    }

    [Fact]
    public void Backward_GradientOfWrongShape_ThrowsNamingBothShapes()
    {
        var rig = Rig(new CellConfig(CellKind.Elman, 3, 4), 2, 2, seed: 1);
        var o = rig.Engine.Forward(rig.P, rig.X);
        var ex = Assert.Throws<ArgumentException>(() =>
            rig.Engine.Backward(rig.P, o, Tensor<double>.Zeros(2, 2, 3))
        );
        Assert.Contains("(2, 2, 3)", ex.Message);
        Assert.Contains("(2, 2, 4)", ex.Message);
    }

    [Fact]
    public void Forward_FloatAndDouble_Agree()
    {
        var config = new CellConfig(CellKind.Lstm, 3, 4);
        var rig = Rig(config, 6, 3, seed: 13);
        var pf = rig.P.Convert<float>();
        var engine = FloatFactory(config, rig.Slots);
        var xf = Tensor<float>.From(rig.X.Data.Select(v => (float)v).ToArray(), 6, 3, 3);
        var of = engine.Forward(pf, xf);
        var od = rig.Engine.Forward(rig.P, rig.X);
        for (int i = 0; i < od.Hs.Length; i++)
        {
            Assert.Equal(od.Hs.Data[i], of.Hs.Data[i], 5);
        }
    }

    [Fact]
    public void Backward_LstmFinalGradientWithoutMemory_SameAsZeroMemoryGradient()
    {
        var rig = Rig(new CellConfig(CellKind.Lstm, 3, 4), 3, 2, seed: 12);
        var o = rig.Engine.Forward(rig.P, rig.X);
        var a = rig.Engine.Backward(rig.P, o, rig.W, new RecurrentState<double>(rig.U));
        var gradsA = (double[])rig.P.Grads.Clone();
        rig.P.ZeroGrad();
        var b = rig.Engine.Backward(
            rig.P,
            o,
            rig.W,
            new RecurrentState<double>(rig.U, Tensor<double>.Zeros(2, 4))
        );
        Assert.Equal(gradsA, rig.P.Grads);
        Assert.Equal(a.Dx!.Data, b.Dx!.Data);
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesParameterGradients()
    {
        var rig = Rig(new CellConfig(CellKind.Gru, 3, 4), 3, 2, seed: 14);
        var o = rig.Engine.Forward(rig.P, rig.X);
        rig.Engine.Backward(rig.P, o, rig.W);
        var once = (double[])rig.P.Grads.Clone();
        rig.Engine.Backward(rig.P, o, rig.W);
        for (int k = 0; k < once.Length; k++)
        {
            Assert.Equal(2 * once[k], rig.P.Grads[k], 12);
        }
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Backward_MaskWithHoles_PassesGradientCheck(CellKind kind)
    {
        // Sequence 0 skips step 1, sequence 1 starts at step 1: the state carries over the holes.
        var mask = SequenceMask.FromMatrix(
            [true, false, false, true, true, true, true, false],
            4,
            2
        );
        var rig = Rig(
            Config(kind, Activation.Tanh, InitialStateMode.Learned),
            4,
            2,
            seed: 19,
            mask: mask
        );
        var report = rig.CheckParameters();
        Assert.True(report.Passed, report.ToString());
        var input = rig.CheckInput();
        Assert.True(input.Passed, input.ToString());
    }
}

/// <summary>The contract suite run against the readable reference engine.</summary>
public class ReferenceEngineTests : EngineContractTests
{
    /// <inheritdoc />
    protected override RecurrentEngineFactory<double> Factory => ReferenceEngine<double>.Factory;

    /// <inheritdoc />
    protected override RecurrentEngineFactory<float> FloatFactory => ReferenceEngine<float>.Factory;
}
