using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Models;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Models;

/// <summary>One-to-many: a vector in, a sequence out by feeding back the output.</summary>
public class OneToManyGeneratorTests
{
    private const int V = 5;
    private const int Steps = 4;

    /// <summary>Input one-hot(d); output d, d+1, d+2, d+3 (mod 5): a counting sequence started by the vector.</summary>
    private static VectorToSequenceBatch<T> Counting<T>(int[] starts)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var x = Tensor<T>.Zeros(starts.Length, V);
        var ids = new int[Steps * starts.Length];
        for (int b = 0; b < starts.Length; b++)
        {
            x[b, starts[b]] = T.One;
            for (int t = 0; t < Steps; t++)
            {
                ids[t * starts.Length + b] = (starts[b] + t) % V;
            }
        }
        return new VectorToSequenceBatch<T>(x, new TokenIds(ids, Steps, starts.Length));
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void ComputeLossAndGradients_PassesGradientCheck(CellKind kind)
    {
        var model = new OneToManyGenerator<double>(new OneToManyConfig(V, kind, 3, V), new Rng(3));
        var batch = Counting<double>([1, 4]);
        batch.X[0, 2] = 0.5; // a non-one-hot input exercises every column of W_init
        var ids = (int[])batch.Targets.Ids.Clone();
        ids[^1] = -1; // padding after the end
        ModelTestKit.AssertGradientsMatch(
            model,
            batch with
            {
                Targets = new TokenIds(ids, Steps, 2),
            }
        );
    }

    [Fact]
    public void Example_Counting_LossFallsAndGreedyGenerationIsExact()
    {
        var model = new OneToManyGenerator<float>(
            new OneToManyConfig(V, CellKind.Gru, 16, V),
            new Rng(1)
        );
        var batches = Enumerable.Range(0, 4).Select(_ => Counting<float>([0, 1, 2, 3, 4])).ToList();
        var result = ModelTestKit.Train(model, batches, epochs: 40, learningRate: 0.03);
        ModelTestKit.AssertLossFell(result, 0.1);
        var probe = Counting<float>([3, 0]);
        Assert.Equal(probe.Targets.Ids, model.Generate(probe.X, Steps));
    }

    [Fact]
    public void Decoder_ShiftRight_StartsWithTheStartToken()
    {
        var model = new OneToManyGenerator<float>(
            new OneToManyConfig(V, CellKind.Elman, 3, V),
            new Rng(1)
        );
        var shifted = model.Decoder.ShiftRight(new TokenIds([1, 2, 3, 4, 0, 1], 3, 2));
        Assert.Equal([V, V, 1, 2, 3, 4], shifted.Ids);
    }
}
