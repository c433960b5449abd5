// The batch parts of CharLanguageModel (CharLanguageModel.Part.cs): one and two threads give the
// same bytes, two parts match one part over the whole batch, and the phase timer sees every phase
// of the caller's part without changing the numbers.
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
    [InlineData(32)] // two batch parts: only the caller's part reports phases 0–4
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
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void TrainStep_OneOrTwoThreads_SameBytes(CellKind kind)
    {
        // B = 32 runs as two batch parts: on the two cores, or one after the other.
        var cell = new CellConfig(kind, V, 40);
        CharLanguageModel Make(int threads) =>
            new(
                cell,
                20,
                32,
                null,
                new CharLanguageModelOptions { MaxThreads = threads },
                new Rng(21)
            );
        var one = Make(1);
        var two = Make(2);
        var (oneTrainer, twoTrainer) = (
            Train(one, new AdamConfig(1e-2)),
            Train(two, new AdamConfig(1e-2))
        );
        var rng = new Rng(22);
        for (int i = 0; i < 3; i++)
        {
            var data = Batch(rng, 20, 32);
            Assert.Equal(oneTrainer.TrainStep(data).Loss, twoTrainer.TrainStep(data).Loss);
        }
        Assert.Equal(one.Parameters.Values, two.Parameters.Values);
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
