using RnnCourse.Models;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Models;

/// <summary>One-to-one: the no-recurrence baseline.</summary>
public class MlpClassifierTests
{
    /// <summary>Points in [−1, 1]², class 1 inside the circle of radius 0.7: not linearly separable.</summary>
    private static List<ClassificationBatch<T>> Disc<T>(int batches, int size, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var list = new List<ClassificationBatch<T>>();
        for (int k = 0; k < batches; k++)
        {
            var x = Tensor<T>.Zeros(size, 2);
            var labels = new int[size];
            for (int i = 0; i < size; i++)
            {
                double a = rng.Uniform(-1, 1),
                    b = rng.Uniform(-1, 1);
                x[i, 0] = T.CreateChecked(a);
                x[i, 1] = T.CreateChecked(b);
                labels[i] = a * a + b * b < 0.49 ? 1 : 0;
            }
            list.Add(new ClassificationBatch<T>(x, labels));
        }
        return list;
    }

    [Fact]
    public void ComputeLossAndGradients_PassesGradientCheck()
    {
        var model = new MlpClassifier<double>(new MlpConfig(2, 5, 3), new Rng(1));
        var batch = Disc<double>(1, 4, 2)[0] with { Labels = [0, 2, 1, 1] };
        ModelTestKit.AssertGradientsMatch(model, batch);
    }

    [Fact]
    public void Example_TrainsOnTheDisc_LossFallsAndAccuracyIsHigh()
    {
        var model = new MlpClassifier<float>(new MlpConfig(2, 16, 2), new Rng(1));
        var result = ModelTestKit.Train(
            model,
            Disc<float>(10, 32, 5),
            epochs: 60,
            learningRate: 0.03
        );
        ModelTestKit.AssertLossFell(result, 0.5);
        var test = Disc<float>(1, 400, 77)[0];
        double accuracy =
            model.Predict(test.X).Zip(test.Labels).Count(p => p.First == p.Second) / 400.0;
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }

    [Fact]
    public void Forward_WrongInputWidth_ThrowsNamingShapes()
    {
        var model = new MlpClassifier<float>(new MlpConfig(2, 4, 2), new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(Tensor<float>.Zeros(3, 5)));
        Assert.Contains("(3, 5)", ex.Message);
        Assert.Contains("(B, 2)", ex.Message);
    }
}
