using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

/// <summary>Runs every optimized GEMM variant against its naive twin on a sweep of shapes.</summary>
public class GemmTests
{
    public enum Variant
    {
        AB,
        ABt,
        AtB,
    }

    // One pair for the two-thread tests; disposed with the process (background thread).
    /// <summary>One thread (null) and pools of 2, 3 and 4: the bytes must not depend on the count.</summary>
    private static readonly WorkerPool?[] Pools =
    [
        null,
        new WorkerPool(2),
        new WorkerPool(3),
        new WorkerPool(4),
    ];

    /// <summary>
    /// Shapes that reach every branch: 0 and 1, vector widths ±1 (4, 8, 16 floats), the
    /// micro-tiles (MR = 6 or 8 rows, NR = 2 vectors), the small-m path (m ≤ 4), the cache blocks
    /// (MC = 128 rows, 126 for 6-row tiles, KC = 384 steps) plus one, B read in place or packed, and random odd sizes.
    /// </summary>
    private static List<(int M, int K, int N)> SweepShapes()
    {
        var shapes = new List<(int, int, int)>
        {
            (0, 0, 0),
            (0, 5, 3),
            (3, 0, 5),
            (3, 5, 0),
            (1, 1, 1),
            (1, 300, 130),
            (2, 17, 3),
            (3, 33, 65),
            (4, 70, 67),
            (4, 16, 64),
            (5, 33, 65),
            (7, 9, 31),
            (8, 8, 32),
            (9, 15, 33),
            (16, 16, 16),
            (17, 17, 17),
            (31, 3, 47),
            (129, 385, 97), // MC + 1 rows, KC + 1 steps (two k blocks of 200 and 185)
            (127, 30, 50), // one 6-row MC block (126) plus one row
            (13, 40, 33), // two 6-row tiles and an edge row
            (130, 300, 260),
            (300, 20, 40),
            (20, 5, 200), // 6-row tiles end on two 4-row tiles (m mod 6 = 2), with an edge panel
            (32, 50, 40), // the same with full panels at every width
            (134, 30, 37), // a second MC block of 8 rows: two 4-row tiles only
            (40, 400, 70), // B read in place (m ≤ MC) over two k blocks, plus an edge panel
            (9, 20, 1024), // m ≤ MC but rows 4 KB apart: B packed, not read in place
            (34, 400, 512), // rows 2 KB apart, m ≥ 32: packed below 512 bits, in place at 512; two k blocks
            (20, 700, 33), // Aᵀ·B with k ≥ SplitKMin: summed as two halves of k
            (9, 1031, 70), // the same with an odd k
        };
        int[] sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 65];
        var rng = new Rng(11);
        for (int t = 0; t < 12; t++)
        {
            shapes.Add(
                (
                    sizes[rng.NextInt(sizes.Length)],
                    sizes[rng.NextInt(sizes.Length)],
                    sizes[rng.NextInt(sizes.Length)]
                )
            );
        }
        return shapes;
    }

    /// <summary>Every instruction set of this machine × both tile heights × every variant.</summary>
    public static TheoryData<string, int, Variant> IsaVariants()
    {
        var data = new TheoryData<string, int, Variant>();
        foreach (var isa in Simd.Supported)
        {
            foreach (int rows in new[] { 8, 6 })
            {
                foreach (var v in Enum.GetValues<Variant>())
                {
                    data.Add(isa.ToString(), rows, v);
                }
            }
        }
        return data;
    }

    private static void RunForced(
        Variant v,
        SimdWidth isa,
        int tileRows,
        int m,
        int k,
        int n,
        float[] a,
        float[] b,
        float[] c,
        bool accumulate,
        WorkerPool? workers
    )
    {
        switch (v)
        {
            case Variant.AB:
                Gemm.Product(GemmOp.AB, m, k, n, a, b, c, accumulate, workers, isa, 0, tileRows);
                break;
            case Variant.ABt:
                Gemm.Product(GemmOp.ABt, m, k, n, a, b, c, accumulate, workers, isa, 0, tileRows);
                break;
            default:
                Gemm.Product(GemmOp.AtB, m, k, n, a, b, c, accumulate, workers, isa, 0, tileRows);
                break;
        }
    }

    private static void RunNaive(
        Variant v,
        int m,
        int k,
        int n,
        float[] a,
        float[] b,
        float[] c,
        bool acc
    )
    {
        switch (v)
        {
            case Variant.AB:
                GemmNaive.AB<float>(m, k, n, a, b, c, acc);
                break;
            case Variant.ABt:
                GemmNaive.ABt<float>(m, k, n, a, b, c, acc);
                break;
            default:
                GemmNaive.AtB<float>(m, k, n, a, b, c, acc);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(IsaVariants))]
    public void Variant_ForcedIsa_MatchesNaiveOnSweep(string isaName, int tileRows, Variant v)
    {
        var isa = Enum.Parse<SimdWidth>(isaName);
        foreach (var (m, k, n) in SweepShapes())
        {
            var rng = new Rng((ulong)(m * 1000003 + k * 1009 + n));
            var a = new float[m * k];
            var b = new float[k * n];
            var c0 = new float[m * n];
            rng.FillUniform<float>(a, -1, 1);
            rng.FillUniform<float>(b, -1, 1);
            rng.FillUniform<float>(c0, -1, 1);
            foreach (bool acc in new[] { false, true })
            {
                var expected = (float[])c0.Clone();
                RunNaive(v, m, k, n, a, b, expected, acc);
                float[]? oneThread = null;
                foreach (var workers in Pools)
                {
                    var actual = (float[])c0.Clone();
                    RunForced(v, isa, tileRows, m, k, n, a, b, actual, acc, workers);
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.True(
                            Math.Abs(expected[i] - actual[i]) <= 1e-5f * (k + 1),
                            $"{v} {isa} MR={tileRows} m={m} k={k} n={n} acc={acc} threads={workers?.Threads ?? 1}: "
                                + $"element {i} is {actual[i]}, naive gives {expected[i]}"
                        );
                    }
                    // Each element is computed by one thread in the same order: bitwise equal.
                    if (oneThread is null)
                    {
                        oneThread = actual;
                    }
                    else
                    {
                        int diff = Array.FindIndex(
                            actual.Zip(oneThread).ToArray(),
                            p => p.First != p.Second
                        );
                        Assert.True(
                            diff < 0,
                            $"{v} {isa} m={m} k={k} n={n} acc={acc}: {workers?.Threads} threads differ from one at element {diff}"
                        );
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(IsaVariants))]
    public void Variant_OverwriteOverNaN_IgnoresOldContents(string isaName, int tileRows, Variant v)
    {
        var isa = Enum.Parse<SimdWidth>(isaName);
        foreach (
            var (m, k, n) in new[]
            {
                (3, 5, 7),
                (9, 300, 35),
                (1, 0, 4),
                (20, 17, 33),
                (12, 600, 20),
            }
        )
        {
            var rng = new Rng(5);
            var a = new float[m * k];
            var b = new float[k * n];
            rng.FillUniform<float>(a, -1, 1);
            rng.FillUniform<float>(b, -1, 1);
            var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
            RunForced(v, isa, tileRows, m, k, n, a, b, c, accumulate: false, workers: null);
            var expected = new float[m * n];
            RunNaive(v, m, k, n, a, b, expected, acc: false);
            for (int i = 0; i < c.Length; i++)
            {
                Assert.False(
                    float.IsNaN(c[i]),
                    $"{v} {isa} m={m} k={k} n={n}: element {i} kept NaN"
                );
                Assert.True(Math.Abs(expected[i] - c[i]) <= 1e-5f * (k + 1));
            }
        }
    }

    [Fact]
    public void Strides_OfEachVariant_AddressTheStoredOperandsRowMajor()
    {
        // m = 2, k = 3, n = 4: A(i, p) = a[i·Ars + p·Acs], B(p, j) = b[p·Brs + j·Bcs].
        Assert.Equal(new GemmStrides(3, 1, 4, 1), GemmStrides.Of(GemmOp.AB, 2, 3, 4)); // A (m×k), B (k×n)
        Assert.Equal(new GemmStrides(3, 1, 1, 3), GemmStrides.Of(GemmOp.ABt, 2, 3, 4)); // B stored (n×k)
        Assert.Equal(new GemmStrides(1, 2, 4, 1), GemmStrides.Of(GemmOp.AtB, 2, 3, 4)); // A stored (k×m)
    }

    [Theory]
    [InlineData(true)] // A·Bᵀ: the forward recurrent product h·Whᵀ
    [InlineData(false)] // A·B: the backward one dG·Wh
    public void PackedOnce_SameBytesAsPackedPerCall(bool transposed)
    {
        // Shapes: one block; k over two KC blocks; n over two NC blocks with an edge panel;
        // m from the smallest packed product (5 rows) to over one MC block; and a square B,
        // where a B packed the other way round has the right shape but the wrong panels and
        // must not be used.
        foreach (var isa in Simd.Supported)
        {
            foreach (
                var (m, k, n) in new[] { (5, 7, 9), (9, 400, 70), (130, 33, 3100), (8, 64, 64) }
            )
            {
                var rng = new Rng((ulong)(m + k + n));
                var a = new float[m * k];
                var b = new float[n * k];
                var c0 = new float[m * n];
                rng.FillUniform<float>(a, -1, 1);
                rng.FillUniform<float>(b, -1, 1);
                rng.FillUniform<float>(c0, -1, 1);
                var packed = new PackedB();
                var other = new PackedB();
                if (transposed)
                {
                    packed.PackTransposed(k, n, b, isa);
                    other.Pack(k, n, b, isa);
                }
                else
                {
                    packed.Pack(k, n, b, isa);
                    other.PackTransposed(k, n, b, isa);
                }
                foreach (bool acc in new[] { false, true })
                {
                    var expected = (float[])c0.Clone();
                    var op = transposed ? GemmOp.ABt : GemmOp.AB;
                    Gemm.Product(op, m, k, n, a, b, expected, acc, null, isa);
                    var actual = (float[])c0.Clone();
                    var wrongWay = (float[])c0.Clone();
                    if (transposed)
                    {
                        Gemm.Prepacked(GemmOp.ABt, m, k, n, a, b, packed, actual, acc);
                        Gemm.Prepacked(GemmOp.ABt, m, k, n, a, b, other, wrongWay, acc);
                    }
                    else
                    {
                        Gemm.Prepacked(GemmOp.AB, m, k, n, a, b, packed, actual, acc);
                        Gemm.Prepacked(GemmOp.AB, m, k, n, a, b, other, wrongWay, acc);
                    }
                    Assert.True(
                        expected.AsSpan().SequenceEqual(actual),
                        $"{isa} m={m} k={k} n={n} acc={acc}: packed-once product differs"
                    );
                    Assert.True(
                        expected.AsSpan().SequenceEqual(wrongWay),
                        $"{isa} m={m} k={k} n={n} acc={acc}: B packed the other way round was used"
                    );
                }
            }
        }
    }

    [Fact]
    public void ABt_PublicOverload_RunsTheBestIsa()
    {
        // The public calls take no ISA: they run Simd.Best, and a forced ISA is an argument.
        // A·Bᵀ with m ≤ 4 sums each dot product in per-lane partial sums, so widths round
        // differently and the comparison shows which kernel ran (the packed path sums every
        // element in k order with FMAs, the same bits at every width).
        const int m = 3,
            k = 300,
            n = 70;
        var rng = new Rng(21);
        var a = new float[m * k];
        var b = new float[n * k];
        rng.FillUniform<float>(a, -1, 1);
        rng.FillUniform<float>(b, -1, 1);
        var scalar = new float[m * n];
        var best = new float[m * n];
        Gemm.ABt(m, k, n, a, b, scalar, false, null, SimdWidth.Scalar);
        Gemm.ABt(m, k, n, a, b, best, false, null, Simd.Best);
        var viaDefault = new float[m * n];
        Gemm.ABt(m, k, n, a, b, viaDefault);
        Assert.Equal(best, viaDefault);
        if (Simd.Best != SimdWidth.Scalar)
        {
            Assert.NotEqual(scalar, best);
        }
    }

    [Theory]
    [InlineData(1, 512, 512)] // small-m row kernel
    [InlineData(64, 600, 300)] // packed, B in place
    [InlineData(300, 300, 100)] // packed A and B, split over m
    [InlineData(40, 900, 60)] // Aᵀ·B split over k (scratch for the second half)
    public void Variants_AfterWarmUp_AllocateNothingOnTheCallingThread(int m, int k, int n)
    {
        var a = new float[Math.Max(m, n) * k];
        var b = new float[Math.Max(m, n) * k];
        var c = new float[m * n];
        foreach (var workers in Pools)
        {
            Gemm.AB(m, k, n, a, b, c, false, workers);
            Gemm.ABt(m, k, n, a, b, c, false, workers);
            Gemm.AtB(m, k, n, a, b, c, false, workers);
            var w = workers;
            long bytes = AllocationProbe.SteadyBytes(() =>
            {
                for (int r = 0; r < 3; r++)
                {
                    Gemm.AB(m, k, n, a, b, c, true, w);
                    Gemm.ABt(m, k, n, a, b, c, true, w);
                    Gemm.AtB(m, k, n, a, b, c, true, w);
                }
            });
            Assert.Equal(0, bytes);
        }
    }

    [Fact]
    public void TileRows_FollowsTheVectorRegisterCount()
    {
        // 8 rows need 19 live vectors: only where the JIT has 32 registers; else 6 rows (15).
        Assert.Equal(Simd.VectorRegisters >= 32 ? 8 : 6, GemmDriver.TileRows);
        Assert.Equal(
            System.Runtime.Intrinsics.X86.Avx512F.IsSupported
                || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported,
            Simd.VectorRegisters == 32
        );
    }

    [Fact]
    public void KStep_AnyDepth_FewestBlocksOfNearlyEqualLength()
    {
        // k = 400 (T·B of the BPTT weight gradient) must not run as 384 + 16.
        Assert.Equal(200, GemmDriver.KStep(400));
        for (int k = 1; k <= 5000; k++)
        {
            int step = GemmDriver.KStep(k);
            int blocks = (k + step - 1) / step;
            int last = k - (blocks - 1) * step;
            Assert.True(step <= GemmDriver.KC && step % 8 == 0, $"k = {k}: step {step}");
            Assert.Equal((k + GemmDriver.KC - 1) / GemmDriver.KC, blocks);
            Assert.True(
                last > step - 8 * blocks,
                $"k = {k}: {blocks} blocks of {step}, last {last}"
            );
        }
    }

    [Theory]
    [InlineData(40, 200, 64)] // 6-row tiles end on a 4-row edge kernel written in place
    [InlineData(32, 200, 70)] // 6-row tiles end on a 2-row edge kernel; columns end on an edge panel
    [InlineData(300, 100, 96)] // 8-row tiles: the last MC block ends on a 4-row edge
    public void AB_SixAndEightRowTiles_SameBytes(int m, int k, int n)
    {
        // Each element of C is summed over k in the same order whatever the tile or edge height.
        var rng = new Rng(8);
        var a = new float[m * k];
        var b = new float[k * n];
        rng.FillUniform<float>(a, -1, 1);
        rng.FillUniform<float>(b, -1, 1);
        var six = new float[m * n];
        var eight = new float[m * n];
        Gemm.Product(GemmOp.AB, m, k, n, a, b, six, false, null, Simd.Best, 0, tileRows: 6);
        Gemm.Product(GemmOp.AB, m, k, n, a, b, eight, false, null, Simd.Best, 0, tileRows: 8);
        Assert.Equal(eight, six);
    }

    [Fact]
    public void Supported_AlwaysIncludesScalarAndBestFirst()
    {
        Assert.Contains(SimdWidth.Scalar, Simd.Supported);
        Assert.Equal(Simd.Best, Simd.Supported[0]);
    }

    [Fact]
    public void AB_LargeProductOnSharedPool_MatchesOneThreadBitwise()
    {
        const int m = 64,
            k = 2048,
            n = 512;
        var rng = new Rng(9);
        var a = new float[m * k];
        var b = new float[k * n];
        rng.FillUniform<float>(a, -1, 1);
        rng.FillUniform<float>(b, -1, 1);
        var one = new float[m * n];
        var two = new float[m * n];
        Gemm.AB(m, k, n, a, b, one);
        Gemm.AB(m, k, n, a, b, two, accumulate: false, WorkerPool.Shared);
        Assert.Equal(one, two);
        var naive = new float[m * n];
        GemmNaive.AB<float>(m, k, n, a, b, naive);
        for (int i = 0; i < naive.Length; i++)
        {
            Assert.True(Math.Abs(naive[i] - one[i]) <= 1e-5f * k);
        }
    }

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
            Compare(
                (m, k, n, a, b, c, acc) => Gemm.AB(m, k, n, a, b, c, acc),
                GemmNaive.AB,
                m,
                k,
                n,
                m * k,
                k * n,
                acc
            );
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ABt_RandomShapes_MatchesNaive(int m, int k, int n)
    {
        foreach (bool acc in new[] { false, true })
        {
            Compare(
                (m, k, n, a, b, c, acc) => Gemm.ABt(m, k, n, a, b, c, acc),
                GemmNaive.ABt,
                m,
                k,
                n,
                m * k,
                n * k,
                acc
            );
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AtB_RandomShapes_MatchesNaive(int m, int k, int n)
    {
        foreach (bool acc in new[] { false, true })
        {
            Compare(
                (m, k, n, a, b, c, acc) => Gemm.AtB(m, k, n, a, b, c, acc),
                GemmNaive.AtB,
                m,
                k,
                n,
                k * m,
                k * n,
                acc
            );
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
