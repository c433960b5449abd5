// ONE suite for every float32 engine (reference and fused, fused on one thread and split over
// two): each runs a seeded random problem and must match the double-precision reference engine
// on outputs, final states and ALL gradients (parameters, inputs, initial states) within 1e-5
// (max-norm relative), for every cell and for stacked, bidirectional, masked and stateful use.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using static RnnCourse.Tests.Bptt.EngineTestKit;

namespace RnnCourse.Tests.Bptt;

public class EngineEquivalenceTests
{
    private const int I = 5,
        H = 21; // 16 SIMD lanes + a scalar tail of 5

    public static readonly string[] CellCases =
    [
        "elman-tanh",
        "elman-relu",
        "elman-sigmoid",
        "jordan",
        "jordan-o3",
        "lstm",
        "gru",
    ];

    public static TheoryData<string, string> EnginesAndCells()
    {
        var d = new TheoryData<string, string>();
        foreach (var e in EngineNames)
        {
            foreach (var c in CellCases)
            {
                d.Add(e, c);
            }
        }
        return d;
    }

    public static TheoryData<string, string> EnginesAndGatedCells()
    {
        var d = new TheoryData<string, string>();
        foreach (var e in EngineNames)
        {
            foreach (var c in new[] { "elman-tanh", "lstm", "gru", "jordan" })
            {
                d.Add(e, c);
            }
        }
        return d;
    }

    internal static CellConfig Config(
        string cell,
        int input = I,
        InitialStateMode init = InitialStateMode.Zero
    ) =>
        cell switch
        {
            "elman-tanh" => new CellConfig(CellKind.Elman, input, H) { InitialState = init },
            "elman-relu" => new CellConfig(CellKind.Elman, input, H)
            {
                Activation = Activation.Relu,
                InitialState = init,
            },
            "elman-sigmoid" => new CellConfig(CellKind.Elman, input, H)
            {
                Activation = Activation.Sigmoid,
                InitialState = init,
            },
            "jordan" => new CellConfig(CellKind.Jordan, input, H) { InitialState = init },
            "jordan-o3" => new CellConfig(CellKind.Jordan, input, H)
            {
                OutputSize = 3,
                OutputActivation = Activation.Sigmoid,
                InitialState = init,
            },
            "lstm" => new CellConfig(CellKind.Lstm, input, H) { InitialState = init },
            "gru" => new CellConfig(CellKind.Gru, input, H) { InitialState = init },
            _ => throw new ArgumentException(cell),
        };

    /// <summary>One layer, dense input, zero h0 and an upstream gradient on the final state.</summary>
    [Theory]
    [MemberData(nameof(EnginesAndCells))]
    public void Forward_Backward_DenseInput_MatchesDoubleReference(string engine, string cell)
    {
        // (13, 2): T ≥ 12 at small B takes the transposed-Wh backward product.
        foreach (var (steps, batch) in new[] { (6, 1), (6, 3), (6, 18), (13, 2) })
        {
            RunSingle(
                engine,
                Config(cell),
                steps,
                batch,
                tokens: false,
                mask: null,
                given: false,
                seed: (ulong)(batch * 31 + cell.Length)
            );
        }
    }

    /// <summary>Token-id input (one-hot as a gather), a learned h0, padding ids (−1).</summary>
    [Theory]
    [MemberData(nameof(EnginesAndCells))]
    public void Forward_Backward_TokensLearnedInitial_MatchesDoubleReference(
        string engine,
        string cell
    )
    {
        var config = Config(cell, input: 11, init: InitialStateMode.Learned);
        // 5 × 2 = 10 rows < I (strided gather) and 9 × 4 = 36 ≥ I (transposed gather).
        RunSingle(
            engine,
            config,
            steps: 5,
            batch: 2,
            tokens: true,
            mask: null,
            given: false,
            seed: 7
        );
        RunSingle(
            engine,
            config,
            steps: 9,
            batch: 4,
            tokens: true,
            mask: null,
            given: false,
            seed: 8
        );
    }

    /// <summary>Variable lengths: padded steps carry the state, output 0, no gradient.</summary>
    [Theory]
    [MemberData(nameof(EnginesAndCells))]
    public void Forward_Backward_Masked_MatchesDoubleReference(string engine, string cell)
    {
        var mask = SequenceMask.FromLengths([6, 4, 1, 5], 6);
        RunSingle(engine, Config(cell), 6, 4, tokens: false, mask, given: true, seed: 11);
        var holes = SequenceMask.FromMatrix(
            [true, true, false, true, true, true, false, true, true, false, true, true],
            4,
            3
        );
        RunSingle(engine, Config(cell, input: 9), 4, 3, tokens: true, holes, given: true, seed: 12);
    }

    /// <summary>Two stacked layers: layer 1 reads layer 0's outputs; ∂L/∂x of layer 1 feeds layer 0.</summary>
    [Theory]
    [MemberData(nameof(EnginesAndGatedCells))]
    public void Stacked_TwoLayers_MatchesDoubleReference(string engine, string cell)
    {
        var rng = new Rng(21);
        var c0 = Config(cell);
        var layout = new ParameterLayout();
        var s0 = Declare(c0, layout, "l0.");
        var c1 = Config(cell, input: c0.StateSize);
        var s1 = Declare(c1, layout, "l1.");
        var p = new ParameterSet<float>(layout);
        FillRandom(p, rng);
        var pd = p.Convert<double>();
        int steps = 5,
            batch = 4;
        var x = RandomTensor(rng, steps, batch, I);
        var dOut = RandomTensor(rng, steps, batch, c1.StateSize);
        var mask = SequenceMask.FromLengths([5, 3, 5, 2], steps);

        var (out32, dx32) = Stack(Create(engine, c0, s0), Create(engine, c1, s1), p, x, dOut, mask);
        var (out64, dx64) = Stack<double>(
            new ReferenceEngine<double>(c0, s0),
            new ReferenceEngine<double>(c1, s1),
            pd,
            ToDouble(x),
            ToDouble(dOut),
            mask
        );
        Close(out32.Span, out64.Span, "stacked output");
        Close(dx32.Span, dx64.Span, "stacked dx");
        GradsClose(p, pd);
    }

    /// <summary>Bidirectional: the backward direction reads each sequence reversed (within its length).</summary>
    [Theory]
    [MemberData(nameof(EnginesAndGatedCells))]
    public void Bidirectional_Concat_MatchesDoubleReference(string engine, string cell)
    {
        var rng = new Rng(31);
        var c = Config(cell);
        var layout = new ParameterLayout();
        var sf = Declare(c, layout, "fwd.");
        var sb = Declare(c, layout, "bwd.");
        var p = new ParameterSet<float>(layout);
        FillRandom(p, rng);
        var pd = p.Convert<double>();
        int steps = 6,
            batch = 3;
        var x = RandomTensor(rng, steps, batch, I);
        var dOut = RandomTensor(rng, steps, batch, 2 * c.StateSize);
        var mask = SequenceMask.FromLengths([6, 2, 4], steps);

        var (o32, dx32) = Bidi(Create(engine, c, sf), Create(engine, c, sb), p, x, dOut, mask);
        var (o64, dx64) = Bidi<double>(
            new ReferenceEngine<double>(c, sf),
            new ReferenceEngine<double>(c, sb),
            pd,
            ToDouble(x),
            ToDouble(dOut),
            mask
        );
        Close(o32.Span, o64.Span, "bidirectional output");
        Close(dx32.Span, dx64.Span, "bidirectional dx");
        GradsClose(p, pd);
    }

    /// <summary>Stateful: batch 2 starts from batch 1's final state; the gradient stops at the boundary.</summary>
    [Theory]
    [MemberData(nameof(EnginesAndGatedCells))]
    public void Stateful_TwoConsecutiveBatches_MatchesDoubleReference(string engine, string cell)
    {
        var rng = new Rng(41);
        var c = Config(cell, input: 13);
        var layout = new ParameterLayout();
        var s = Declare(c, layout, "");
        var p = new ParameterSet<float>(layout);
        FillRandom(p, rng);
        var pd = p.Convert<double>();
        var e32 = Create(engine, c, s);
        var e64 = new ReferenceEngine<double>(c, s);
        RecurrentState<float>? state32 = null;
        RecurrentState<double>? state64 = null;
        for (int chunk = 0; chunk < 3; chunk++)
        {
            var tokens = RandomTokens(rng, 4, 5, 13, padIds: false);
            var dHs = RandomTensor(rng, 4, 5, c.StateSize);
            var f32 = e32.Forward(p, tokens, null, state32);
            var f64 = e64.Forward(pd, tokens, null, state64);
            Close(f32.Hs.Span, f64.Hs.Span, $"chunk {chunk} hs");
            var g32 = e32.Backward(p, f32, dHs);
            var g64 = e64.Backward(pd, f64, ToDouble(dHs));
            Close(g32.DInitial.H.Span, g64.DInitial.H.Span, $"chunk {chunk} dh0");
            // Carry the state (the fused engine's Final is a view: the next Forward copies it first).
            state32 = f32.Final;
            state64 = f64.Final;
        }
        GradsClose(p, pd);
    }

    internal static void RunSingle(
        string engine,
        CellConfig config,
        int steps,
        int batch,
        bool tokens,
        SequenceMask? mask,
        bool given,
        ulong seed
    )
    {
        var rng = new Rng(seed);
        var layout = new ParameterLayout();
        var slots = Declare(config, layout, "cell.");
        var p = new ParameterSet<float>(layout);
        FillRandom(p, rng);
        var pd = p.Convert<double>();
        var e32 = Create(engine, config, slots);
        var e64 = new ReferenceEngine<double>(config, slots);
        var initial = given ? RandomState(rng, config, batch) : null;
        var dHs = RandomTensor(rng, steps, batch, config.StateSize);
        var dFinal = RandomState(rng, config, batch);

        // Twice, to prove the second (workspace-reusing) pass gives the same numbers.
        for (int round = 0; round < 2; round++)
        {
            p.ZeroGrad();
            pd.ZeroGrad();
            SequenceOutput<float> f32;
            SequenceOutput<double> f64;
            Tensor<float>? x = null;
            if (tokens)
            {
                var ids = RandomTokens(
                    new Rng(seed + 100),
                    steps,
                    batch,
                    config.InputSize,
                    padIds: true
                );
                f32 = e32.Forward(p, ids, mask, initial);
                f64 = e64.Forward(pd, ids, mask, ToDouble(initial));
            }
            else
            {
                x = RandomTensor(new Rng(seed + 100), steps, batch, config.InputSize);
                f32 = e32.Forward(p, x, mask, initial);
                f64 = e64.Forward(pd, ToDouble(x), mask, ToDouble(initial));
            }
            string what = $"{engine} {config.Kind} T={steps} B={batch} round {round}";
            Close(f32.Hs.Span, f64.Hs.Span, what + " hs");
            Close(f32.Final.H.Span, f64.Final.H.Span, what + " final h");
            if (config.HasMemory)
            {
                Close(f32.Final.C!.Span, f64.Final.C!.Span, what + " final c");
            }
            var g32 = e32.Backward(p, f32, dHs, dFinal);
            var g64 = e64.Backward(pd, f64, ToDouble(dHs), ToDouble(dFinal));
            Close(g32.DInitial.H.Span, g64.DInitial.H.Span, what + " dh0");
            if (config.HasMemory)
            {
                Close(g32.DInitial.C!.Span, g64.DInitial.C!.Span, what + " dc0");
            }
            Assert.Equal(tokens, g32.Dx is null);
            if (!tokens)
            {
                Close(g32.Dx!.Span, g64.Dx!.Span, what + " dx");
            }
            GradsClose(p, pd);
        }
    }

    private static (Tensor<T> Out, Tensor<T> Dx) Stack<T>(
        IRecurrentEngine<T> l0,
        IRecurrentEngine<T> l1,
        ParameterSet<T> p,
        Tensor<T> x,
        Tensor<T> dOut,
        SequenceMask mask
    )
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var f0 = l0.Forward(p, x, mask);
        var f1 = l1.Forward(p, f0.Hs, mask);
        var output = f1.Hs.Clone();
        var g1 = l1.Backward(p, f1, dOut);
        var g0 = l0.Backward(p, f0, g1.Dx!);
        return (output, g0.Dx!.Clone());
    }

    private static (Tensor<T> Out, Tensor<T> Dx) Bidi<T>(
        IRecurrentEngine<T> fwd,
        IRecurrentEngine<T> bwd,
        ParameterSet<T> p,
        Tensor<T> x,
        Tensor<T> dOut,
        SequenceMask mask
    )
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0],
            batch = x.Shape[1],
            s = fwd.Config.StateSize;
        var lengths = mask.Lengths!;
        var ff = fwd.Forward(p, x, mask);
        var fb = bwd.Forward(p, Reverse(x, lengths), mask);
        var hb = Reverse(fb.Hs, lengths);
        var output = Tensor<T>.Zeros(steps, batch, 2 * s);
        var dF = Tensor<T>.Zeros(steps, batch, s);
        var dB = Tensor<T>.Zeros(steps, batch, s);
        for (int r = 0; r < steps * batch; r++)
        {
            ff.Hs.Span.Slice(r * s, s).CopyTo(output.Span.Slice(r * 2 * s, s));
            hb.Span.Slice(r * s, s).CopyTo(output.Span.Slice(r * 2 * s + s, s));
            dOut.Span.Slice(r * 2 * s, s).CopyTo(dF.Span.Slice(r * s, s));
            dOut.Span.Slice(r * 2 * s + s, s).CopyTo(dB.Span.Slice(r * s, s));
        }
        var gf = fwd.Backward(p, ff, dF);
        var gb = bwd.Backward(p, fb, Reverse(dB, lengths));
        var dx = gf.Dx!.Clone();
        var dxb = Reverse(gb.Dx!, lengths);
        for (int k = 0; k < dx.Length; k++)
        {
            dx.Data[k] += dxb.Data[k];
        }
        return (output, dx);
    }

    /// <summary>Each sequence reversed within its length; padding stays where it is.</summary>
    private static Tensor<T> Reverse<T>(Tensor<T> x, IReadOnlyList<int> lengths)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0],
            batch = x.Shape[1],
            w = x.Shape[2];
        var y = x.Clone();
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < lengths[b]; t++)
            {
                x.Span.Slice(((lengths[b] - 1 - t) * batch + b) * w, w)
                    .CopyTo(y.Span.Slice((t * batch + b) * w, w));
            }
        }
        _ = steps;
        return y;
    }
}
