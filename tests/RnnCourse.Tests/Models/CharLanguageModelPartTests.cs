// The batch parts of CharLanguageModel (CharLanguageModel.Part.cs): 1 to 4 threads give the
// same bytes, two parts match one part over the whole batch, and the phase timer sees every phase
// of part 0 without changing the numbers.
using RnnCourse.Cells;
using RnnCourse.Models;
using RnnCourse.Numerics;
using RnnCourse.Tests.Bptt;
using RnnCourse.Training;
using static RnnCourse.Tests.Models.CharLanguageModelTests;

namespace RnnCourse.Tests.Models;

public class CharLanguageModelPartTests
{
    private sealed class RecordingTimer : IStepPhaseTimer
    {
        public List<int> Phases { get; } = [];

        public void Mark(int phase) => Phases.Add(phase);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(32)] // two batch parts: only part 0 reports phases 0–4
    public void PhaseTimer_Set_IsToldEveryPhaseInOrderWithoutChangingTheStep(int batch)
    {
        // engine-profile times the phases this way; the timed step must compute what the untimed one does.
        var cell = new CellConfig(CellKind.Lstm, V, 24);
        var timer = new RecordingTimer();
        var timed = new CharLanguageModel(
            cell,
            7,
            batch,
            null,
            new CharLanguageModelOptions { PhaseTimer = timer },
            new Rng(31)
        );
        var plain = new CharLanguageModel(cell, 7, batch, null, null, new Rng(31));
        var (timedTrainer, plainTrainer) = (Train(timed), Train(plain));
        var data = Batch(new Rng(32), 7, batch);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(plainTrainer.TrainStep(data).Loss, timedTrainer.TrainStep(data).Loss);
        }
        int[] oneStep = [-1, .. Enumerable.Range(0, CharLanguageModel.PhaseNames.Count)];
        Assert.Equal([.. oneStep, .. oneStep], timer.Phases);
        Assert.Equal(plain.Parameters.Values, timed.Parameters.Values);
    }

    [Theory]
    [InlineData(CellKind.Elman, 32)] // 2 parts
    [InlineData(CellKind.Lstm, 48)] // 3 parts
    [InlineData(CellKind.Gru, 64)] // 4 parts
    [InlineData(CellKind.Lstm, 71)] // 4 parts of unequal size
    public void TrainStep_OneToFourThreads_SameBytes(CellKind kind, int batch)
    {
        // The parts depend on B only; 1 thread runs them in order, 2–4 threads take them as
        // they come (pools of 3 and 4 share this machine's cores, which changes nothing).
        var cell = new CellConfig(kind, V, 40);
        var pools = new[] { new WorkerPool(2), new WorkerPool(3), new WorkerPool(4) };
        try
        {
            CharLanguageModel Make(int threads) =>
                new(
                    cell,
                    12,
                    batch,
                    null,
                    new CharLanguageModelOptions
                    {
                        MaxThreads = threads,
                        Pool = threads == 1 ? null : pools[threads - 2],
                    },
                    new Rng(21)
                );
            var models = Enumerable.Range(1, 4).Select(Make).ToArray();
            Assert.All(
                models,
                m => Assert.Equal(CharLanguageModel.PartCount(batch, m.Options), m.Parts)
            );
            var trainers = models.Select(m => Train(m, new AdamConfig(1e-2))).ToArray();
            var rng = new Rng(22);
            for (int i = 0; i < 3; i++)
            {
                var data = Batch(rng, 12, batch);
                var losses = trainers.Select(t => t.TrainStep(data).Loss).ToArray();
                Assert.All(losses, loss => Assert.Equal(losses[0], loss));
            }
            for (int t = 1; t < 4; t++)
            {
                Assert.Equal(models[0].Parameters.Values, models[t].Parameters.Values);
            }
        }
        finally
        {
            foreach (var pool in pools)
            {
                pool.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(15, 1)] // below SplitBatch: one part
    [InlineData(16, 2)] // from SplitBatch on: at least two
    [InlineData(31, 2)]
    [InlineData(32, 2)]
    [InlineData(48, 3)]
    [InlineData(64, 4)]
    [InlineData(256, 16)]
    public void PartCount_DefaultOptions_FollowsTheBatchOnly(int batch, int parts)
    {
        Assert.Equal(parts, CharLanguageModel.PartCount(batch, new CharLanguageModelOptions()));
        Assert.Equal(
            parts,
            CharLanguageModel.PartCount(batch, new CharLanguageModelOptions { MaxThreads = 7 })
        );
    }

    [Fact]
    public void ComputeLossAndGradients_CalledAgain_GivesTheSameGradients()
    {
        // The gradient sum leaves parts 1, 2, … zero for the next step (there is no zeroing pass
        // then): a second call on the same batch and weights gives the first call's bytes, not a sum.
        var model = new CharLanguageModel(
            new CellConfig(CellKind.Lstm, V, 16),
            5,
            48,
            null,
            null,
            new Rng(43)
        );
        Assert.Equal(3, model.Parts);
        var data = Batch(new Rng(44), 5, 48);
        model.Parameters.ZeroGrad();
        float first = model.ComputeLossAndGradients(data);
        var grads = model.Parameters.Grads.ToArray();
        model.Parameters.ZeroGrad();
        Assert.Equal(first, model.ComputeLossAndGradients(data));
        Assert.Equal(grads, model.Parameters.Grads);
    }

    [Theory]
    [InlineData(CellKind.Elman, 17)]
    [InlineData(CellKind.Lstm, 20)]
    [InlineData(CellKind.Gru, 33)]
    public void TrainStep_TwoBatchParts_MatchesOnePartOverTheWholeBatch(CellKind kind, int batch)
    {
        // The two-part model (each part its own engine, readout and gradient buffer, part 1's
        // gradient added afterwards) against one part over the whole batch: the same model,
        // summed in another order. Odd batches give parts of unequal size.
        var cell = new CellConfig(kind, V, 24);
        var options = new CharLanguageModelOptions { MaxThreads = 2 };
        var two = new CharLanguageModel(cell, 6, batch, null, options, new Rng(41));
        var one = new CharLanguageModel(
            cell,
            6,
            batch,
            null,
            options with
            {
                SplitBatch = int.MaxValue,
            },
            new Rng(41)
        );
        var (twoTrainer, oneTrainer) = (
            Train(two, new AdamConfig(1e-2)),
            Train(one, new AdamConfig(1e-2))
        );
        var rng = new Rng(42);
        for (int i = 0; i < 3; i++)
        {
            var data = Batch(rng, 6, batch);
            data.Targets[5] = -1; // an ignored row: the mean is over counted targets of both parts
            var a = twoTrainer.TrainStep(data);
            var b = oneTrainer.TrainStep(data);
            Assert.True(
                Math.Abs(a.Loss - b.Loss) <= 1e-5 * Math.Abs(b.Loss),
                $"step {i}: two parts {a.Loss}, one part {b.Loss}"
            );
            Assert.True(
                Math.Abs(a.GradNorm - b.GradNorm) <= 1e-4 * b.GradNorm,
                $"step {i}: gradient norm {a.GradNorm} against {b.GradNorm}"
            );
        }
        EngineTestKit.Close(
            two.Parameters.Values,
            one.Parameters.Values.Select(x => (double)x).ToArray(),
            "parameters after 3 Adam steps",
            1e-4
        );
    }
}
