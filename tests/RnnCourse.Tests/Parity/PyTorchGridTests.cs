// The option grid against PyTorch: every fixture in tests/fixtures/pytorch/grid (one per mode ×
// num_layers 1–3 × bidirectional × bias × proj_size, written by tests/scripts/make_grid.py with
// nn.RNN / nn.LSTM / nn.GRU) is replayed through StackedRnn with its weights loaded by
// StateDict.Load from the safetensors file, × packed or not × batch_first or not × double or
// float32, on the reference engine, and in float32 on the fused engine for every fixture whose
// options it supports (bias, no projection). Outputs, h_n, c_n and the gradients of x, h_0, c_0
// and every parameter must match within 1e-9 (double) / 1e-5 (float32), max-norm relative.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Interop;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Parity;

public class PyTorchGridTests
{
    public static TheoryData<string, bool, bool, string> Grid()
    {
        var d = new TheoryData<string, bool, bool, string>();
        foreach (var file in Directory.GetFiles(GridDir(), "*.safetensors").Order())
        {
            foreach (bool packed in new[] { false, true })
            {
                foreach (bool batchFirst in new[] { false, true })
                {
                    string name = Path.GetFileNameWithoutExtension(file);
                    d.Add(name, packed, batchFirst, "double");
                    d.Add(name, packed, batchFirst, "float");
                    if (!name.Contains("nobias") && !name.Contains("proj"))
                    {
                        d.Add(name, packed, batchFirst, "float-fused");
                    }
                }
            }
        }
        return d;
    }

    [Fact]
    public void Grid_Fixtures_CoverEveryOptionCombination()
    {
        var names = Directory
            .GetFiles(GridDir(), "*.safetensors")
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet();
        // 4 modes × 3 depths × 2 directions × 2 bias settings, plus proj_size for the LSTM.
        Assert.Equal(60, names.Count);
        Assert.Contains("lstm_l3_bi_nobias_proj2", names);
        Assert.Contains("rnn_relu_l2_bi", names);
        Assert.Contains("gru_l1_nobias", names);
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void StackedRnn_MatchesPyTorch_OutputsFinalStatesAndAllGradients(
        string fixture,
        bool packed,
        bool batchFirst,
        string engine
    )
    {
        var file = SafeTensors.Read(Path.Combine(GridDir(), fixture + ".safetensors"));
        switch (engine)
        {
            case "double":
                Replay<double>(file, packed, batchFirst, 1e-9, null);
                break;
            case "float":
                Replay<float>(file, packed, batchFirst, 1e-5, null);
                break;
            default:
                Replay(file, packed, batchFirst, 1e-5, FusedEngine.Factory);
                break;
        }
    }

    private static void Replay<T>(
        SafeTensorsFile file,
        bool packed,
        bool batchFirst,
        double tol,
        RecurrentEngineFactory<T>? engine
    )
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var m = file.Metadata;
        string mode = m["mode"];
        int layers = int.Parse(m["num_layers"]),
            steps = int.Parse(m["T"]);
        bool bidirectional = m["bidirectional"] == "true";
        Assert.Equal("true", m["batch_first_checked"]);
        var config = new CellConfig(
            mode switch
            {
                "lstm" => CellKind.Lstm,
                "gru" => CellKind.Gru,
                _ => CellKind.Elman,
            },
            int.Parse(m["I"]),
            int.Parse(m["H"])
        )
        {
            Activation = mode == "rnn_relu" ? Activation.Relu : Activation.Tanh,
            Bias = m["bias"] == "true",
            ProjectionSize = int.Parse(m["proj_size"]),
        };
        var layout = new ParameterLayout();
        var stack = new StackedRnn<T>(
            config,
            layers,
            layout,
            "rnn.",
            new StackOptions
            {
                Bidirectional = bidirectional ? BidirectionalMerge.Concat : null,
                BatchFirst = batchFirst,
            },
            engine
        );
        var p = new ParameterSet<T>(layout);
        StateDict.Load(stack, p, file.Tensors, strict: false);

        var t = file.Tensors;
        string v = packed ? "packed." : "full.";
        var mask = packed
            ? SequenceMask.FromLengths([.. m["lengths"].Split(',').Select(int.Parse)], steps)
            : null;
        var initial = new RecurrentState<T>(
            Of<T>(t["h0"]),
            t.TryGetValue("c0", out var c0) ? Of<T>(c0) : null
        );
        var output = stack.Forward(p, Layout(Of<T>(t["x"]), batchFirst), mask, initial);
        Close(Layout(output, batchFirst).Span, t[v + "output"], "output", tol);
        var final = stack.Final;
        Close(final.H.Span, t[v + "h_n"], "h_n", tol);
        if (config.HasMemory)
        {
            Close(final.C!.Span, t[v + "c_n"], "c_n", tol);
        }

        var dFinal = new RecurrentState<T>(
            Of<T>(t["g_h_n"]),
            t.TryGetValue("g_c_n", out var gc) ? Of<T>(gc) : null
        );
        var dx = stack.Backward(p, Layout(Of<T>(t["g_output"]), batchFirst), dFinal)!;
        Close(Layout(dx, batchFirst).Span, t[v + "grad.x"], "grad x", tol);
        var dInitial = stack.InitialGradient;
        Close(dInitial.H.Span, t[v + "grad.h0"], "grad h0", tol);
        if (config.HasMemory)
        {
            Close(dInitial.C!.Span, t[v + "grad.c0"], "grad c0", tol);
        }
        var grads = new Dictionary<string, SafeTensor>();
        StateDict.Save(stack, p, grads, dtype: SafeTensorType.F64, gradients: true);
        Assert.Equal(
            t.Keys.Where(k => k.StartsWith(v + "grad.", StringComparison.Ordinal)).Count()
                - (config.HasMemory ? 3 : 2),
            grads.Count
        );
        foreach (var (name, g) in grads)
        {
            Close<double>(g.Values, t[v + "grad." + name], "grad " + name, tol);
        }
    }

    /// <summary>Time-major data as the layer sees it: swapped to (B, T, ·) under batch_first.</summary>
    private static Tensor<T> Layout<T>(Tensor<T> x, bool batchFirst)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        batchFirst ? SequenceOps.SwapBatchAndTime(x) : x;

    private static Tensor<T> Of<T>(SafeTensor s)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new([.. s.Values.Select(T.CreateChecked)], s.Shape);

    private static void Close<T>(
        ReadOnlySpan<T> actual,
        SafeTensor expected,
        string what,
        double tol
    )
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.True(
            actual.Length == expected.Values.Length,
            $"{what}: {actual.Length} values vs PyTorch's {expected.Values.Length}"
        );
        double maxDiff = 0,
            maxRef = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            maxDiff = Math.Max(
                maxDiff,
                Math.Abs(double.CreateChecked(actual[i]) - expected.Values[i])
            );
            maxRef = Math.Max(maxRef, Math.Abs(expected.Values[i]));
        }
        double relative = maxDiff / Math.Max(maxRef, 1e-3);
        Assert.True(relative <= tol, $"{what}: max relative difference {relative:E2} > {tol:E0}");
    }

    internal static string GridDir() => Path.Combine(PyTorchParityTests.FixtureDir(), "grid");
}
