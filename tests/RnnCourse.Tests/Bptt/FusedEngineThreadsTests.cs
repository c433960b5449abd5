// The fused engine on 1 to 4 threads: every batch row goes through the recurrence on one thread,
// whichever slice it is in, and the after-sweep products and column jobs are sliced on tile and
// cache-line boundaries, so the outputs and every gradient are the same bytes on any thread
// count. Pools of 3 and 4 threads run on this machine's cores too (they share them).
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using static RnnCourse.Tests.Bptt.EngineTestKit;

namespace RnnCourse.Tests.Bptt;

public sealed class FusedEngineThreadsTests : IDisposable
{
    private readonly WorkerPool[] _pools = [new(2), new(3), new(4)];

    public void Dispose()
    {
        foreach (var pool in _pools)
        {
            pool.Dispose();
        }
    }

    public static TheoryData<CellKind, int, bool> KindsBatchesAndInputs()
    {
        var data = new TheoryData<CellKind, int, bool>();
        foreach (var kind in new[] { CellKind.Elman, CellKind.Jordan, CellKind.Lstm, CellKind.Gru })
        {
            // B = 16: 2 slices of 8; 40: up to 4 of 10; 64: 4 of 16 (the packed-Wh path).
            foreach (int batch in new[] { 16, 40, 64 })
            {
                data.Add(kind, batch, false);
            }
            data.Add(kind, 64, true); // token ids: the gather and scatter sliced by columns
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsBatchesAndInputs))]
    public void ForwardBackward_OneToFourThreads_SameBytes(CellKind kind, int batch, bool tokens)
    {
        const int steps = 7,
            inputs = 40,
            hidden = 33;
        var config = new CellConfig(kind, inputs, hidden);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var rng = new Rng(17);
        var x = RandomTensor(rng, steps, batch, inputs);
        var ids = RandomTokens(rng, steps, batch, inputs, padIds: true);
        var dHs = RandomTensor(rng, steps, batch, config.StateSize);
        float[]? hs1 = null,
            grads1 = null,
            dx1 = null;
        for (int threads = 1; threads <= 4; threads++)
        {
            var p = new ParameterSet<float>(layout);
            FillRandom(p, new Rng(5));
            var engine = new FusedEngine(
                config,
                slots,
                new FusedEngineOptions
                {
                    MaxThreads = threads,
                    Pool = threads == 1 ? null : _pools[threads - 2],
                }
            );
            var f = tokens ? engine.Forward(p, ids) : engine.Forward(p, x);
            var hs = f.Hs.Data.ToArray();
            var dx = engine.Backward(p, f, dHs).Dx?.Data.ToArray() ?? [];
            if (hs1 is null)
            {
                (hs1, grads1, dx1) = (hs, (float[])p.Grads.Clone(), dx);
                continue;
            }
            Assert.True(hs1.AsSpan().SequenceEqual(hs), $"{threads} threads: hidden states differ");
            Assert.True(
                grads1!.AsSpan().SequenceEqual(p.Grads),
                $"{threads} threads: gradients differ"
            );
            Assert.True(dx1!.AsSpan().SequenceEqual(dx), $"{threads} threads: ∂L/∂x differs");
        }
    }
}
