using RnnCourse.Cells;
using RnnCourse.Interop;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Interop;

public class StateDictTests
{
    private static (StackedRnn<double> Stack, ParameterSet<double> P) Make(
        CellConfig config,
        int layers = 2,
        bool bidirectional = true
    )
    {
        var layout = new ParameterLayout();
        var stack = new StackedRnn<double>(
            config,
            layers,
            layout,
            "rnn.",
            new StackOptions { Bidirectional = bidirectional ? BidirectionalMerge.Concat : null }
        );
        var p = new ParameterSet<double>(layout);
        new Rng(9).FillUniform<double>(p.Values, -1, 1);
        return (stack, p);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsEveryParameterUnderPyTorchNames()
    {
        var config = new CellConfig(CellKind.Lstm, 3, 4) { ProjectionSize = 2 };
        var (stack, p) = Make(config);
        var dict = new Dictionary<string, SafeTensor>();
        StateDict.Save(stack, p, dict, "lstm.", SafeTensorType.F64);
        Assert.Equal(
            [
                "lstm.weight_ih_l0",
                "lstm.weight_hh_l0",
                "lstm.bias_ih_l0",
                "lstm.bias_hh_l0",
                "lstm.weight_hr_l0",
            ],
            dict.Keys.Take(5)
        );
        Assert.Equal([16, 4], dict["lstm.weight_ih_l1_reverse"].Shape);
        var (copy, q) = Make(config);
        q.Values.AsSpan().Clear();
        StateDict.Load(copy, q, SafeTensors.Read(SafeTensors.Write(dict)).Tensors, "lstm.");
        Assert.Equal(p.Values, q.Values);
    }

    [Fact]
    public void Save_ElmanBias_SplitsIntoBiasIhAndZeroBiasHhThatSumBack()
    {
        var (stack, p) = Make(
            new CellConfig(CellKind.Elman, 2, 3),
            layers: 1,
            bidirectional: false
        );
        var dict = new Dictionary<string, SafeTensor>();
        StateDict.Save(stack, p, dict);
        Assert.Equal(p.Value("rnn.l0.bh").ToArray(), dict["bias_ih_l0"].Values);
        Assert.All(dict["bias_hh_l0"].Values, v => Assert.Equal(0.0, v));
        dict["bias_hh_l0"] = dict["bias_hh_l0"] with { Values = [0.25, 0.25, 0.25] };
        StateDict.Load(stack, p, dict);
        Assert.Equal(dict["bias_ih_l0"].Values[0] + 0.25, p.Value("rnn.l0.bh")[0], 12);
    }

    [Fact]
    public void Load_WrongShape_NamesKeyShapeGivenShapeExpectedAndOurs()
    {
        var (stack, p) = Make(new CellConfig(CellKind.Gru, 3, 4));
        var dict = new Dictionary<string, SafeTensor>();
        StateDict.Save(stack, p, dict);
        dict["weight_hh_l1_reverse"] = new(SafeTensorType.F32, [12, 3], new double[36]);
        var ex = Assert.Throws<ArgumentException>(() => StateDict.Load(stack, p, dict));
        Assert.Contains(
            "State dict 'weight_hh_l1_reverse' has shape (12, 3), expected (12, 4) for rnn.l1.bwd.Wh",
            ex.Message
        );
    }

    [Fact]
    public void Load_MissingOrUnexpectedKey_NamesItAndTheOption()
    {
        var withBias = Make(new CellConfig(CellKind.Gru, 3, 4), layers: 1, bidirectional: false);
        var dict = new Dictionary<string, SafeTensor>();
        StateDict.Save(withBias.Stack, withBias.P, dict);
        var noBias = Make(
            new CellConfig(CellKind.Gru, 3, 4) { Bias = false },
            layers: 1,
            bidirectional: false
        );
        var ex = Assert.Throws<ArgumentException>(() =>
            StateDict.Load(noBias.Stack, noBias.P, dict)
        );
        Assert.Contains("Unexpected key(s) in state dict: bias_ih_l0, bias_hh_l0", ex.Message);
        Assert.Contains("bias", ex.Message);
        dict.Remove("weight_hh_l0");
        ex = Assert.Throws<ArgumentException>(() =>
            StateDict.Load(withBias.Stack, withBias.P, dict)
        );
        Assert.Contains(
            "Missing key in state dict: 'weight_hh_l0' (ours: rnn.l0.Wh (12, 4))",
            ex.Message
        );
    }
}
