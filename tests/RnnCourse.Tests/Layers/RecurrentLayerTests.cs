using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Correctness;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

public class RecurrentLayerTests
{
    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Stateful_SecondBatch_GradientIsCutAtBoundaryAndPassesCheck(CellKind kind)
    {
        ModelRig? rig = null;
        RecurrentLayer<double>? layer = null;
        RecurrentState<double>? carried = null;
        rig = new ModelRig(
            layout =>
                layer = new RecurrentLayer<double>(new CellConfig(kind, 3, 4), layout, "rnn.")
                {
                    Stateful = true,
                },
            steps: 4,
            batch: 2,
            vocabulary: 3,
            seed: 31
        )
        {
            // The state carried from batch 1 is a constant of batch 2's loss: truncated BPTT.
            BeforeForward = () => layer!.SetState(carried!),
        };
        var batch1 = Tensor<double>.Zeros(3, 2, 3);
        new Rng(8).FillUniform<double>(batch1.Span, -1, 1);
        layer!.Forward(rig.P, batch1);
        carried = layer.State!.Clone();
        Assert.NotEqual(0.0, carried.H.Data.Select(Math.Abs).Sum());

        var report = rig.CheckParameters();
        Assert.True(report.Passed, report.ToString());

        // The same gradients as a stateless layer told the carried state explicitly.
        rig.LossAndGradients();
        var statefulGrads = (double[])rig.P.Grads.Clone();
        rig.P.ZeroGrad();
        layer.Stateful = false;
        var logits = rig.Head.Forward(rig.P, layer.Forward(rig.P, rig.X, null, carried));
        var loss = RnnCourse.Losses.SoftmaxCrossEntropy.PerStep(logits, rig.Targets);
        layer.Backward(rig.P, rig.Head.Backward(rig.P, loss.Gradient), null);
        Assert.Equal(statefulGrads, rig.P.Grads);
    }

    [Fact]
    public void Stateful_BatchSizeChanges_ThrowsSayingResetState()
    {
        var layout = new ParameterLayout();
        var layer = new RecurrentLayer<double>(new CellConfig(CellKind.Elman, 2, 3), layout)
        {
            Stateful = true,
        };
        var p = new ParameterSet<double>(layout);
        layer.Forward(p, Tensor<double>.Zeros(2, 4, 2));
        var ex = Assert.Throws<ArgumentException>(() =>
            layer.Forward(p, Tensor<double>.Zeros(2, 3, 2))
        );
        Assert.Contains("ResetState", ex.Message);
        layer.ResetState();
        Assert.Equal(3, layer.Forward(p, Tensor<double>.Zeros(2, 3, 2)).Shape[1]);
    }

    [Fact]
    public void Stateful_Off_EveryBatchStartsFromZero()
    {
        var layout = new ParameterLayout();
        var layer = new RecurrentLayer<double>(new CellConfig(CellKind.Lstm, 2, 3), layout);
        var p = new ParameterSet<double>(layout);
        layer.Initialize(p, new Rng(2));
        var x = Tensor<double>.Full(0.5, 3, 2, 2);
        var a = layer.Forward(p, x).Clone();
        Assert.Equal(a.Data, layer.Forward(p, x).Data);
        Assert.Null(layer.State);
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsInvalidOperation()
    {
        var layout = new ParameterLayout();
        var layer = new RecurrentLayer<double>(new CellConfig(CellKind.Gru, 2, 3), layout);
        Assert.Throws<InvalidOperationException>(() =>
            layer.Backward(new ParameterSet<double>(layout), Tensor<double>.Zeros(1, 1, 3))
        );
    }

    [Fact]
    public void GateMap_Lstm_NamesGatesOfStackedBlocks()
    {
        var layer = new RecurrentLayer<double>(
            new CellConfig(CellKind.Lstm, 2, 3),
            new ParameterLayout(),
            "enc."
        );
        Assert.Equal(["i", "f", "g", "o"], layer.GateMap["enc.Wx"]);
        Assert.Equal(4, layer.GateMap.Count);
        Assert.Equal(4, GradientCheck.GatesOf(layer.Config, layer.Slots).Count);
    }
}
