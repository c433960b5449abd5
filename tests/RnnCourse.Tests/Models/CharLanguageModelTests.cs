// The allocation-free char model driven by the one Trainer: 0 bytes per steady-state
// Trainer.TrainStep with the fused engine, the same loss trajectory as with the reference engine,
// the mean cross-entropy, clear errors, and a loss that actually falls. The batch parts (two
// cores) are tested in CharLanguageModelPartTests.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Models;
using RnnCourse.Numerics;
using RnnCourse.Tests.Bptt;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Tests.Models;

public class CharLanguageModelTests
{
    internal const int V = 23;

    public static TheoryData<CellKind, int, string> AllocationCases()
    {
        var d = new TheoryData<CellKind, int, string>();
        foreach (var kind in new[] { CellKind.Elman, CellKind.Lstm, CellKind.Gru, CellKind.Jordan })
        {
            d.Add(kind, 1, "adam");
            d.Add(kind, 32, "adam"); // two-core path (B ≥ 16)
            d.Add(kind, 4, "adagrad");
        }
        return d;
    }

    internal static TokenBatch Batch(Rng rng, int steps, int batch)
    {
        var ids = new int[steps * batch];
        var targets = new int[steps * batch];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = rng.NextInt(V);
            targets[k] = rng.NextInt(V);
        }
        return new TokenBatch(ids, targets, steps, batch);
    }

    /// <summary>The one Trainer over <paramref name="model"/>, keeping no history (so a step allocates nothing).</summary>
    internal static Trainer<float, TokenBatch> Train(
        CharLanguageModel model,
        OptimizerConfig? optimizer = null,
        double? clipNorm = 5,
        double? clipValue = null
    ) =>
        Trainer.Create(
            model,
            (optimizer ?? new AdamConfig(2e-3)).Create(model.Parameters),
            new TrainerConfig(ClipNorm: clipNorm, ClipValue: clipValue, KeepHistory: false)
        );

    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void TrainerTrainStep_SteadyState_AllocatesZeroBytes(
        CellKind kind,
        int batch,
        string optimizer
    )
    {
        var cell = new CellConfig(kind, V, 40);
        var model = new CharLanguageModel(
            cell,
            steps: 9,
            batch,
            FusedEngine.Factory,
            null,
            new Rng(5)
        );
        var trainer = Train(
            model,
            optimizer == "adam" ? new AdamConfig(2e-3) : new AdagradConfig(0.1),
            clipNorm: 0.5
        );
        var data = Batch(new Rng(6), 9, batch);
        for (int i = 0; i < 3; i++)
        {
            trainer.TrainStep(data); // warm-up: workspaces, GEMM packing buffers, JIT
        }
        double loss = 0;
        long allocated = AllocationProbe.SteadyBytes(() =>
        {
            for (int i = 0; i < 5; i++)
            {
                loss += trainer.TrainStep(data).Loss;
            }
        });
        Assert.True(double.IsFinite(loss));
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void TrainStep_FusedAndReferenceEngines_SameLossTrajectory(CellKind kind)
    {
        var cell = new CellConfig(kind, V, 24);
        var fused = new CharLanguageModel(cell, 7, 3, FusedEngine.Factory, null, new Rng(9));
        var reference = new CharLanguageModel(
            cell,
            7,
            3,
            ReferenceEngine<float>.Factory,
            null,
            new Rng(9)
        );
        var fusedTrainer = Train(fused, new AdamConfig(1e-2));
        var referenceTrainer = Train(reference, new AdamConfig(1e-2));
        var rng = new Rng(10);
        for (int i = 0; i < 6; i++)
        {
            var data = Batch(rng, 7, 3);
            double a = fusedTrainer.TrainStep(data).Loss;
            double b = referenceTrainer.TrainStep(data).Loss;
            Assert.True(
                Math.Abs(a - b) <= 1e-5 * Math.Abs(b),
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

    [Theory]
    [InlineData(CellKind.Lstm, 3)] // one batch part
    [InlineData(CellKind.Gru, 17)] // two parts of 8 and 9
    public void ComputeLossAndGradients_ReturnsMeanCrossEntropy(CellKind kind, int batch)
    {
        const int T = 5;
        var cell = new CellConfig(kind, V, 12);
        var model = new CharLanguageModel(cell, T, batch, null, null, new Rng(51));
        var data = Batch(new Rng(52), T, batch);
        data.Targets[3] = -1; // not counted: the mean is over the other T·B − 1 rows

        // The same model computed independently in double: the reference engine on a copy of
        // the parameters (same declaration order, so the same flat layout), then z = hs·Whyᵀ + by.
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cell, layout, "rnn.");
        var whySlot = layout.Add("Why", V, cell.StateSize);
        var bySlot = layout.Add("by", V);
        var p = new ParameterSet<double>(layout);
        for (int i = 0; i < p.Count; i++)
        {
            p.Values[i] = model.Parameters.Values[i];
        }
        var inputs = new TokenIds(data.Inputs, T, batch);
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
            data.Targets,
            new double[rows * V]
        );

        float loss = model.ComputeLossAndGradients(data);
        Assert.True(
            Math.Abs(loss - expected) <= 1e-5 * expected,
            $"ComputeLossAndGradients returned {loss}, the mean cross-entropy is {expected}"
        );
    }

    public static TheoryData<CellKind, OptimizerConfig, double?, double?> LearningCases() =>
        new()
        {
            { CellKind.Elman, new AdagradConfig(0.1), null, 5.0 },
            { CellKind.Lstm, new AdamConfig(1e-2), 5.0, null },
            { CellKind.Gru, new SgdConfig(1), null, null },
        };

    [Theory]
    [MemberData(nameof(LearningCases))]
    public void TrainStep_RepeatedBatch_LossFalls(
        CellKind kind,
        OptimizerConfig optimizer,
        double? clipNorm,
        double? clipValue
    )
    {
        var model = new CharLanguageModel(
            new CellConfig(kind, V, 32),
            10,
            2,
            null,
            null,
            new Rng(2)
        );
        var trainer = Train(model, optimizer, clipNorm, clipValue);
        var data = Batch(new Rng(3), 10, 2);
        double first = trainer.TrainStep(data).Loss;
        double last = first;
        for (int i = 0; i < 150; i++)
        {
            last = trainer.TrainStep(data).Loss;
        }
        Assert.True(first > 2.5, $"initial loss {first} should be near ln {V} ≈ 3.1");
        Assert.True(last < 0.5 * first, $"loss went from {first} to {last}");
    }

    [Fact]
    public void ComputeLossAndGradients_TokenOutsideVocabulary_NamesItsPlaceInTheWholeBatch()
    {
        // B = 20 runs as two parts of 10; the bad id sits in the second part.
        var model = new CharLanguageModel(
            new CellConfig(CellKind.Elman, V, 8),
            3,
            20,
            null,
            null,
            new Rng(1)
        );
        var data = Batch(new Rng(2), 3, 20);
        data.Inputs[1 * 20 + 13] = V + 4;
        var e = Assert.Throws<ArgumentException>(() => model.ComputeLossAndGradients(data));
        Assert.Contains($"Token id {V + 4} at (t, b) = (1, 13)", e.Message);
        Assert.Contains($"0..{V - 1}", e.Message);
    }

    [Fact]
    public void ComputeLossAndGradients_WrongShape_ThrowsNamingTheShapes()
    {
        var model = new CharLanguageModel(
            new CellConfig(CellKind.Gru, V, 8),
            5,
            2,
            null,
            null,
            new Rng(1)
        );
        var e = Assert.Throws<ArgumentException>(() =>
            model.ComputeLossAndGradients(Batch(new Rng(1), 4, 2))
        );
        Assert.Contains("(T, B) = (5, 2)", e.Message);
    }
}
