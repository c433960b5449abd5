// The parts of the engine contract (EngineContractTests) that do not need double precision,
// for the float32-only fused engine: a second Backward on the same pass accumulates again, an
// LSTM final-state gradient may omit c, and bad input is reported like the reference does.
// (The gradient checks of the contract run on the double reference; EngineEquivalenceTests ties
// the fused engine to it.)
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using static RnnCourse.Tests.Bptt.EngineTestKit;

namespace RnnCourse.Tests.Bptt;

public class FusedEngineContractTests
{
    private static (FusedEngine E, ParameterSet<float> P, Tensor<float> X, Tensor<float> D) Rig(
        CellKind kind,
        int batch = 2,
        FusedEngineOptions? options = null
    )
    {
        var config = new CellConfig(kind, 3, 17);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var p = new ParameterSet<float>(layout);
        var rng = new Rng(3);
        FillRandom(p, rng);
        return (
            new FusedEngine(config, slots, options),
            p,
            RandomTensor(rng, 13, batch, 3),
            RandomTensor(rng, 13, batch, 17)
        );
    }

    [Theory]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    public void Backward_CalledTwice_AccumulatesParameterGradients(CellKind kind)
    {
        var (e, p, x, d) = Rig(kind);
        var o = e.Forward(p, x);
        var dx1 = e.Backward(p, o, d).Dx!.Clone();
        var once = (float[])p.Grads.Clone();
        var dx2 = e.Backward(p, o, d).Dx!;
        for (int k = 0; k < once.Length; k++)
        {
            Assert.Equal(2 * once[k], p.Grads[k], 1e-5f * (1 + Math.Abs(once[k])));
        }
        Assert.Equal(dx1.Data, dx2.Data);
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Recycle_ForwardOnlyLoop_AllocatesNothingAndKeepsResults(CellKind kind)
    {
        // Evaluation and sampling run Forward without Backward; Recycle hands the workspace
        // back so the next pass reuses it (without it every pass allocated a new workspace).
        var (e, p, x, _) = Rig(kind);
        var first = e.Forward(p, x).Hs.Clone();
        e.Recycle(e.Forward(p, x));
        long bytes = AllocationProbe.SteadyBytes(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                e.Recycle(e.Forward(p, x));
            }
        });
        Assert.Equal(0, bytes);
        var again = e.Forward(p, x);
        Assert.Equal(first.Data, again.Hs.Data);
    }

    public static TheoryData<CellKind, string, int> KindsWidthsAndBatches()
    {
        var data = new TheoryData<CellKind, string, int>();
        foreach (var width in Simd.Supported)
        {
            foreach (var kind in new[] { CellKind.Lstm, CellKind.Gru, CellKind.Elman })
            {
                // B = 1: mat-vec; B = 3: small-m GEMM and the transposed Wh; B = 16: packed
                // GEMM with Wh packed once, on two threads.
                foreach (int batch in new[] { 1, 3, 16 })
                {
                    data.Add(kind, width.ToString(), batch);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsWidthsAndBatches))]
    public void ForwardBackward_EveryWidth_SteadyStateAllocatesNothing(
        CellKind kind,
        string width,
        int batch
    )
    {
        var options = new FusedEngineOptions
        {
            Width = Enum.Parse<SimdWidth>(width),
            ParallelBatch = 2,
        };
        var (e, p, x, d) = Rig(kind, batch, options);
        e.Backward(p, e.Forward(p, x), d);
        long bytes = AllocationProbe.SteadyBytes(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                e.Backward(p, e.Forward(p, x), d);
            }
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Backward_LstmFinalGradientWithoutMemory_SameAsZeroMemoryGradient()
    {
        var (e, p, x, d) = Rig(CellKind.Lstm);
        var dh = RandomTensor(new Rng(9), 2, 17);
        var o = e.Forward(p, x);
        var a = e.Backward(p, o, d, new RecurrentState<float>(dh)).Dx!.Clone();
        var gradsA = (float[])p.Grads.Clone();
        p.ZeroGrad();
        o = e.Forward(p, x);
        var b = e.Backward(p, o, d, new RecurrentState<float>(dh, Tensor<float>.Zeros(2, 17))).Dx!;
        Assert.Equal(gradsA, p.Grads);
        Assert.Equal(a.Data, b.Data);
    }

    [Fact]
    public void BadInput_ThrowsNamingShapes_AndChangesNothing()
    {
        var (e, p, x, d) = Rig(CellKind.Lstm);
        var wide = Tensor<float>.Zeros(13, 2, 4);
        Assert.Contains(
            "expected (T, B, I) = (13, 2, 3)",
            Assert.Throws<ArgumentException>(() => e.Forward(p, wide)).Message
        );
        var badMask = SequenceMask.FromLengths([3, 3, 3], 13);
        Assert.Contains(
            "expected (13, 2)",
            Assert.Throws<ArgumentException>(() => e.Forward(p, x, badMask)).Message
        );
        var o = e.Forward(p, x);
        var before = (float[])p.Grads.Clone();
        var wrong = Tensor<float>.Zeros(13, 2, 16);
        Assert.Contains(
            "expected (13, 2, 17)",
            Assert.Throws<ArgumentException>(() => e.Backward(p, o, wrong)).Message
        );
        var noC = new RecurrentState<float>(Tensor<float>.Zeros(2, 17));
        Assert.Contains(
            "memory c",
            Assert.Throws<ArgumentException>(() => e.Forward(p, x, null, noC)).Message
        );
        Assert.Equal(before, p.Grads); // nothing accumulated by the failed calls
        e.Backward(p, o, d); // the pass is still usable
    }

    [Fact]
    public void Backward_OutputOfAnotherEngine_Throws()
    {
        var (e1, p, x, d) = Rig(CellKind.Gru);
        var (e2, _, _, _) = Rig(CellKind.Gru);
        var o = e1.Forward(p, x);
        Assert.Contains(
            "this FusedEngine",
            Assert.Throws<ArgumentException>(() => e2.Backward(p, o, d)).Message
        );
    }

    [Theory]
    [InlineData(CellKind.Elman, false, 0, "Bias = false (PyTorch bias=False)")]
    [InlineData(CellKind.Gru, false, 0, "Bias = false (PyTorch bias=False)")]
    [InlineData(CellKind.Lstm, true, 2, "ProjectionSize = 2 (PyTorch proj_size)")]
    public void Create_UnsupportedOption_RefusesNamingTheOption(
        CellKind kind,
        bool bias,
        int projection,
        string option
    )
    {
        var config = new CellConfig(kind, 3, 4) { Bias = bias, ProjectionSize = projection };
        var layout = new ParameterLayout();
        var ex = Assert.Throws<NotSupportedException>(() =>
            new StackedRnn<float>(config, 2, layout, "rnn.", engine: FusedEngine.Factory)
        );
        Assert.Contains($"FusedEngine does not support {option}", ex.Message);
        Assert.Contains("ReferenceEngine", ex.Message);
    }
}
