using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

/// <summary>
/// MatVec against its naive twin, GemmNaive at one row (x·Wᵀ for Rows, a·W for Combine), on
/// every instruction set, both directions.
/// </summary>
public class MatVecTests
{
    /// <summary>
    /// Shapes reaching every branch: 0 and 1; four-row blocks ± 1; widths ± 1 (4, 8, 16 floats);
    /// the 4-, 8- and 16-vector column blocks of Combine (64, 128, 256 floats at 16 wide) and
    /// their tails; the engine's sizes (H = 100, 128, 256 with 1, 3 and 4 gates).
    /// </summary>
    private static readonly (int N, int K)[] Shapes =
    [
        (0, 0),
        (0, 7),
        (5, 0),
        (1, 1),
        (3, 5),
        (4, 16),
        (5, 17),
        (7, 15),
        (8, 33),
        (13, 63),
        (16, 64),
        (9, 129),
        (31, 257),
        (100, 100),
        (128, 128),
        (300, 100),
        (768, 256),
        (1024, 256),
        (33, 511),
    ];

    public static TheoryData<string> Isas()
    {
        var data = new TheoryData<string>();
        foreach (var isa in Simd.Supported)
        {
            data.Add(isa.ToString());
        }
        return data;
    }

    private static float[] Random(Rng rng, int length)
    {
        var a = new float[length];
        rng.FillUniform<float>(a, -1, 1);
        return a;
    }

    /// <summary>Float sums of k terms of size ≤ 1 agree to about k·eps; allow a margin.</summary>
    private static void AssertClose(float[] expected, float[] actual, int terms, string what)
    {
        float tol = 4e-7f * (terms + 4);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tol,
                $"{what}: element {i} is {actual[i]}, naive {expected[i]} (tolerance {tol})"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void Rows_ForcedIsa_MatchesNaiveInBothDirections(string isaName)
    {
        var isa = Enum.Parse<SimdWidth>(isaName);
        foreach (var (n, k) in Shapes)
        {
            var rng = new Rng((ulong)(n * 1009 + k));
            var w = Random(rng, n * k);
            var x = Random(rng, k);
            var start = Random(rng, n);
            foreach (bool accumulate in new[] { false, true })
            {
                var expected = (float[])start.Clone();
                GemmNaive.ABt(1, k, n, x, w, expected, accumulate);
                foreach (bool descending in new[] { false, true })
                {
                    var y = (float[])start.Clone();
                    MatVec.Rows(n, k, w, x, y, accumulate, descending, isa);
                    AssertClose(
                        expected,
                        y,
                        k,
                        $"Rows {isa} n={n} k={k} acc={accumulate} desc={descending}"
                    );
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void Combine_ForcedIsa_MatchesNaiveInBothDirections(string isaName)
    {
        var isa = Enum.Parse<SimdWidth>(isaName);
        foreach (var (n, k) in Shapes)
        {
            var rng = new Rng((ulong)(n * 7919 + k));
            var w = Random(rng, n * k);
            var a = Random(rng, n);
            var start = Random(rng, k);
            foreach (bool accumulate in new[] { false, true })
            {
                var expected = (float[])start.Clone();
                GemmNaive.AB(1, n, k, a, w, expected, accumulate);
                foreach (bool descending in new[] { false, true })
                {
                    var y = (float[])start.Clone();
                    MatVec.Combine(n, k, a, w, y, accumulate, descending, isa);
                    AssertClose(
                        expected,
                        y,
                        n,
                        $"Combine {isa} n={n} k={k} acc={accumulate} desc={descending}"
                    );
                }
            }
        }
    }

    [Fact]
    public void Rows_Descending_GivesIdenticalBits()
    {
        // Each output is one dot product, so the row order must not change a single bit.
        var rng = new Rng(5);
        var w = Random(rng, 1024 * 256);
        var x = Random(rng, 256);
        var up = new float[1024];
        var down = new float[1024];
        MatVec.Rows(1024, 256, w, x, up, accumulate: false);
        MatVec.Rows(1024, 256, w, x, down, accumulate: false, descending: true);
        Assert.Equal(up, down);
    }

    [Fact]
    public void Rows_ShortBuffers_ThrowsNamingTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            MatVec.Rows(4, 3, new float[12], new float[2], new float[4], false)
        );
        Assert.Contains("x.Length ≥ 3", ex.Message);
    }

    [Fact]
    public void Combine_ShortOutput_ThrowsNamingTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            MatVec.Combine(4, 3, new float[4], new float[12], new float[2], false)
        );
        Assert.Contains("y.Length ≥ 3", ex.Message);
    }
}
