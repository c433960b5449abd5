using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

public class StackedRnnTests
{
    public static TheoryData<CellKind, BidirectionalMerge?, double, bool> Configurations()
    {
        var data = new TheoryData<CellKind, BidirectionalMerge?, double, bool>();
        foreach (var kind in Enum.GetValues<CellKind>())
        {
            data.Add(kind, null, 0.0, false);
            data.Add(kind, null, 0.3, true);
            data.Add(kind, BidirectionalMerge.Concat, 0.0, true);
            data.Add(kind, BidirectionalMerge.Sum, 0.25, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Backward_TwoLayers_PassesGradientCheck(
        CellKind kind,
        BidirectionalMerge? merge,
        double dropout,
        bool masked
    )
    {
        StackedRnn<double>? stack = null;
        var rig = new ModelRig(
            layout =>
                stack = new StackedRnn<double>(
                    new CellConfig(kind, 3, 4) { InitialState = InitialStateMode.Learned },
                    2,
                    layout,
                    "rnn.",
                    new StackOptions { Dropout = dropout, Bidirectional = merge }
                ),
            steps: 4,
            batch: 3,
            vocabulary: 5,
            seed: 17,
            mask: masked ? SequenceMask.FromLengths([4, 2, 3], 4) : null
        )
        {
            // The same dropout masks on every evaluation, so the loss is one function of θ.
            BeforeForward = () => stack!.SeedDropout(99),
        };
        var report = rig.CheckParameters();
        Assert.True(report.Passed, report.ToString());
        var input = rig.CheckInput();
        Assert.True(input.Passed, input.ToString());
    }

    [Fact]
    public void Constructor_TwoLayers_NamesParametersPerLayer()
    {
        var layout = new ParameterLayout();
        _ = new StackedRnn<float>(new CellConfig(CellKind.Lstm, 3, 4), 2, layout, "rnn.");
        Assert.Equal((16, 3), (layout["rnn.l0.Wx"].Rows, layout["rnn.l0.Wx"].Cols));
        Assert.Equal((16, 4), (layout["rnn.l1.Wx"].Rows, layout["rnn.l1.Wx"].Cols));
        var bi = new ParameterLayout();
        _ = new StackedRnn<float>(
            new CellConfig(CellKind.Gru, 3, 4),
            2,
            bi,
            "",
            new StackOptions { Bidirectional = BidirectionalMerge.Concat }
        );
        Assert.Equal(8, bi["l1.bwd.Wx"].Cols);
    }

    [Fact]
    public void Forward_EvaluationMode_HasNoDropout()
    {
        var config = new CellConfig(CellKind.Gru, 3, 4);
        var layout = new ParameterLayout();
        var stack = new StackedRnn<double>(
            config,
            3,
            layout,
            "",
            new StackOptions { Dropout = 0.5 }
        );
        var p = new ParameterSet<double>(layout);
        stack.Initialize(p, new Rng(1));
        var x = Tensor<double>.Zeros(5, 2, 3);
        new Rng(2).FillUniform<double>(x.Span, -1, 1);

        var plainLayout = new ParameterLayout();
        var plain = new StackedRnn<double>(config, 3, plainLayout);
        var training = stack.Forward(p, x).Clone();
        stack.Training = false;
        var evaluation = stack.Forward(p, x);
        Assert.Equal(plain.Forward(p, x).Data, evaluation.Data);
        Assert.NotEqual(evaluation.Data, training.Data);
    }

    [Fact]
    public void Forward_Dropout_SameSeedSameMasksAndAboutQDropped()
    {
        var config = new CellConfig(CellKind.Elman, 3, 50) { Activation = Activation.Relu };
        var layout = new ParameterLayout();
        var stack = new StackedRnn<double>(
            config,
            2,
            layout,
            "",
            new StackOptions { Dropout = 0.4, DropoutSeed = 5 }
        );
        var p = new ParameterSet<double>(layout);
        stack.Initialize(p, new Rng(1));
        var x = Tensor<double>.Full(1.0, 10, 4, 3);
        var a = stack.Forward(p, x).Clone();
        stack.SeedDropout(5);
        var b = stack.Forward(p, x);
        Assert.Equal(a.Data, b.Data);

        var keep = stack.DropMasks[0]!;
        double dropped = keep.Count(v => v == 0) / (double)keep.Length;
        Assert.InRange(dropped, 0.35, 0.45);
        Assert.All(keep.Where(v => v != 0), v => Assert.Equal(1 / 0.6, v, 12));
        Assert.Null(stack.DropMasks[1]); // never after the top layer
    }

    [Fact]
    public void Stateful_TwoBatches_EqualOneLongSequence()
    {
        var config = new CellConfig(CellKind.Lstm, 2, 3);
        var layout = new ParameterLayout();
        var stack = new StackedRnn<double>(config, 2, layout) { Stateful = true };
        var p = new ParameterSet<double>(layout);
        stack.Initialize(p, new Rng(3));
        var x = Tensor<double>.Zeros(6, 2, 2);
        new Rng(4).FillUniform<double>(x.Span, -1, 1);
        var whole = new StackedRnn<double>(config, 2, new ParameterLayout()).Forward(p, x);
        var first = stack.Forward(p, new Tensor<double>(x.Data[..12], 3, 2, 2));
        var second = stack.Forward(p, new Tensor<double>(x.Data[12..], 3, 2, 2));
        Assert.Equal(whole.Data[..(3 * 2 * 3)], first.Data);
        for (int i = 0; i < second.Length; i++)
        {
            Assert.Equal(whole.Data[18 + i], second.Data[i], 14);
        }
        stack.ResetState();
        Assert.Equal(first.Data, stack.Forward(p, new Tensor<double>(x.Data[..12], 3, 2, 2)).Data);
    }

    [Fact]
    public void Constructor_BadSizes_Throw()
    {
        var config = new CellConfig(CellKind.Elman, 3, 4);
        Assert.Throws<ArgumentException>(() =>
            new StackedRnn<double>(config, 0, new ParameterLayout())
        );
        var ex = Assert.Throws<ArgumentException>(() =>
            new StackedRnn<double>(
                config,
                2,
                new ParameterLayout(),
                "",
                new StackOptions { Dropout = 1 }
            )
        );
        Assert.Contains("[0, 1)", ex.Message);
    }

    [Fact]
    public void Stateful_Bidirectional_ThrowsExplaining()
    {
        var stack = new StackedRnn<double>(
            new CellConfig(CellKind.Elman, 3, 4),
            1,
            new ParameterLayout(),
            "",
            new StackOptions { Bidirectional = BidirectionalMerge.Sum }
        );
        var ex = Assert.Throws<InvalidOperationException>(() => stack.Stateful = true);
        Assert.Contains("reversed direction", ex.Message);
    }

    [Fact]
    public void ForwardTokens_SameAsOneHotAndBackwardReturnsNoDx()
    {
        var layout = new ParameterLayout();
        var stack = new StackedRnn<double>(new CellConfig(CellKind.Lstm, 6, 3), 2, layout);
        var p = new ParameterSet<double>(layout);
        stack.Initialize(p, new Rng(4));
        var tokens = new TokenIds([5, 0, 1, 2, 3, 4], 3, 2);
        var a = stack.Forward(p, tokens.ToOneHot<double>(6)).Clone();
        var b = stack.Forward(p, tokens);
        Assert.Equal(a.Data, b.Data);
        Assert.Null(stack.Backward(p, Tensor<double>.Full(1.0, 3, 2, 3)));
        Assert.NotEqual(0.0, p.Grads.Select(Math.Abs).Sum());
    }

    [Fact]
    public void Final_FeedsDecoder_InitialStatesInPyTorchLayout()
    {
        var config = new CellConfig(CellKind.Gru, 2, 3);
        var layout = new ParameterLayout();
        var encoder = new StackedRnn<double>(config, 2, layout, "enc.");
        var decoder = new StackedRnn<double>(config, 2, layout, "dec.");
        var p = new ParameterSet<double>(layout);
        encoder.Initialize(p, new Rng(1));
        decoder.Initialize(p, new Rng(2));
        encoder.Forward(p, Tensor<double>.Full(0.5, 4, 2, 2));
        var states = encoder.Final;
        Assert.Equal([2, 2, 3], states.H.Shape.ToArray());
        var withState = decoder.Forward(p, Tensor<double>.Full(0.1, 2, 2, 2), null, states).Clone();
        var fromZero = decoder.Forward(p, Tensor<double>.Full(0.1, 2, 2, 2));
        Assert.NotEqual(fromZero.Data, withState.Data);
        var oneLayer = new RecurrentState<double>(Tensor<double>.Zeros(1, 2, 3));
        var ex = Assert.Throws<ArgumentException>(() =>
            decoder.Forward(p, Tensor<double>.Full(0.1, 2, 2, 2), null, oneLayer)
        );
        Assert.Contains("initial.H (PyTorch h_0) has shape (1, 2, 3)", ex.Message);
        Assert.Contains("(2, 2, 3)", ex.Message);
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Stateful_TwoLayers_SecondBatchPassesGradientCheck(CellKind kind)
    {
        StackedRnn<double>? stack = null;
        List<RecurrentState<double>>? carried = null;
        var rig = new ModelRig(
            layout =>
                stack = new StackedRnn<double>(new CellConfig(kind, 3, 4), 2, layout, "rnn.")
                {
                    Stateful = true,
                },
            steps: 3,
            batch: 2,
            vocabulary: 4,
            seed: 41
        )
        {
            // Batch 1's final states are constants of batch 2's loss (truncated BPTT).
            BeforeForward = () =>
            {
                for (int l = 0; l < 2; l++)
                {
                    ((RecurrentLayer<double>)stack!.Layers[l]).SetState(carried![l]);
                }
            },
        };
        var batch1 = Tensor<double>.Zeros(4, 2, 3);
        new Rng(42).FillUniform<double>(batch1.Span, -1, 1);
        stack!.Forward(rig.P, batch1);
        var final = stack.Final;
        carried =
        [
            .. Enumerable
                .Range(0, 2)
                .Select(l => new RecurrentState<double>(
                    Tensor<double>.From(final.H.Span.Slice(l * 8, 8), 2, 4),
                    final.C is null ? null : Tensor<double>.From(final.C.Span.Slice(l * 8, 8), 2, 4)
                )),
        ];
        var report = rig.CheckParameters();
        Assert.True(report.Passed, report.ToString());
    }
}
