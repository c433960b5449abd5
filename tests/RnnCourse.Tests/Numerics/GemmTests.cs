using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

/// <summary>Runs every optimized GEMM variant against its naive twin on a sweep of shapes.</summary>
public class GemmTests
{
    // 0, 1, vector widths ±1 (8 and 16 floats), odd and larger sizes.
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        int[] sizes = [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65];
        var rng = new Rng(7);
        foreach (int m in sizes)
        {
            data.Add(m, sizes[rng.NextInt(sizes.Length)], sizes[rng.NextInt(sizes.Length)]);
        }
        data.Add(1, 65, 512);
        data.Add(32, 130, 257);
        data.Add(100, 1, 100);
        return data;
    }

    private delegate void Kernel(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate
    );

    private static void Compare(
        Kernel fast,
        Kernel naive,
        int m,
        int k,
        int n,
        int aLen,
        int bLen,
        bool accumulate
    )
    {
        var rng = new Rng((ulong)(m * 1000003 + k * 1009 + n));
        var a = new float[aLen];
        var b = new float[bLen];
        var c0 = new float[m * n];
        rng.FillUniform<float>(a, -1, 1);
        rng.FillUniform<float>(b, -1, 1);
        rng.FillUniform<float>(c0, -1, 1);
        var expected = (float[])c0.Clone();
        var actual = (float[])c0.Clone();
        naive(m, k, n, a, b, expected, accumulate);
        fast(m, k, n, a, b, actual, accumulate);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= 1e-5f * (k + 1),
                $"m={m} k={k} n={n} acc={accumulate}: element {i} is {actual[i]}, naive gives {expected[i]}"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AB_RandomShapes_MatchesNaive(int m, int k, int n)
    {
        foreach (bool acc in new[] { false, true })
        {
            Compare(Gemm.AB, GemmNaive.AB, m, k, n, m * k, k * n, acc);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ABt_RandomShapes_MatchesNaive(int m, int k, int n)
    {
        foreach (bool acc in new[] { false, true })
        {
            Compare(Gemm.ABt, GemmNaive.ABt, m, k, n, m * k, n * k, acc);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AtB_RandomShapes_MatchesNaive(int m, int k, int n)
    {
        foreach (bool acc in new[] { false, true })
        {
            Compare(Gemm.AtB, GemmNaive.AtB, m, k, n, k * m, k * n, acc);
        }
    }

    [Fact]
    public void GemmNaive_TwoByTwo_MatchesHandComputation()
    {
        double[] a = [1, 2, 3, 4];
        double[] b = [5, 6, 7, 8];
        var c = new double[4];
        GemmNaive.AB<double>(2, 2, 2, a, b, c);
        Assert.Equal([19.0, 22.0, 43.0, 50.0], c);
        GemmNaive.ABt<double>(2, 2, 2, a, b, c);
        Assert.Equal([17.0, 23.0, 39.0, 53.0], c);
        GemmNaive.AtB<double>(2, 2, 2, a, b, c, accumulate: true);
        Assert.Equal([17.0 + 26, 23.0 + 30, 39.0 + 38, 53.0 + 44], c);
    }

    [Fact]
    public void AB_TooSmallOperand_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.AB(4, 3, 2, new float[12], new float[5], new float[8])
        );
        Assert.Contains("(4, 3)", ex.Message);
        Assert.Contains("(3, 2)", ex.Message);
    }

    [Fact]
    public void MatMul_InnerDimensionMismatch_ThrowsNamingBothShapes()
    {
        var a = Tensor<double>.Zeros(2, 3);
        var b = Tensor<double>.Zeros(4, 5);
        var ex = Assert.Throws<ArgumentException>(() => MatOps.MatMul(a, b));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(4, 5)", ex.Message);
    }

    [Fact]
    public void MatMul_Float_AgreesWithDouble()
    {
        var rng = new Rng(3);
        var a = Tensor<float>.Zeros(5, 7);
        var b = Tensor<float>.Zeros(7, 3);
        rng.FillNormal<float>(a.Span);
        rng.FillNormal<float>(b.Span);
        var cf = MatOps.MatMul(a, b);
        var ad = Tensor<double>.From(a.Data.Select(v => (double)v).ToArray(), 5, 7);
        var bd = Tensor<double>.From(b.Data.Select(v => (double)v).ToArray(), 7, 3);
        var cd = MatOps.MatMul(ad, bd);
        for (int i = 0; i < cf.Length; i++)
        {
            Assert.Equal(cd.Data[i], cf.Data[i], 4);
        }
    }
}
