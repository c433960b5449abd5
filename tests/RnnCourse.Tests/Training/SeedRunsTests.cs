using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

public class SeedRunsTests
{
    private static readonly ulong[] Seeds = [1, 2, 3, 4, 5];

    // A run whose result depends on the seed and takes a moment, so parallel runs finish out of order.
    private static double Draw(ulong seed, int extra = 0)
    {
        Thread.Sleep((int)(6 - seed) * 3);
        return new Rng(seed).NextDouble() + extra;
    }

    [Fact]
    public void Run_Seeds_ResultsInSeedOrderWhateverFinishesFirst()
    {
        var parallel = SeedRuns.Run(Seeds, seed => Draw(seed));
        Assert.Equal(Seeds.Select(s => Draw(s)), parallel);
    }

    [Fact]
    public void Run_OneAtATimeOrOnePerCore_SameResults()
    {
        var configs = new[] { 10, 20, 30 };
        var one = SeedRuns.Run(configs, Seeds, (c, s) => Draw(s, c), maxParallel: 1);
        var many = SeedRuns.Run(configs, Seeds, (c, s) => Draw(s, c));
        Assert.Equal(one, many);
        Assert.Equal(Draw(4, 20), many[1][3]);
    }

    [Fact]
    public void Run_RowsColumnsSeeds_IndexedRowColumnSeed()
    {
        var result = SeedRuns.Run(
            new[] { "a", "b" },
            new[] { 10, 20, 30 },
            new ulong[] { 7, 8 },
            (r, c, s) => $"{r}{c}:{s}"
        );
        Assert.Equal(2, result.Length);
        Assert.All(result, row => Assert.Equal(3, row.Length));
        Assert.Equal("a10:7", result[0][0][0]);
        Assert.Equal("b30:8", result[1][2][1]);
        Assert.Equal("b20:7", result[1][1][0]);
    }

    [Fact]
    public void Run_RunThrows_ErrorNamesConfigurationAndSeedAndKeepsTheCause()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            SeedRuns.Run(
                new[] { "elman", "lstm" },
                Seeds,
                (c, s) =>
                    c == "lstm" && s == 3 ? throw new ArithmeticException("loss is NaN") : 0.0,
                maxParallel: 1
            )
        );
        Assert.Contains("configuration lstm, seed 3", e.Message);
        Assert.Contains("loss is NaN", e.Message);
        Assert.IsType<ArithmeticException>(e.InnerException);
    }

    [Fact]
    public void Run_FirstRunThrowsOneAtATime_LaterRunsNotStarted()
    {
        int started = 0;
        Assert.Throws<InvalidOperationException>(() =>
            SeedRuns.Run(
                Seeds,
                s =>
                {
                    Interlocked.Increment(ref started);
                    return s == 1 ? throw new InvalidDataException("bad") : s;
                },
                maxParallel: 1
            )
        );
        Assert.Equal(1, started);
    }

    [Fact]
    public void Run_SeedsOnlyRunThrows_ErrorNamesTheSeed()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            SeedRuns.Run(Seeds, s => s == 2 ? throw new InvalidDataException("bad") : s)
        );
        Assert.StartsWith("The run for seed 2 failed: bad", e.Message);
    }

    [Theory]
    [InlineData(new ulong[0], "No seeds")]
    [InlineData(new ulong[] { 1, 2, 1 }, "Seed 1 is given twice")]
    public void Run_BadSeeds_ThrowsNamingTheProblem(ulong[] seeds, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => SeedRuns.Run(seeds, s => s));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Run_NoConfigurationsOrZeroParallel_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            SeedRuns.Run(Array.Empty<int>(), Seeds, (c, s) => c)
        );
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedRuns.Run(Seeds, s => s, 0));
    }

    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 4.0 }, 4.0)]
    [InlineData(new[] { 0.27, 0.73, 0.29, 0.28, 0.73 }, 0.29)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 1.0, 1.0, 100.0 }, 1.0)]
    public void Median_Values_MiddleOfTheSorted(double[] values, double expected) =>
        Assert.Equal(expected, SeedRuns.Median(values));

    [Fact]
    public void Median_LeavesTheInputUnsorted()
    {
        double[] values = [3, 1, 2];
        SeedRuns.Median(values);
        Assert.Equal([3.0, 1, 2], values);
    }

    [Fact]
    public void Median_EmptyOrNaN_ThrowsNamingTheProblem()
    {
        Assert.Contains(
            "No values",
            Assert.Throws<ArgumentException>(() => SeedRuns.Median([])).Message
        );
        var e = Assert.Throws<ArgumentException>(() => SeedRuns.Median([1, double.NaN]));
        Assert.Contains("Value 1 is NaN", e.Message);
    }

    [Fact]
    public void MedianCurve_Curves_MedianAtEveryStep()
    {
        double[][] curves =
        [
            [1, 10, 5],
            [2, 30, 4],
            [9, 20, 6],
        ];
        Assert.Equal([2.0, 20, 5], SeedRuns.MedianCurve(curves));
    }

    [Fact]
    public void MedianCurve_DifferentLengths_ThrowsNamingTheCurve()
    {
        double[][] curves =
        [
            [1, 2],
            [1, 2],
            [1],
        ];
        var e = Assert.Throws<ArgumentException>(() => SeedRuns.MedianCurve(curves));
        Assert.Contains("Curve 2 has 1 points but curve 0 has 2", e.Message);
    }
}
