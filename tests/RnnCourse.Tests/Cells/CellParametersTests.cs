using RnnCourse.Cells;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Cells;

public class CellParametersTests
{
    [Theory]
    [InlineData(CellKind.Elman, "Wxh:4x3 Whh:4x4 bh:4")]
    [InlineData(CellKind.Lstm, "Wx:16x3 Wh:16x4 bx:16 bh:16")]
    [InlineData(CellKind.Gru, "Wx:12x3 Wh:12x4 bx:12 bh:12")]
    [InlineData(CellKind.Jordan, "Wxh:4x3 Wyh:4x4 bh:4 Why:4x4 by:4")]
    public void Declare_UsesPyTorchLayoutAndNames(CellKind kind, string expected)
    {
        var layout = new ParameterLayout();
        CellParameters.Declare(new CellConfig(kind, 3, 4), layout, "rnn.");
        string actual = string.Join(
            " ",
            layout.Slots.Select(s => s.Name["rnn.".Length..] + ":" + string.Join("x", s.Shape))
        );
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(CellKind.Elman, "h0")]
    [InlineData(CellKind.Lstm, "h0 c0")]
    [InlineData(CellKind.Gru, "h0")]
    [InlineData(CellKind.Jordan, "y0")]
    public void Declare_LearnedInitialState_AddsStateParameters(CellKind kind, string names)
    {
        var layout = new ParameterLayout();
        var config = new CellConfig(kind, 3, 4) { InitialState = InitialStateMode.Learned };
        CellParameters.Declare(config, layout);
        foreach (var name in names.Split(' '))
        {
            Assert.True(layout.Contains(name), name);
        }
    }

    [Fact]
    public void Initialize_LstmForgetBiasOne_SetsOnlyForgetBlockOfBx()
    {
        var config = new CellConfig(CellKind.Lstm, 2, 3);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var p = new ParameterSet<double>(layout);
        CellParameters.Initialize(config, slots, p, new Rng(1));
        Assert.Equal(new double[] { 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0 }, p.Value("bx").ToArray());
        Assert.All(p.Value("bh").ToArray(), v => Assert.Equal(0.0, v));

        var off = config with { ForgetBiasOne = false, Init = WeightInit.PyTorchUniform };
        CellParameters.Initialize(off, slots, p, new Rng(1));
        double k = 1 / Math.Sqrt(3);
        Assert.All(p.Values, v => Assert.InRange(v, -k, k));
        Assert.NotEqual(1.0, p.Value("bx")[3]);
    }

    [Fact]
    public void Initialize_SameSeed_SameBytes()
    {
        var config = new CellConfig(CellKind.Gru, 5, 6);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var a = new ParameterSet<float>(layout);
        var b = new ParameterSet<float>(layout);
        CellParameters.Initialize(config, slots, a, new Rng(9));
        CellParameters.Initialize(config, slots, b, new Rng(9));
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void Values_LoadByPyTorchName()
    {
        // The fixture path: copy weight_ih_l0 into "Wx" and read it back by name.
        var layout = new ParameterLayout();
        CellParameters.Declare(new CellConfig(CellKind.Gru, 2, 1), layout);
        var p = new ParameterSet<float>(layout);
        float[] weightIh = [1, 2, 3, 4, 5, 6]; // rows r, z, n
        weightIh.CopyTo(p.Value("Wx"));
        Assert.Equal(weightIh, p.Value(layout["Wx"]).ToArray());
    }
}

public class CellConfigTests
{
    [Theory]
    [InlineData(0, 4)]
    [InlineData(3, 0)]
    [InlineData(-1, 4)]
    [InlineData(3, -2)]
    public void Validate_NonPositiveSize_ThrowsNamingTheSize(int input, int hidden)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new CellConfig(CellKind.Elman, input, hidden).Validate()
        );
        Assert.Contains(input <= 0 ? "InputSize" : "HiddenSize", ex.Message);
    }

    [Fact]
    public void Validate_OutputSizeOnNonJordan_ThrowsSayingToUseLinear()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new CellConfig(CellKind.Lstm, 3, 4) { OutputSize = 2 }.Validate()
        );
        Assert.Contains("Linear", ex.Message);
    }

    [Fact]
    public void StateSize_Jordan_IsOutputSizeOrHidden()
    {
        Assert.Equal(2, new CellConfig(CellKind.Jordan, 3, 4) { OutputSize = 2 }.StateSize);
        Assert.Equal(4, new CellConfig(CellKind.Jordan, 3, 4).StateSize);
        Assert.Equal(4, new CellConfig(CellKind.Lstm, 3, 4).StateSize);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 4, "it must be in 1..3")]
    [InlineData(CellKind.Lstm, -1, "it must be in 1..3")]
    [InlineData(CellKind.Gru, 2, "only an LSTM has a projection")]
    public void Validate_BadProjectionSize_ThrowsNamingPyTorchProjSize(
        CellKind kind,
        int projection,
        string reason
    )
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new CellConfig(kind, 3, 4) { ProjectionSize = projection }.Validate()
        );
        Assert.Contains("ProjectionSize (PyTorch proj_size)", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Declare_NoBiasAndProjection_HasPyTorchsBlocksOnly()
    {
        var config = new CellConfig(CellKind.Lstm, 3, 4) { Bias = false, ProjectionSize = 2 };
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout, "c.");
        Assert.Null(slots.Bx);
        Assert.Null(slots.Bh);
        Assert.Equal([16, 2], slots.Wh.Shape);
        Assert.Equal([2, 4], slots.Whr!.Shape);
        Assert.Equal(2, config.StateSize);
        Assert.Equal(["c.Wx", "c.Wh", "c.Whr"], layout.Slots.Select(s => s.Name));
        var ex = Assert.Throws<ArgumentException>(() =>
            new CellConfig(CellKind.Jordan, 3, 4) { Bias = false }.Validate()
        );
        Assert.Contains("Bias = false applies to Elman, LSTM and GRU", ex.Message);
    }
}
