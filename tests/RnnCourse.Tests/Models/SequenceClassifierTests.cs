using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Models;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Models;

/// <summary>Many-to-one: sequence classification.</summary>
public class SequenceClassifierTests
{
    /// <summary>Sequences of ±1 of length 7; class 1 if there are more +1 than −1 (the state must count).</summary>
    private static List<SequenceClassificationBatch<T>> Majority<T>(
        int batches,
        int size,
        ulong seed
    )
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int steps = 7;
        var rng = new Rng(seed);
        var list = new List<SequenceClassificationBatch<T>>();
        for (int k = 0; k < batches; k++)
        {
            var x = Tensor<T>.Zeros(steps, size, 1);
            var labels = new int[size];
            for (int b = 0; b < size; b++)
            {
                int sum = 0;
                for (int t = 0; t < steps; t++)
                {
                    int v = rng.NextInt(2) * 2 - 1;
                    sum += v;
                    x[t, b, 0] = T.CreateChecked(v);
                }
                labels[b] = sum > 0 ? 1 : 0;
            }
            list.Add(new SequenceClassificationBatch<T>(x, labels));
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
        var config = new SequenceClassifierConfig(new CellConfig(kind, 2, 3), 3);
        var model = new SequenceClassifier<double>(config, new Rng(4));
        var x = Tensor<double>.Zeros(4, 3, 2);
        new Rng(5).FillNormal<double>(x.Span);
        ModelTestKit.AssertGradientsMatch(
            model,
            new SequenceClassificationBatch<double>(x, [0, 2, 1])
        );
    }

    [Fact]
    public void ComputeLossAndGradients_TwoLayerLstm_PassesGradientCheck()
    {
        var config = new SequenceClassifierConfig(new CellConfig(CellKind.Lstm, 2, 3), 2)
        {
            Layers = 2,
        };
        var model = new SequenceClassifier<double>(config, new Rng(4));
        var x = Tensor<double>.Zeros(3, 2, 2);
        new Rng(7).FillNormal<double>(x.Span);
        ModelTestKit.AssertGradientsMatch(
            model,
            new SequenceClassificationBatch<double>(x, [1, 0])
        );
    }

    [Fact]
    public void ComputeLossAndGradients_WithMask_PassesGradientCheckAndIgnoresPadding()
    {
        var config = new SequenceClassifierConfig(new CellConfig(CellKind.Gru, 2, 3), 2);
        var model = new SequenceClassifier<double>(config, new Rng(4));
        var x = Tensor<double>.Zeros(5, 2, 2);
        new Rng(6).FillNormal<double>(x.Span);
        var mask = SequenceMask.FromLengths([5, 3], 5);
        var batch = new SequenceClassificationBatch<double>(x, [1, 0], mask);
        ModelTestKit.AssertGradientsMatch(model, batch);

        // Changing the padded steps of sequence 1 changes nothing.
        double before = model.ComputeLossAndGradients(batch);
        x[4, 1, 0] = 100;
        x[3, 1, 1] = -7;
        Assert.Equal(before, model.ComputeLossAndGradients(batch), 14);
    }

    [Fact]
    public void Example_MajorityVote_LossFalls()
    {
        var config = new SequenceClassifierConfig(new CellConfig(CellKind.Elman, 1, 8), 2);
        var model = new SequenceClassifier<float>(config, new Rng(1));
        var result = ModelTestKit.Train(
            model,
            Majority<float>(8, 32, 11),
            epochs: 40,
            learningRate: 0.02
        );
        ModelTestKit.AssertLossFell(result, 0.4);
        var test = Majority<float>(1, 200, 99)[0];
        double accuracy =
            model.Predict(test.X).Zip(test.Labels).Count(p => p.First == p.Second) / 200.0;
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }
}
