// Running the two directions of a bidirectional layer on two cores gives exactly the numbers of
// running them one after the other (each engine touches only its own workspace and slots).
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using static RnnCourse.Tests.Bptt.EngineTestKit;

namespace RnnCourse.Tests.Bptt;

public class PairedEnginesTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 3)]
    [InlineData(CellKind.Gru, 20)] // B ≥ 16: each engine would split too; must not deadlock
    [InlineData(CellKind.Elman, 1)]
    public void ForwardBackward_Concurrent_BitIdenticalToSequential(CellKind kind, int batch)
    {
        var config = new CellConfig(kind, 6, 19);
        var layout = new ParameterLayout();
        var sf = CellParameters.Declare(config, layout, "fwd.");
        var sb = CellParameters.Declare(config, layout, "bwd.");
        var rng = new Rng(77);
        var p1 = new ParameterSet<float>(layout);
        FillRandom(p1, rng);
        var p2 = new ParameterSet<float>(layout);
        p1.Values.CopyTo(p2.Values, 0);
        int steps = 7;
        var x = RandomTensor(rng, steps, batch, 6);
        var xr = RandomTensor(rng, steps, batch, 6);
        var dA = RandomTensor(rng, steps, batch, 19);
        var dB = RandomTensor(rng, steps, batch, 19);
        var mask = SequenceMask.FromLengths(
            Enumerable.Range(0, batch).Select(b => 1 + b % steps).ToArray(),
            steps
        );

        // Sequential.
        var a1 = new FusedEngine(config, sf);
        var b1 = new FusedEngine(config, sb);
        var fa1 = a1.Forward(p1, x, mask);
        var fb1 = b1.Forward(p1, xr, mask);
        var hsA = fa1.Hs.Clone();
        var hsB = fb1.Hs.Clone();
        var ga1 = a1.Backward(p1, fa1, dA);
        var gb1 = b1.Backward(p1, fb1, dB);
        var dxA = ga1.Dx!.Clone();
        var dxB = gb1.Dx!.Clone();

        // Concurrent, three times (workspace reuse).
        var a2 = new FusedEngine(config, sf);
        var b2 = new FusedEngine(config, sb);
        for (int round = 0; round < 3; round++)
        {
            p2.ZeroGrad();
            var (fa2, fb2) = PairedEngines.Forward(p2, a2, x, b2, xr, mask);
            Assert.Equal(hsA.Data, fa2.Hs.Data);
            Assert.Equal(hsB.Data, fb2.Hs.Data);
            var (ga2, gb2) = PairedEngines.Backward(p2, a2, fa2, dA, b2, fb2, dB);
            Assert.Equal(dxA.Data, ga2.Dx!.Data);
            Assert.Equal(dxB.Data, gb2.Dx!.Data);
            Assert.Equal(p1.Grads, p2.Grads);
        }
    }

    [Fact]
    public void Forward_SameEngineTwice_Throws()
    {
        var config = new CellConfig(CellKind.Gru, 3, 4);
        var layout = new ParameterLayout();
        var s = CellParameters.Declare(config, layout);
        var p = new ParameterSet<float>(layout);
        var e = new FusedEngine(config, s);
        var x = Tensor<float>.Zeros(2, 1, 3);
        var ex = Assert.Throws<ArgumentException>(() => PairedEngines.Forward(p, e, x, e, x));
        Assert.Contains("two engine instances", ex.Message);
    }
}
