// Backward accepts only the latest Forward of its engine (EngineArgs.RequireLatest): a stale
// tape, whose buffers the fused engine may have reused for a later pass, throws instead of
// pairing an older loss with newer activations. Both engines follow the same rule, and both
// cope with, or refuse by name, an input that is their own earlier output.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using static RnnCourse.Tests.Bptt.EngineTestKit;

namespace RnnCourse.Tests.Bptt;

public class StaleTapeTests
{
    public static TheoryData<string, CellKind> EnginesAndCells()
    {
        var d = new TheoryData<string, CellKind>();
        foreach (var engine in new[] { "reference", "fused" })
        {
            foreach (
                var kind in new[] { CellKind.Elman, CellKind.Jordan, CellKind.Lstm, CellKind.Gru }
            )
            {
                d.Add(engine, kind);
            }
        }
        return d;
    }

    /// <summary>An engine with I = S = 5 (so an output fits as the next input) and random data.</summary>
    private static (
        IRecurrentEngine<float> E,
        ParameterSet<float> P,
        Tensor<float> X1,
        Tensor<float> X2,
        Tensor<float> D
    ) Rig(string engine, CellKind kind)
    {
        var config = new CellConfig(kind, 5, 5);
        var layout = new ParameterLayout();
        var slots = Declare(config, layout, "");
        var p = new ParameterSet<float>(layout);
        var rng = new Rng(8);
        FillRandom(p, rng);
        return (
            Create(engine, config, slots),
            p,
            RandomTensor(rng, 6, 2, 5),
            RandomTensor(rng, 6, 2, 5),
            RandomTensor(rng, 6, 2, 5)
        );
    }

    /// <summary>A rig after one Forward of X1 and its Backward (gradients zeroed again).</summary>
    private static (
        IRecurrentEngine<float> E,
        ParameterSet<float> P,
        SequenceOutput<float> First,
        Tensor<float> X2,
        Tensor<float> D
    ) AfterOnePass(string engine, CellKind kind)
    {
        var (e, p, x1, x2, d) = Rig(engine, kind);
        var first = e.Forward(p, x1);
        e.Backward(p, first, d);
        p.ZeroGrad();
        return (e, p, first, x2, d);
    }

    [Theory]
    [MemberData(nameof(EnginesAndCells))]
    public void Backward_AnotherForwardRanSince_ThrowsStaleTape(string engine, CellKind kind)
    {
        var (e, p, x1, x2, d) = Rig(engine, kind);
        var older = e.Forward(p, x1);
        var newer = e.Forward(p, x2);
        var ex = Assert.Throws<InvalidOperationException>(() => e.Backward(p, older, d));
        Assert.Contains("forward pass 1", ex.Message);
        Assert.Contains("pass 2 has run since", ex.Message);
        Assert.Contains("stale", ex.Message);
        Assert.All(p.Grads, g => Assert.Equal(0f, g)); // refused before touching anything
        e.Backward(p, newer, d); // the latest pass still differentiates
    }

    [Theory]
    [MemberData(nameof(EnginesAndCells))]
    public void Backward_OlderPassAfterItsBackwardAndANewForward_Throws(
        string engine,
        CellKind kind
    )
    {
        // The fused engine's case: the second Forward of the same shape reuses the first pass's
        // workspace, so the first tape now holds the second pass's activations.
        var (e, p, first, x2, d) = AfterOnePass(engine, kind);
        e.Forward(p, x2);
        Assert.Throws<InvalidOperationException>(() => e.Backward(p, first, d));
    }

    [Theory]
    [MemberData(nameof(EnginesAndCells))]
    public void Forward_InputIsItsOwnEarlierOutput_RefusedOrSameAsACopy(
        string engine,
        CellKind kind
    )
    {
        // x = the Hs of the previous pass, whose workspace the fused engine would reuse (and
        // overwrite) for this very pass: the fused engine refuses it naming x; the reference
        // engine keeps every pass's tensors, so the gradients equal those of a copy.
        var (e, p, first, _, d) = AfterOnePass(engine, kind);
        if (engine == "fused")
        {
            var ex = Assert.Throws<ArgumentException>(() => e.Forward(p, first.Hs));
            Assert.Equal("x", ex.ParamName);
            Assert.Contains("Clone()", ex.Message);
            return;
        }
        var hs = first.Hs.Clone();
        e.Backward(p, e.Forward(p, first.Hs), d);
        var viaOwnOutput = (float[])p.Grads.Clone();
        p.ZeroGrad();
        e.Backward(p, e.Forward(p, hs), d);
        Assert.Equal(p.Grads, viaOwnOutput);
    }

    [Theory]
    [MemberData(nameof(EnginesAndCells))]
    public void Forward_InitialIsItsOwnEarlierFinalState_SameAsACopy(string engine, CellKind kind)
    {
        // Carrying the final state into the next pass without a copy: the engine reads it
        // before it writes the new pass's final state.
        var (e, p, first, x2, d) = AfterOnePass(engine, kind);
        var carried = first.Final.Clone();
        var aliased = e.Forward(p, x2, initial: first.Final);
        var hsAliased = aliased.Hs.Clone();
        e.Backward(p, aliased, d);
        var gradsAliased = (float[])p.Grads.Clone();
        p.ZeroGrad();
        var copied = e.Forward(p, x2, initial: carried);
        Assert.Equal(copied.Hs.Data, hsAliased.Data);
        e.Backward(p, copied, d);
        Assert.Equal(p.Grads, gradsAliased);
    }

    [Fact]
    public void Backward_RecycledPass_Throws()
    {
        var (e, p, x1, _, d) = Rig("fused", CellKind.Lstm);
        var o = e.Forward(p, x1);
        ((FusedEngine)e).Recycle(o);
        var ex = Assert.Throws<InvalidOperationException>(() => e.Backward(p, o, d));
        Assert.Contains("Recycle", ex.Message);
    }

    [Fact]
    public void Backward_DefaultOutput_ThrowsNamingForward()
    {
        var (e, p, _, _, d) = Rig("fused", CellKind.Gru);
        var ex = Assert.Throws<ArgumentException>(() => e.Backward(p, default, d));
        Assert.Equal("forward", ex.ParamName);
    }
}
