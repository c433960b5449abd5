using RnnCourse.Cells;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Cells;

public class PyTorchNamesTests
{
    private static Func<string, IReadOnlyList<float>> StateDict(Dictionary<string, float[]> d) =>
        name => d[name];

    [Fact]
    public void Load_Elman_SumsTheTwoBiases()
    {
        var config = new CellConfig(CellKind.Elman, 2, 2);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var p = new ParameterSet<double>(layout);
        PyTorchNames.Load(
            config,
            slots,
            p,
            StateDict(
                new()
                {
                    ["weight_ih_l0"] = [1, 2, 3, 4],
                    ["weight_hh_l0"] = [5, 6, 7, 8],
                    ["bias_ih_l0"] = [0.5f, 1],
                    ["bias_hh_l0"] = [0.25f, -1],
                }
            )
        );
        Assert.Equal(new double[] { 1, 2, 3, 4 }, p.Value("Wxh").ToArray());
        Assert.Equal(new double[] { 5, 6, 7, 8 }, p.Value("Whh").ToArray());
        Assert.Equal(new double[] { 0.75, 0 }, p.Value("bh").ToArray());
    }

    [Fact]
    public void Load_ReverseLstmLayer1_ReadsSuffixedNames()
    {
        var config = new CellConfig(CellKind.Lstm, 1, 1);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout, "bwd.");
        var p = new ParameterSet<float>(layout);
        PyTorchNames.Load(
            config,
            slots,
            p,
            StateDict(
                new()
                {
                    ["weight_ih_l1_reverse"] = [1, 2, 3, 4],
                    ["weight_hh_l1_reverse"] = [5, 6, 7, 8],
                    ["bias_ih_l1_reverse"] = [9, 10, 11, 12],
                    ["bias_hh_l1_reverse"] = [13, 14, 15, 16],
                }
            ),
            layer: 1,
            reverse: true
        );
        Assert.Equal(new float[] { 9, 10, 11, 12 }, p.Value("bwd.bx").ToArray());
        Assert.Equal(new float[] { 13, 14, 15, 16 }, p.Value("bwd.bh").ToArray());
    }

    [Fact]
    public void Load_WrongSize_ThrowsNamingBoth()
    {
        var config = new CellConfig(CellKind.Gru, 2, 3);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var ex = Assert.Throws<ArgumentException>(() =>
            PyTorchNames.Load(config, slots, new ParameterSet<float>(layout), _ => new float[5])
        );
        Assert.Contains("weight_ih_l0", ex.Message);
        Assert.Contains("(9, 2)", ex.Message);
    }

    [Fact]
    public void Map_Jordan_ThrowsExplaining() =>
        Assert.Throws<ArgumentException>(() =>
            PyTorchNames.Map(
                new CellConfig(CellKind.Jordan, 2, 2),
                CellParameters.Declare(new CellConfig(CellKind.Jordan, 2, 2), new ParameterLayout())
            )
        );
}
