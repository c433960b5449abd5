using RnnCourse.Cells;
using RnnCourse.Models;
using RnnCourse.Numerics;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Tests.Models;

/// <summary>
/// The language model of notebook 05: its three scoring paths (stream, windows, one token at a
/// time through ILanguageModel) must agree, the carried state must be the previous batch's final
/// state, the gradients must match finite differences, and the Trainer must teach it a tiny text.
/// </summary>
public class RecurrentLanguageModelTests
{
    private const string Text =
        "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un hidalgo";

    private static (TextCodec Codec, int[] Ids) Encode()
    {
        var codec = TextCodec.ForCharacters(Text);
        return (codec, codec.Encode(Text));
    }

    private static RecurrentLanguageModel Model(
        int v,
        int h = 12,
        CellKind kind = CellKind.Lstm,
        ulong seed = 3
    ) => new(new CellConfig(kind, v, h), new Rng(seed), maxThreads: 1);

    /// <summary>The one Trainer with Adam 1e-2 and global-norm clipping at 5.</summary>
    private static Trainer<float, TokenBatch> Train(RecurrentLanguageModel model, int epochs = 1) =>
        Trainer.Create(
            model,
            new AdamConfig(1e-2).Create(model.Parameters),
            new TrainerConfig(Epochs: epochs, Shuffle: false)
        );

    // −(1/N) Σ ln p(next | prefix) by feeding tokens one at a time from a zero state.
    private static double ObserveLoss(
        ILanguageModel m,
        ReadOnlySpan<int> inputs,
        ReadOnlySpan<int> targets
    )
    {
        var logits = new float[m.VocabularySize];
        var scratch = new float[m.VocabularySize];
        m.Reset();
        double nats = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            m.Observe(inputs[t], logits);
            nats -= LanguageModelEvaluation.LogSoftmaxAt(logits, targets[t], scratch);
        }
        return nats / inputs.Length;
    }

    [Fact]
    public void EvaluateStream_OneRow_MatchesTokenByTokenEvaluation()
    {
        var (codec, ids) = Encode();
        var model = Model(codec.VocabularySize);
        // Chunks of 7 steps with the state carried must equal reading the whole text in one go.
        var stream = model.EvaluateStream(ids, batch: 1, steps: 7);
        var reference = LanguageModelEvaluation.Evaluate(model, ids);
        Assert.Equal(reference.Predictions, stream.Predictions);
        Assert.Equal(reference.TotalNats, stream.TotalNats, 1e-3);
    }

    [Fact]
    public void EvaluateStream_WithoutCarry_EqualsChunksFromZero()
    {
        var (codec, ids) = Encode();
        var model = Model(codec.VocabularySize);
        var reset = model.EvaluateStream(ids, batch: 1, steps: 10, carryState: false);
        double expected = 0;
        foreach (var b in Batching.Sequential(ids, 1, 10))
        {
            expected += ObserveLoss(model, b.Inputs, b.Targets) * b.Steps;
        }
        Assert.Equal(expected, reset.TotalNats, 1e-3);
        var carried = model.EvaluateStream(ids, batch: 1, steps: 10);
        Assert.NotEqual(carried.TotalNats, reset.TotalNats, 1e-3);
    }

    [Fact]
    public void WindowLosses_EachWindowFromZero_MatchesObserve()
    {
        var (codec, ids) = Encode();
        var model = Model(codec.VocabularySize, kind: CellKind.Gru);
        var data = NGramWindows.Create(ids, 5);
        var losses = model.WindowLosses(data, batch: 16); // several batches, a partial last one
        Assert.Equal(data.Count, losses.Length);
        var logits = new float[codec.VocabularySize];
        var scratch = new float[codec.VocabularySize];
        foreach (int i in new[] { 0, 17, data.Count - 1 })
        {
            model.Reset();
            foreach (int id in data.Input(i))
            {
                model.Observe(id, logits);
            }
            double expected = -LanguageModelEvaluation.LogSoftmaxAt(
                logits,
                data.Targets[i],
                scratch
            );
            Assert.Equal(expected, losses[i], 1e-4);
        }
    }

    [Fact]
    public void WindowBatch_ShiftedTargets_EndWithTheLabel()
    {
        int[] ids = [10, 11, 12, 13, 14, 15];
        var data = NGramWindows.Create(ids, 3); // (10 11 12 → 13), (11 12 13 → 14), (12 13 14 → 15)
        var batch = RecurrentLanguageModel.WindowBatch(data, [2, 0]);
        Assert.Equal((3, 2), (batch.Steps, batch.Batch));
        Assert.Equal([12, 10, 13, 11, 14, 12], batch.Inputs);
        Assert.Equal([13, 11, 14, 12, 15, 13], batch.Targets);
        var last = RecurrentLanguageModel.WindowBatch(data, [1], lastStepOnly: true);
        Assert.Equal([-1, -1, 14], last.Targets);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RecurrentLanguageModel.WindowBatch(data, [3])
        );
    }

    [Fact]
    public void ComputeLossAndGradients_Loss_EqualsObservedLoss()
    {
        var (codec, ids) = Encode();
        var model = Model(codec.VocabularySize);
        var batch = Batching.Sequential(ids, 1, 20)[0];
        double expected = ObserveLoss(model, batch.Inputs, batch.Targets);
        Assert.Equal(expected, model.ComputeLossAndGradients(batch), 1e-4);
    }

    [Fact]
    public void TrainStep_CarryState_StartsFromPreviousFinalState()
    {
        var (codec, ids) = Encode();
        var batches = Batching.Sequential(ids, 2, 8);
        double Second(bool carry, bool reset)
        {
            var m = Model(codec.VocabularySize);
            m.CarryState = carry;
            var trainer = Train(m);
            trainer.TrainStep(batches[0]);
            if (reset)
            {
                m.ResetState();
            }
            return trainer.TrainStep(batches[1]).Loss;
        }
        double noCarry = Second(carry: false, reset: false);
        Assert.Equal(noCarry, Second(carry: true, reset: true)); // ResetState = start from zero
        Assert.NotEqual(noCarry, Second(carry: true, reset: false), 1e-4);
    }

    [Fact]
    public void ComputeLossAndGradients_Gradients_MatchFiniteDifferences()
    {
        var (codec, ids) = Encode();
        var model = Model(codec.VocabularySize, h: 6, kind: CellKind.Elman);
        var batch = Batching.Sequential(ids, 1, 12)[0];
        var p = model.Parameters;
        p.ZeroGrad();
        model.ComputeLossAndGradients(batch); // gradients of the loss at the initial parameters
        var grads = (float[])p.Grads.Clone();
        var rng = new Rng(9);
        string[] names = ["Why", "by", "rnn.Wxh", "rnn.Whh"];
        foreach (string name in names)
        {
            var slot = p.Layout.Slots.First(s => s.Name.EndsWith(name, StringComparison.Ordinal));
            for (int k = 0; k < 3; k++)
            {
                int i = slot.Offset + rng.NextInt(slot.Length);
                const float eps = 1e-2f;
                float x = p.Values[i];
                p.Values[i] = x + eps;
                double up = ObserveLoss(model, batch.Inputs, batch.Targets);
                p.Values[i] = x - eps;
                double down = ObserveLoss(model, batch.Inputs, batch.Targets);
                p.Values[i] = x;
                double numeric = (up - down) / (2 * eps);
                Assert.True(
                    Math.Abs(numeric - grads[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                    $"{slot.Name}[{i - slot.Offset}]: analytic {grads[i]}, numeric {numeric}"
                );
            }
        }
    }

    [Fact]
    public void Fit_TinyText_LearnsToRecite()
    {
        // Fit resets the carried state at every epoch start (IStatefulModel); in between, each
        // batch continues the previous one.
        var (codec, ids) = Encode();
        var model = Model(codec.VocabularySize, h: 48);
        var batches = Batching.Sequential(ids, 1, 25, dropLast: true);
        var result = Train(model, epochs: 150).Fit(batches);
        Assert.Equal(StopReason.Completed, result.Reason);
        double first = result.Steps[0].Loss,
            last = result.Steps[^1].Loss;
        Assert.True(last < 0.1 * first, $"loss {first} → {last}");
        var prime = codec.Encode("En un lugar");
        var generated = TextGenerator.Generate(
            model,
            prime,
            12,
            SamplingOptions.ArgMax,
            new Rng(1)
        );
        Assert.Equal(" de la Manch", codec.Decode(generated));
    }

    [Fact]
    public void HiddenStates_ShapeTAndH_CausalPrefix()
    {
        var (codec, ids) = Encode();
        var model = Model(codec.VocabularySize);
        var all = model.HiddenStates(ids.AsSpan(0, 10));
        Assert.Equal([10, 12], all.Shape.ToArray());
        var prefix = model.HiddenStates(ids.AsSpan(0, 4));
        for (int i = 0; i < 4 * 12; i++)
        {
            Assert.Equal(prefix.Data[i], all.Data[i], 1e-5f); // h_t depends only on x_≤t
        }
    }

    [Fact]
    public void BadInputs_ClearErrors()
    {
        var model = Model(5);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.Observe(5, new float[5]));
        Assert.Contains("V = 5", ex.Message);
        Assert.Throws<ArgumentException>(() => model.Observe(1, new float[4]));
        Assert.Throws<ArgumentException>(() =>
            new RecurrentLanguageModel(new CellConfig(CellKind.Jordan, 5, 4), new Rng(1))
        );
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RecurrentLanguageModel(new CellConfig(CellKind.Lstm, 5, 4), new Rng(1), 0)
        );
    }
}
