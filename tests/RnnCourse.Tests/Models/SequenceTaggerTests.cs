using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Models;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Models;

/// <summary>Many-to-many aligned: tagging each step.</summary>
public class SequenceTaggerTests
{
    /// <summary>Delayed echo: the tag of step t is the token of step t − 1 (no tag at t = 0). Needs one step of memory.</summary>
    private static List<TaggingBatch> Echo(
        int batches,
        int size,
        int steps,
        int vocabulary,
        ulong seed
    )
    {
        var rng = new Rng(seed);
        var list = new List<TaggingBatch>();
        for (int k = 0; k < batches; k++)
        {
            var ids = new int[steps * size];
            var tags = new int[steps * size];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = rng.NextInt(vocabulary);
                tags[i] = i < size ? -1 : ids[i - size];
            }
            list.Add(new TaggingBatch(new TokenIds(ids, steps, size), tags));
        }
        return list;
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void ComputeLossAndGradients_PassesGradientCheck(CellKind kind)
    {
        var model = new SequenceTagger<double>(
            new SequenceTaggerConfig(new CellConfig(kind, 4, 3), 3),
            new Rng(2)
        );
        var inputs = new TokenIds([0, 3, 1, 2, 2, 0, 3, 1], 4, 2);
        ModelTestKit.AssertGradientsMatch(
            model,
            new TaggingBatch(inputs, [0, 1, 2, -1, 1, 1, 0, 2])
        );
    }

    [Theory]
    [InlineData(BidirectionalMerge.Concat)]
    [InlineData(BidirectionalMerge.Sum)]
    public void ComputeLossAndGradients_StackedBidirectional_PassesGradientCheck(
        BidirectionalMerge merge
    )
    {
        var config = new SequenceTaggerConfig(new CellConfig(CellKind.Gru, 4, 3), 3)
        {
            Layers = 2,
            Stack = new StackOptions { Bidirectional = merge },
        };
        var model = new SequenceTagger<double>(config, new Rng(2));
        var inputs = new TokenIds([0, 3, 1, 2, 2, 0], 3, 2);
        var mask = SequenceMask.FromLengths([3, 2], 3);
        ModelTestKit.AssertGradientsMatch(
            model,
            new TaggingBatch(inputs, [0, 1, 2, 2, 1, -1], mask)
        );
    }

    [Fact]
    public void ComputeLossAndGradients_MaskedStepsDoNotCount()
    {
        var model = new SequenceTagger<double>(
            new SequenceTaggerConfig(new CellConfig(CellKind.Lstm, 4, 3), 3),
            new Rng(2)
        );
        var inputs = new TokenIds([0, 3, 1, 2, 2, 0], 3, 2);
        var mask = SequenceMask.FromLengths([3, 1], 3);
        var batch = new TaggingBatch(inputs, [0, 1, 2, 2, 1, 0], mask);
        ModelTestKit.AssertGradientsMatch(model, batch);
        double loss = model.ComputeLossAndGradients(batch);
        // Different tags at masked positions (t ≥ 1 of sequence 1): same loss.
        Assert.Equal(
            loss,
            model.ComputeLossAndGradients(batch with { Tags = [0, 1, 2, 0, 1, 1] }),
            14
        );
    }

    [Fact]
    public void Example_DelayedEcho_LossFallsAndTagsAreRight()
    {
        var model = new SequenceTagger<float>(
            new SequenceTaggerConfig(new CellConfig(CellKind.Gru, 4, 12), 4),
            new Rng(1)
        );
        var result = ModelTestKit.Train(
            model,
            Echo(8, 16, 8, 4, 3),
            epochs: 30,
            learningRate: 0.03
        );
        ModelTestKit.AssertLossFell(result, 0.2);
        var test = Echo(1, 50, 8, 4, 42)[0];
        var predicted = model.Predict(test.Inputs);
        int counted = test.Tags.Count(t => t >= 0);
        int right = predicted.Zip(test.Tags).Count(p => p.Second >= 0 && p.First == p.Second);
        Assert.True(right > 0.95 * counted, $"{right}/{counted} tags right");
    }

    [Fact]
    public void ComputeLossAndGradients_TagsOfWrongLength_ThrowsNamingBoth()
    {
        var model = new SequenceTagger<float>(
            new SequenceTaggerConfig(new CellConfig(CellKind.Elman, 4, 3), 3),
            new Rng(2)
        );
        var ex = Assert.Throws<ArgumentException>(() =>
            model.ComputeLossAndGradients(
                new TaggingBatch(new TokenIds([0, 1, 2, 3], 2, 2), [0, 1, 2])
            )
        );
        Assert.Contains("Tags", ex.Message);
    }

    [Fact]
    public void Stateful_CarriesStateAcrossBatches_ResetAndPredictDoNotDisturbIt()
    {
        var config = new SequenceTaggerConfig(new CellConfig(CellKind.Lstm, 4, 5), 4);
        var model = new SequenceTagger<double>(config, new Rng(2));
        var batches = Echo(2, 3, 4, 4, 8);
        double fresh = model.ComputeLossAndGradients(batches[1]);

        model.Stateful = true;
        model.ComputeLossAndGradients(batches[0]);
        model.Predict(batches[0].Inputs); // evaluation must neither use nor move the carried state
        double carried = model.ComputeLossAndGradients(batches[1]);
        Assert.NotEqual(fresh, carried, 6);

        model.ResetState();
        model.ComputeLossAndGradients(batches[0]);
        Assert.Equal(carried, model.ComputeLossAndGradients(batches[1]), 14);
        model.ResetState();
        Assert.Equal(fresh, model.ComputeLossAndGradients(batches[1]), 14);
    }

    [Fact]
    public void Constructor_BatchFirst_RefusesNamingPyTorchsOption()
    {
        var config = new SequenceTaggerConfig(new CellConfig(CellKind.Gru, 4, 3), 4)
        {
            Stack = new StackOptions { BatchFirst = true },
        };
        var ex = Assert.Throws<ArgumentException>(() =>
            new SequenceTagger<double>(config, new Rng(1))
        );
        Assert.Contains(
            "StackOptions.BatchFirst (PyTorch batch_first) does not apply to SequenceTagger",
            ex.Message
        );
    }

    [Fact]
    public void LoadStateDict_OwnStateDict_RestoresEveryParameter()
    {
        var config = new SequenceTaggerConfig(new CellConfig(CellKind.Lstm, 4, 3), 4)
        {
            Layers = 2,
        };
        var model = new SequenceTagger<double>(config, new Rng(1));
        var copy = new SequenceTagger<double>(config, new Rng(2));
        Assert.NotEqual(model.Parameters.Values, copy.Parameters.Values);
        copy.LoadStateDict(model.ToStateDict(RnnCourse.Interop.SafeTensorType.F64));
        Assert.Equal(model.Parameters.Values, copy.Parameters.Values);
        Assert.Contains("head.weight", model.ToStateDict().Keys);
    }
}
