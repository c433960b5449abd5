// Gemm's small-m path (m ≤ 4, e.g. the B = 1..4 step): no packing, because packing B would cost
// as much as the product. GemmDriver chooses between the two forms here by where B's rows lie:
//  - SmallRowsContiguousB (A·B and Aᵀ·B): for each block of 4 vectors of columns, B is streamed
//    once per group of 4 rows of A, rows × 4 accumulators held in registers;
//  - SmallRowsDot (A·Bᵀ, e.g. h·Whhᵀ at B = 1): dot products of A's rows with B's rows, 4 B rows
//    at a time, reduced by one shuffle tree (ISimdIsa.Sum4).
// Both are written once over ISimdIsa (every width). One file, over 300 lines: the two forms of
// one path, read together when GemmDriver's choice between them changes.
// Deliberate twins by shape: the register-blocked kernels GemmKernels, GemmSmallKernels,
// MatVecRowKernels and MatVecCombineKernels each unroll a block of accumulators (c0 … c15) and
// its loads and stores by hand, so the JIT keeps every accumulator in a register; their
// signatures and blocks look alike, and each loop order is its own (see each header).
using System.Runtime.Intrinsics;

namespace RnnCourse.Numerics;

/// <summary>Small-m GEMM kernels without packing: rows of B streamed, or dot products with rows of B.</summary>
internal static unsafe class GemmSmallKernels
{
    /// <summary>
    /// Small-m product with contiguous B rows (A·B and Aᵀ·B with m ≤ 4): for each block of 4
    /// vectors of columns, stream B once and keep rows × 4 accumulators in registers.
    /// Scalar formula: c[i, j] (+)= Σ_p a[i·ars + p·acs] · b[p·brs + j].
    /// </summary>
    /// <remarks>
    /// A packed kernel would pack all of B to use each element ≤ 4 times; here each B element is
    /// loaded once per group of 4 rows, which is the memory-bound optimum for the B = 1 step.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SmallRowsContiguousB<TIsa, TVec>(
        int m,
        int n,
        int k,
        float* a,
        nint ars,
        nint acs,
        float* b,
        nint brs,
        float* c,
        nint ldc,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            FourRows<TIsa, TVec>(n, k, a + i * ars, ars, acs, b, brs, c + i * ldc, ldc, add);
        }
        for (; i < m; i++)
        {
            OneRow<TIsa, TVec>(n, k, a + i * ars, acs, b, brs, c + i * ldc, add);
        }
    }

    // FourRows and OneRow restate SmallRowsContiguousB's operands (deliberate twins: the 4-row
    // block and the single row of the same product).
    private static void FourRows<TIsa, TVec>(
        int n,
        int k,
        float* a,
        nint ars,
        nint acs,
        float* b,
        nint brs,
        float* c,
        nint ldc,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int w = TIsa.Width;
        int j = 0;
        for (; j + 2 * w <= n; j += 2 * w)
        {
            TVec c00 = TIsa.Zero,
                c01 = TIsa.Zero,
                c10 = TIsa.Zero,
                c11 = TIsa.Zero,
                c20 = TIsa.Zero,
                c21 = TIsa.Zero,
                c30 = TIsa.Zero,
                c31 = TIsa.Zero;
            float* bp = b + j;
            float* ap = a;
            for (int p = 0; p < k; p++)
            {
                TVec b0 = TIsa.Load(bp);
                TVec b1 = TIsa.Load(bp + w);
                TVec av = TIsa.Broadcast(ap);
                c00 = TIsa.MulAdd(av, b0, c00);
                c01 = TIsa.MulAdd(av, b1, c01);
                av = TIsa.Broadcast(ap + ars);
                c10 = TIsa.MulAdd(av, b0, c10);
                c11 = TIsa.MulAdd(av, b1, c11);
                av = TIsa.Broadcast(ap + 2 * ars);
                c20 = TIsa.MulAdd(av, b0, c20);
                c21 = TIsa.MulAdd(av, b1, c21);
                av = TIsa.Broadcast(ap + 3 * ars);
                c30 = TIsa.MulAdd(av, b0, c30);
                c31 = TIsa.MulAdd(av, b1, c31);
                bp += brs;
                ap += acs;
            }
            GemmKernels.StoreRow<TIsa, TVec>(c + j, w, c00, c01, add);
            GemmKernels.StoreRow<TIsa, TVec>(c + ldc + j, w, c10, c11, add);
            GemmKernels.StoreRow<TIsa, TVec>(c + 2 * ldc + j, w, c20, c21, add);
            GemmKernels.StoreRow<TIsa, TVec>(c + 3 * ldc + j, w, c30, c31, add);
        }
        if (j < n)
        {
            for (int r = 0; r < 4; r++)
            {
                OneRowTail(n, j, k, a + r * ars, acs, b, brs, c + r * ldc, add);
            }
        }
    }

    private static void OneRow<TIsa, TVec>(
        int n,
        int k,
        float* a,
        nint acs,
        float* b,
        nint brs,
        float* c,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int w = TIsa.Width;
        int j = 0;
        for (; j + 4 * w <= n; j += 4 * w)
        {
            TVec c0 = TIsa.Zero,
                c1 = TIsa.Zero,
                c2 = TIsa.Zero,
                c3 = TIsa.Zero;
            float* bp = b + j;
            float* ap = a;
            for (int p = 0; p < k; p++)
            {
                TVec av = TIsa.Broadcast(ap);
                c0 = TIsa.MulAdd(av, TIsa.Load(bp), c0);
                c1 = TIsa.MulAdd(av, TIsa.Load(bp + w), c1);
                c2 = TIsa.MulAdd(av, TIsa.Load(bp + 2 * w), c2);
                c3 = TIsa.MulAdd(av, TIsa.Load(bp + 3 * w), c3);
                bp += brs;
                ap += acs;
            }
            GemmKernels.StoreRow<TIsa, TVec>(c + j, w, c0, c1, add);
            GemmKernels.StoreRow<TIsa, TVec>(c + j + 2 * w, w, c2, c3, add);
        }
        for (; j + w <= n; j += w)
        {
            TVec c0 = TIsa.Zero;
            float* bp = b + j;
            float* ap = a;
            for (int p = 0; p < k; p++)
            {
                c0 = TIsa.MulAdd(TIsa.Broadcast(ap), TIsa.Load(bp), c0);
                bp += brs;
                ap += acs;
            }
            if (add)
            {
                c0 = TIsa.Add(c0, TIsa.Load(c + j));
            }
            TIsa.Store(c + j, c0);
        }
        OneRowTail(n, j, k, a, acs, b, brs, c, add);
    }

    /// <summary>Columns j0..n of one row, scalar (fewer than a vector of them).</summary>
    private static void OneRowTail(
        int n,
        int j0,
        int k,
        float* a,
        nint acs,
        float* b,
        nint brs,
        float* c,
        bool add
    )
    {
        for (int j = j0; j < n; j++)
        {
            float s = 0;
            for (int p = 0; p < k; p++)
            {
                s += a[p * acs] * b[p * brs + j];
            }
            c[j] = add ? c[j] + s : s;
        }
    }

    /// <summary>
    /// Small-m product against rows of B (A·Bᵀ with m ≤ 4, e.g. h·Whhᵀ at B = 1): dot products
    /// of A's rows with B's rows, 4 B rows at a time, each read once per A row.
    /// Scalar formula: c[i, j] (+)= Σ_p a[i·lda + p] · b[j·ldb + p].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SmallRowsDot<TIsa, TVec>(
        int m,
        int n,
        int k,
        float* a,
        nint lda,
        float* b,
        nint ldb,
        float* c,
        nint ldc,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int w = TIsa.Width;
        int kv = k - k % w;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            DotFourRows<TIsa, TVec>(n, k, a + i * lda, lda, b, ldb, c + i * ldc, ldc, add);
        }
        for (; i < m; i++)
        {
            float* ai = a + i * lda;
            float* ci = c + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                float* b0 = b + j * ldb;
                float* b1 = b0 + ldb;
                float* b2 = b1 + ldb;
                float* b3 = b2 + ldb;
                TVec s0 = TIsa.Zero,
                    s1 = TIsa.Zero,
                    s2 = TIsa.Zero,
                    s3 = TIsa.Zero;
                for (int p = 0; p < kv; p += w)
                {
                    TVec av = TIsa.Load(ai + p);
                    s0 = TIsa.MulAdd(av, TIsa.Load(b0 + p), s0);
                    s1 = TIsa.MulAdd(av, TIsa.Load(b1 + p), s1);
                    s2 = TIsa.MulAdd(av, TIsa.Load(b2 + p), s2);
                    s3 = TIsa.MulAdd(av, TIsa.Load(b3 + p), s3);
                }
                float d0 = TIsa.Sum(s0),
                    d1 = TIsa.Sum(s1),
                    d2 = TIsa.Sum(s2),
                    d3 = TIsa.Sum(s3);
                for (int p = kv; p < k; p++)
                {
                    d0 += ai[p] * b0[p];
                    d1 += ai[p] * b1[p];
                    d2 += ai[p] * b2[p];
                    d3 += ai[p] * b3[p];
                }
                if (add)
                {
                    d0 += ci[j];
                    d1 += ci[j + 1];
                    d2 += ci[j + 2];
                    d3 += ci[j + 3];
                }
                ci[j] = d0;
                ci[j + 1] = d1;
                ci[j + 2] = d2;
                ci[j + 3] = d3;
            }
            for (; j < n; j++)
            {
                float* bj = b + j * ldb;
                TVec s = TIsa.Zero;
                for (int p = 0; p < kv; p += w)
                {
                    s = TIsa.MulAdd(TIsa.Load(ai + p), TIsa.Load(bj + p), s);
                }
                float d = TIsa.Sum(s);
                for (int p = kv; p < k; p++)
                {
                    d += ai[p] * bj[p];
                }
                ci[j] = add ? ci[j] + d : d;
            }
        }
    }

    /// <summary>
    /// Four rows of A against four rows of B at a time (16 accumulators): each B row is read
    /// once for all four A rows. Columns left over (n mod 4) go through dot products one by one.
    /// </summary>
    // DotFourRows restates SmallRowsDot's operands (deliberate twin: it is the 4-row block of the
    // same product, with its 4 × 4 accumulators).
    private static void DotFourRows<TIsa, TVec>(
        int n,
        int k,
        float* a,
        nint lda,
        float* b,
        nint ldb,
        float* c,
        nint ldc,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int w = TIsa.Width;
        int kv = k - k % w;
        float* a0 = a;
        float* a1 = a + lda;
        float* a2 = a1 + lda;
        float* a3 = a2 + lda;
        float* sums = stackalloc float[16];
        int j = 0;
        for (; j + 4 <= n; j += 4)
        {
            float* b0 = b + j * ldb;
            float* b1 = b0 + ldb;
            float* b2 = b1 + ldb;
            float* b3 = b2 + ldb;
            TVec s00 = TIsa.Zero,
                s01 = TIsa.Zero,
                s02 = TIsa.Zero,
                s03 = TIsa.Zero,
                s10 = TIsa.Zero,
                s11 = TIsa.Zero,
                s12 = TIsa.Zero,
                s13 = TIsa.Zero,
                s20 = TIsa.Zero,
                s21 = TIsa.Zero,
                s22 = TIsa.Zero,
                s23 = TIsa.Zero,
                s30 = TIsa.Zero,
                s31 = TIsa.Zero,
                s32 = TIsa.Zero,
                s33 = TIsa.Zero;
            for (int p = 0; p < kv; p += w)
            {
                TVec v0 = TIsa.Load(b0 + p),
                    v1 = TIsa.Load(b1 + p),
                    v2 = TIsa.Load(b2 + p),
                    v3 = TIsa.Load(b3 + p);
                TVec x = TIsa.Load(a0 + p);
                s00 = TIsa.MulAdd(x, v0, s00);
                s01 = TIsa.MulAdd(x, v1, s01);
                s02 = TIsa.MulAdd(x, v2, s02);
                s03 = TIsa.MulAdd(x, v3, s03);
                x = TIsa.Load(a1 + p);
                s10 = TIsa.MulAdd(x, v0, s10);
                s11 = TIsa.MulAdd(x, v1, s11);
                s12 = TIsa.MulAdd(x, v2, s12);
                s13 = TIsa.MulAdd(x, v3, s13);
                x = TIsa.Load(a2 + p);
                s20 = TIsa.MulAdd(x, v0, s20);
                s21 = TIsa.MulAdd(x, v1, s21);
                s22 = TIsa.MulAdd(x, v2, s22);
                s23 = TIsa.MulAdd(x, v3, s23);
                x = TIsa.Load(a3 + p);
                s30 = TIsa.MulAdd(x, v0, s30);
                s31 = TIsa.MulAdd(x, v1, s31);
                s32 = TIsa.MulAdd(x, v2, s32);
                s33 = TIsa.MulAdd(x, v3, s33);
            }
            sums[0] = TIsa.Sum(s00);
            sums[1] = TIsa.Sum(s01);
            sums[2] = TIsa.Sum(s02);
            sums[3] = TIsa.Sum(s03);
            sums[4] = TIsa.Sum(s10);
            sums[5] = TIsa.Sum(s11);
            sums[6] = TIsa.Sum(s12);
            sums[7] = TIsa.Sum(s13);
            sums[8] = TIsa.Sum(s20);
            sums[9] = TIsa.Sum(s21);
            sums[10] = TIsa.Sum(s22);
            sums[11] = TIsa.Sum(s23);
            sums[12] = TIsa.Sum(s30);
            sums[13] = TIsa.Sum(s31);
            sums[14] = TIsa.Sum(s32);
            sums[15] = TIsa.Sum(s33);
            for (int r = 0; r < 4; r++)
            {
                float* ar = a + r * lda;
                float* cr = c + r * ldc + j;
                for (int q = 0; q < 4; q++)
                {
                    float* bq = b + (j + q) * ldb;
                    float d = sums[r * 4 + q];
                    for (int p = kv; p < k; p++)
                    {
                        d += ar[p] * bq[p];
                    }
                    cr[q] = add ? cr[q] + d : d;
                }
            }
        }
        if (j < n)
        {
            // Leftover columns: the one-row path on the last n − j columns.
            SmallRowsDot<TIsa, TVec>(1, n - j, k, a0, lda, b + j * ldb, ldb, c + j, ldc, add);
            SmallRowsDot<TIsa, TVec>(1, n - j, k, a1, lda, b + j * ldb, ldb, c + ldc + j, ldc, add);
            SmallRowsDot<TIsa, TVec>(
                1,
                n - j,
                k,
                a2,
                lda,
                b + j * ldb,
                ldb,
                c + 2 * ldc + j,
                ldc,
                add
            );
            SmallRowsDot<TIsa, TVec>(
                1,
                n - j,
                k,
                a3,
                lda,
                b + j * ldb,
                ldb,
                c + 3 * ldc + j,
                ldc,
                add
            );
        }
    }
}
