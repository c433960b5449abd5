using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

/// <summary>PyTorch's options on a stack: every new backward path against finite differences, and the errors.</summary>
public class StackedRnnOptionsTests
{
    [Theory]
    [InlineData(CellKind.Elman, false, 0, true, true, true)]
    [InlineData(CellKind.Elman, true, 0, false, false, true)]
    [InlineData(CellKind.Lstm, true, 2, true, false, true)]
    [InlineData(CellKind.Lstm, false, 2, false, true, false)]
    [InlineData(CellKind.Lstm, true, 0, true, true, false)]
    [InlineData(CellKind.Gru, false, 0, true, false, true)]
    [InlineData(CellKind.Gru, true, 0, true, true, true)]
    public void Backward_Options_PassGradientCheckForParametersInputsAndInitialStates(
        CellKind kind,
        bool bias,
        int projection,
        bool bidirectional,
        bool batchFirst,
        bool packed
    )
    {
        var config = new CellConfig(kind, 2, 3) { Bias = bias, ProjectionSize = projection };
        var options = new StackOptions
        {
            Bidirectional = bidirectional ? BidirectionalMerge.Concat : null,
            BatchFirst = batchFirst,
        };
        var rig = new StackRig(config, 2, options, packed, seed: 7);
        foreach (var report in rig.Check())
        {
            Assert.True(report.Passed, report.ToString());
        }
    }

    [Fact]
    public void Forward_BidirectionalInitialState_ReachesBothDirections()
    {
        var config = new CellConfig(CellKind.Gru, 2, 3);
        var rig = new StackRig(
            config,
            1,
            new StackOptions { Bidirectional = BidirectionalMerge.Concat },
            packed: false,
            seed: 3
        );
        var fromZero = rig.Stack.Forward(rig.P, rig.X).Clone();
        var given = rig.Stack.Forward(rig.P, rig.X, null, new RecurrentState<double>(rig.H0));
        // Step 0's forward half starts from h_0[0]; step T−1's backward half from h_0[1].
        Assert.NotEqual(fromZero[0, 0, 0], given[0, 0, 0]);
        Assert.NotEqual(fromZero[2, 0, 3], given[2, 0, 3]);
    }

    [Fact]
    public void Forward_InitialWithWrongShape_NamesArgumentPyTorchNameAndBothShapes()
    {
        var rig = new StackRig(
            new CellConfig(CellKind.Lstm, 2, 3),
            2,
            new StackOptions { Bidirectional = BidirectionalMerge.Concat },
            packed: false,
            seed: 1
        );
        var wrong = new RecurrentState<double>(Tensor<double>.Zeros(2, 2, 3), rig.C0);
        var ex = Assert.Throws<ArgumentException>(() =>
            rig.Stack.Forward(rig.P, rig.X, null, wrong)
        );
        Assert.Equal("initial", ex.ParamName);
        Assert.Contains("initial.H (PyTorch h_0) has shape (2, 2, 3)", ex.Message);
        Assert.Contains("expected (num_layers·num_directions, B, width) = (4, 2, 3)", ex.Message);
        var noMemory = new RecurrentState<double>(rig.H0);
        ex = Assert.Throws<ArgumentException>(() =>
            rig.Stack.Forward(rig.P, rig.X, null, noMemory)
        );
        Assert.Contains("initial.C (PyTorch c_0) is missing", ex.Message);
    }

    [Fact]
    public void Forward_BatchFirst_EqualsTimeMajorTransposed()
    {
        var config = new CellConfig(CellKind.Lstm, 2, 3) { ProjectionSize = 2 };
        var layout = new ParameterLayout();
        var timeMajor = new StackedRnn<double>(config, 2, layout, "a.");
        var batchFirst = new StackedRnn<double>(
            config,
            2,
            new ParameterLayout(),
            "a.",
            new StackOptions { BatchFirst = true }
        );
        var p = new ParameterSet<double>(layout);
        timeMajor.Initialize(p, new Rng(4));
        var x = Tensor<double>.Zeros(4, 3, 2);
        new Rng(5).FillUniform<double>(x.Span, -1, 1);
        var expected = timeMajor.Forward(p, x);
        var actual = batchFirst.Forward(p, SequenceOps.SwapBatchAndTime(x));
        Assert.Equal([3, 4, 2], actual.Shape.ToArray());
        Assert.Equal(expected.Data, SequenceOps.SwapBatchAndTime(actual).Data);
        var ex = Assert.Throws<ArgumentException>(() =>
            batchFirst.Forward(p, Tensor<double>.Zeros(3, 2))
        );
        Assert.Contains("x has shape (3, 2), expected (B, T, W)", ex.Message);
    }

    [Fact]
    public void Stateful_Bidirectional_RefusesAndSaysWhatToDo()
    {
        var stack = new StackedRnn<double>(
            new CellConfig(CellKind.Elman, 2, 3),
            1,
            new ParameterLayout(),
            "",
            new StackOptions { Bidirectional = BidirectionalMerge.Concat }
        );
        var ex = Assert.Throws<InvalidOperationException>(() => stack.Stateful = true);
        Assert.Contains("Pass the initial states explicitly", ex.Message);
    }
}
