using RnnCourse.Numerics;
using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class BatchingTests
{
    private static int[] Range(int n) => Enumerable.Range(0, n).ToArray();

    [Fact]
    public void Sequential_SmallStream_HandComputedBatches()
    {
        // 13 ids, B = 2 → rows of R = ⌊12/2⌋ = 6: row 0 = 0..5, row 1 = 6..11; T = 4 → steps 4 + 2.
        var batches = Batching.Sequential(Range(13), batchSize: 2, steps: 4);
        Assert.Equal(2, batches.Count);
        Assert.Equal([0, 6, 1, 7, 2, 8, 3, 9], batches[0].Inputs);
        Assert.Equal([1, 7, 2, 8, 3, 9, 4, 10], batches[0].Targets);
        Assert.Equal(2, batches[1].Steps);
        Assert.Equal([4, 10, 5, 11], batches[1].Inputs);
        Assert.Equal([5, 11, 6, 12], batches[1].Targets);
        Assert.Single(Batching.Sequential(Range(13), 2, 4, dropLast: true));
    }

    [Fact]
    public void Sequential_ConsecutiveBatches_ContinueEachRow()
    {
        var ids = new Rng(3).Let(r =>
            Enumerable.Range(0, 1000).Select(_ => r.NextInt(50)).ToArray()
        );
        var batches = Batching.Sequential(ids, batchSize: 7, steps: 9, offset: 5);
        var positions = Enumerable.Range(0, 1000).ToArray();
        var posBatches = Batching.Sequential(positions, 7, 9, offset: 5);
        for (int k = 0; k + 1 < posBatches.Count; k++)
        {
            for (int b = 0; b < 7; b++)
            {
                int last = posBatches[k].Input(posBatches[k].Steps - 1, b);
                Assert.Equal(last + 1, posBatches[k + 1].Input(0, b));
                Assert.Equal(
                    posBatches[k + 1].Input(0, b),
                    posBatches[k].Target(posBatches[k].Steps - 1, b)
                );
            }
        }
        foreach (var batch in batches.Zip(posBatches))
        {
            for (int i = 0; i < batch.First.Inputs.Length; i++)
            {
                Assert.Equal(ids[batch.Second.Inputs[i]], batch.First.Inputs[i]);
                Assert.Equal(ids[batch.Second.Inputs[i] + 1], batch.First.Targets[i]);
            }
        }
    }

    [Fact]
    public void RandomWindows_SameSeed_SameBatch_TargetsShiftedByOne()
    {
        var ids = Range(500);
        var a = Batching.RandomWindows(ids, 8, 10, new Rng(42));
        var b = Batching.RandomWindows(ids, 8, 10, new Rng(42));
        var c = Batching.RandomWindows(ids, 8, 10, new Rng(43));
        Assert.Equal(a.Inputs, b.Inputs);
        Assert.NotEqual(a.Inputs, c.Inputs);
        for (int t = 0; t < 10; t++)
        {
            for (int bb = 0; bb < 8; bb++)
            {
                Assert.Equal(a.Input(t, bb) + 1, a.Target(t, bb));
                if (t > 0)
                {
                    Assert.Equal(a.Input(t - 1, bb) + 1, a.Input(t, bb)); // a window is contiguous
                }
            }
        }
    }

    [Fact]
    public void RandomWindowEpoch_NoInputUsedTwice_Deterministic()
    {
        var ids = Range(1003);
        var epoch = Batching.RandomWindowEpoch(ids, 4, 10, new Rng(7));
        var again = Batching.RandomWindowEpoch(ids, 4, 10, new Rng(7));
        var inputs = epoch.SelectMany(b => b.Inputs).ToList();
        Assert.Equal(inputs.Count, inputs.Distinct().Count());
        Assert.True(inputs.Count >= 1003 - 10 - 4 * 10 - 1);
        Assert.Equal(inputs, again.SelectMany(b => b.Inputs));
    }

    [Fact]
    public void OneHotInputs_Shape_TBV()
    {
        var batch = Batching.Sequential(Range(21), 2, 5)[0];
        var x = batch.OneHotInputs<float>(21);
        Assert.Equal([5, 2, 21], x.Shape.ToArray());
        Assert.Equal(1f, x[1, 1, 11]); // row 1 starts at 10, step 1 → 11
    }

    [Fact]
    public void Sequential_TooFewIds_ThrowsWithFix()
    {
        var e = Assert.Throws<ArgumentException>(() => Batching.Sequential(Range(4), 4, 2));
        Assert.Contains("need at least 5", e.Message);
    }
}

internal static class TestExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}

public class TextSplitTests
{
    [Fact]
    public void Ranges_CoverWithoutOverlap()
    {
        var r = TextSplit.Ranges(1001, 0.8, 0.1);
        Assert.Equal(new SplitRange(0, 800), r.Train);
        Assert.Equal(new SplitRange(800, 100), r.Validation);
        Assert.Equal(new SplitRange(900, 101), r.Test);
    }

    [Fact]
    public void SplitText_CutsAtLineEnds_ConcatenatesBack()
    {
        string text = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"línea {i}")) + "\n";
        var parts = TextSplit.SplitText(text, 0.8, 0.1);
        Assert.Equal(text, parts.Train + parts.Validation + parts.Test);
        Assert.EndsWith("\n", parts.Train);
        Assert.EndsWith("\n", parts.Validation);
        Assert.StartsWith("línea ", parts.Validation);
        Assert.StartsWith("línea ", parts.Test);
        var trainLines = parts.Train.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var validLines = parts.Validation.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Empty(trainLines.Intersect(validLines));
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(0.9, 0.2)]
    [InlineData(0.5, -0.1)]
    public void Ranges_BadFractions_Throw(double train, double validation)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextSplit.Ranges(10, train, validation));
    }
}
