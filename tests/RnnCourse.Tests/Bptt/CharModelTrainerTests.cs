// The allocation-free training step: 0 bytes per steady-state step with the fused engine, the
// same loss trajectory as with the reference engine, and a loss that actually falls.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Bptt;

public class CharModelTrainerTests
{
    private const int V = 23;

    public static TheoryData<CellKind, int, CharOptimizer> AllocationCases()
    {
        var d = new TheoryData<CellKind, int, CharOptimizer>();
        foreach (var kind in new[] { CellKind.Elman, CellKind.Lstm, CellKind.Gru, CellKind.Jordan })
        {
            d.Add(kind, 1, CharOptimizer.Adam);
            d.Add(kind, 32, CharOptimizer.Adam); // two-core path (B ≥ 16)
            d.Add(kind, 4, CharOptimizer.Adagrad);
        }
        return d;
    }

    private static (TokenIds Inputs, int[] Targets) Batch(Rng rng, int steps, int batch)
    {
        var ids = new int[steps * batch];
        var targets = new int[steps * batch];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = rng.NextInt(V);
            targets[k] = rng.NextInt(V);
        }
        return (new TokenIds(ids, steps, batch), targets);
    }

    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void Step_SteadyState_AllocatesZeroBytes(
        CellKind kind,
        int batch,
        CharOptimizer optimizer
    )
    {
        var cell = new CellConfig(kind, V, 40);
        var trainer = new CharModelTrainer(
            cell,
            steps: 9,
            batch,
            FusedEngine.Factory,
            new CharTrainerOptions
            {
                Optimizer = optimizer,
                Clip = CharClip.GlobalNorm,
                ClipThreshold = 0.5f,
            },
            new Rng(5)
        );
        var (inputs, targets) = Batch(new Rng(6), 9, batch);
        for (int i = 0; i < 3; i++)
        {
            trainer.Step(inputs, targets); // warm-up: workspaces, GEMM packing buffers, JIT
        }
        float loss = 0;
        long allocated = AllocationProbe.SteadyBytes(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                loss += trainer.Step(inputs, targets);
            }
        });
        Assert.True(float.IsFinite(loss));
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Step_FusedAndReferenceEngines_SameLossTrajectory(CellKind kind)
    {
        var cell = new CellConfig(kind, V, 24);
        var options = new CharTrainerOptions
        {
            Optimizer = CharOptimizer.Adam,
            LearningRate = 1e-2f,
        };
        var fused = new CharModelTrainer(cell, 7, 3, FusedEngine.Factory, options, new Rng(9));
        var reference = new CharModelTrainer(
            cell,
            7,
            3,
            ReferenceEngine<float>.Factory,
            options,
            new Rng(9)
        );
        var rng = new Rng(10);
        for (int i = 0; i < 6; i++)
        {
            var (inputs, targets) = Batch(rng, 7, 3);
            float a = fused.Step(inputs, targets);
            float b = reference.Step(inputs, targets);
            Assert.True(
                Math.Abs(a - b) <= 1e-5f * Math.Abs(b),
                $"step {i}: fused loss {a}, reference {b}"
            );
        }
        EngineTestKit.Close(
            fused.Parameters.Values,
            reference.Parameters.Values.Select(x => (double)x).ToArray(),
            "parameters after 6 Adam steps",
            1e-4
        );
    }

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
        var timed = new CharModelTrainer(
            cell,
            7,
            batch,
            null,
            new CharTrainerOptions { PhaseTimer = timer },
            new Rng(31)
        );
        var plain = new CharModelTrainer(cell, 7, batch, null, null, new Rng(31));
        var (inputs, targets) = Batch(new Rng(32), 7, batch);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(plain.Step(inputs, targets), timed.Step(inputs, targets));
        }
        int[] oneStep = [-1, .. Enumerable.Range(0, CharModelTrainer.PhaseNames.Count)];
        Assert.Equal([.. oneStep, .. oneStep], timer.Phases);
        Assert.Equal(plain.Parameters.Values, timed.Parameters.Values);
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Step_OneOrTwoThreads_SameBytes(CellKind kind)
    {
        // B = 32 runs as two batch parts: on the two cores, or one after the other.
        var cell = new CellConfig(kind, V, 40);
        CharModelTrainer Make(int threads) =>
            new(
                cell,
                20,
                32,
                null,
                new CharTrainerOptions { MaxThreads = threads, LearningRate = 1e-2f },
                new Rng(21)
            );
        var one = Make(1);
        var two = Make(2);
        var rng = new Rng(22);
        for (int i = 0; i < 3; i++)
        {
            var (inputs, targets) = Batch(rng, 20, 32);
            float a = one.Step(inputs, targets);
            float b = two.Step(inputs, targets);
            Assert.Equal(a, b);
        }
        Assert.Equal(one.Parameters.Values, two.Parameters.Values);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 3)] // one batch part
    [InlineData(CellKind.Gru, 17)] // two parts of 8 and 9
    public void Step_ReturnsMeanCrossEntropyOfTheParametersBeforeTheUpdate(CellKind kind, int batch)
    {
        const int T = 5;
        var cell = new CellConfig(kind, V, 12);
        var trainer = new CharModelTrainer(cell, T, batch, null, null, new Rng(51));
        var (inputs, targets) = Batch(new Rng(52), T, batch);
        targets[3] = -1; // not counted: the mean is over the other T·B − 1 rows

        // The same model computed independently in double: the reference engine on a copy of
        // the parameters (same declaration order, so the same flat layout), then z = hs·Whyᵀ + by.
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cell, layout, "rnn.");
        var whySlot = layout.Add("Why", V, cell.StateSize);
        var bySlot = layout.Add("by", V);
        var p = new ParameterSet<double>(layout);
        for (int i = 0; i < p.Count; i++)
        {
            p.Values[i] = trainer.Parameters.Values[i];
        }
        var hs = ReferenceEngine<double>.Factory(cell, slots).Forward(p, inputs).Hs.Data;
        int rows = T * batch,
            s = cell.StateSize;
        var z = new double[rows * V];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < V; k++)
            {
                double sum = p.Value(bySlot)[k];
                for (int j = 0; j < s; j++)
                {
                    sum += p.Value(whySlot)[k * s + j] * hs[r * s + j];
                }
                z[r * V + k] = sum;
            }
        }
        double expected = Activations.SoftmaxCrossEntropy<double>(
            rows,
            V,
            z,
            targets,
            new double[rows * V]
        );

        float loss = trainer.Step(inputs, targets);
        Assert.True(
            Math.Abs(loss - expected) <= 1e-5 * expected,
            $"Step returned {loss}, the mean cross-entropy is {expected}"
        );
    }

    [Theory]
    [InlineData(CellKind.Elman, 17)]
    [InlineData(CellKind.Lstm, 20)]
    [InlineData(CellKind.Gru, 33)]
    public void Step_TwoBatchParts_MatchesOnePartOverTheWholeBatch(CellKind kind, int batch)
    {
        // The two-part step (each part its own engine, readout and gradient buffer, part 1's
        // gradient added afterwards) against one part over the whole batch: the same model,
        // summed in another order. Odd batches give parts of unequal size.
        var cell = new CellConfig(kind, V, 24);
        var options = new CharTrainerOptions { LearningRate = 1e-2f, MaxThreads = 2 };
        var two = new CharModelTrainer(cell, 6, batch, null, options, new Rng(41));
        var one = new CharModelTrainer(
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
        var rng = new Rng(42);
        for (int i = 0; i < 3; i++)
        {
            var (inputs, targets) = Batch(rng, 6, batch);
            targets[5] = -1; // an ignored row: the mean is over counted targets of both parts
            float a = two.Step(inputs, targets);
            float b = one.Step(inputs, targets);
            Assert.True(
                Math.Abs(a - b) <= 1e-5f * Math.Abs(b),
                $"step {i}: two parts {a}, one part {b}"
            );
            Assert.True(
                Math.Abs(two.LastGradNorm - one.LastGradNorm) <= 1e-4f * one.LastGradNorm,
                $"step {i}: gradient norm {two.LastGradNorm} against {one.LastGradNorm}"
            );
        }
        EngineTestKit.Close(
            two.Parameters.Values,
            one.Parameters.Values.Select(x => (double)x).ToArray(),
            "parameters after 3 Adam steps",
            1e-4
        );
    }

    [Theory]
    [InlineData(CellKind.Elman, CharOptimizer.Adagrad, CharClip.Value, 0.1f)]
    [InlineData(CellKind.Lstm, CharOptimizer.Adam, CharClip.GlobalNorm, 1e-2f)]
    [InlineData(CellKind.Gru, CharOptimizer.Sgd, CharClip.None, 1f)]
    public void Step_RepeatedBatch_LossFalls(
        CellKind kind,
        CharOptimizer optimizer,
        CharClip clip,
        float lr
    )
    {
        var cell = new CellConfig(kind, V, 32);
        var trainer = new CharModelTrainer(
            cell,
            10,
            2,
            null,
            new CharTrainerOptions
            {
                Optimizer = optimizer,
                Clip = clip,
                LearningRate = lr,
            },
            new Rng(2)
        );
        var (inputs, targets) = Batch(new Rng(3), 10, 2);
        float first = trainer.Step(inputs, targets);
        float last = first;
        for (int i = 0; i < 150; i++)
        {
            last = trainer.Step(inputs, targets);
        }
        Assert.True(first > 2.5f, $"initial loss {first} should be near ln {V} ≈ 3.1");
        Assert.True(last < 0.5f * first, $"loss went from {first} to {last}");
    }

    [Fact]
    public void Step_TokenOutsideVocabulary_NamesItsPlaceInTheWholeBatch()
    {
        // B = 20 runs as two parts of 10; the bad id sits in the second part.
        var trainer = new CharModelTrainer(
            new CellConfig(CellKind.Elman, V, 8),
            3,
            20,
            null,
            null,
            new Rng(1)
        );
        var (inputs, targets) = Batch(new Rng(2), 3, 20);
        inputs.Ids[1 * 20 + 13] = V + 4;
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(inputs, targets));
        Assert.Contains($"Token id {V + 4} at (t, b) = (1, 13)", e.Message);
        Assert.Contains($"0..{V - 1}", e.Message);
    }

    [Fact]
    public void Step_WrongShape_ThrowsNamingTheShapes()
    {
        var trainer = new CharModelTrainer(
            new CellConfig(CellKind.Gru, V, 8),
            5,
            2,
            null,
            null,
            new Rng(1)
        );
        var (inputs, targets) = Batch(new Rng(1), 4, 2);
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(inputs, targets));
        Assert.Contains("(T, B) = (5, 2)", e.Message);
    }
}
