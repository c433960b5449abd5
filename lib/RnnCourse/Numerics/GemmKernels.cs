// The inner loops of Gemm: one register-blocked micro-kernel and the small-m (row-vector ×
// matrix) kernels, written once over a tiny "instruction set" abstraction (ISimdIsa) so the same
// code runs on Vector512, Vector256, Vector128 and plain floats. The JIT specialises each generic
// instantiation for its struct ISA and inlines every operation, so the machine code is the same
// as hand-written intrinsics.
//
// Micro-kernel (Goto & van de Geijn, "Anatomy of High-Performance Matrix Multiplication", 2008;
// the BLIS micro-kernel): C[MR×NR] (+)= Ap[MR×kc] · Bp[kc×NR] with Ap and Bp packed so that each
// step p reads MR consecutive floats of A (broadcast one by one) and NR = 2 vectors of B.
// The MR×2 accumulators live in registers for the whole k loop; C is touched once per kc block.
// MR follows the CPU's vector register count (ITileRows): 8 with 32 registers, 6 with 16.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Numerics;

/// <summary>
/// Rows of the GEMM micro-tile as a type, so the JIT compiles one kernel per height with the row
/// count a constant (dead rows removed).
/// </summary>
internal interface ITileRows
{
    /// <summary>Rows of A broadcast per k step (MR).</summary>
    static abstract int Rows { get; }
}

/// <summary>8 rows: 16 accumulators, for CPUs with 32 vector registers (AVX-512, ARM64).</summary>
internal readonly struct Rows8 : ITileRows
{
    /// <inheritdoc/>
    public static int Rows => 8;
}

/// <summary>6 rows: 12 accumulators, for CPUs with 16 vector registers (AVX2, SSE).</summary>
internal readonly struct Rows6 : ITileRows
{
    /// <inheritdoc/>
    public static int Rows => 6;
}

/// <summary>Register-blocked kernels shared by every ISA.</summary>
internal static unsafe class GemmKernels
{
    /// <summary>
    /// Micro-kernel: C[R×NR] = (add ? C : 0) + Ap·Bp, R = <typeparamref name="TRows"/>.Rows,
    /// NR = 2·Width. Ap is packed [kc][R]; Bp has NR contiguous floats per k step, ldb apart (NR
    /// when packed, the row length of B when read in place); c has row stride ldc.
    /// Scalar formula: c[r, j] (+)= Σ_p ap[p·R + r] · bp[p·ldb + j].
    /// </summary>
    /// <remarks>
    /// R×2 accumulators + 2 B vectors + 1 broadcast must stay in registers: 8 rows (19 live
    /// vectors) where the CPU has 32 vector registers (AVX-512 at any width, ARM64), 6 rows (15)
    /// where it has 16 (AVX2, SSE): BLIS's Haswell tile, 6×16 floats at 256 bits. Per k step
    /// R×2 FMAs against 2 vector loads and R broadcasts, enough independent chains to cover the
    /// FMA latency (4 cycles × 2 pipes). Rows 6 and 7 are compiled only for
    /// <see cref="Rows8"/>: <c>TRows.Rows</c> is a constant to the JIT.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MicroKernel<TIsa, TVec, TRows>(
        int kc,
        float* ap,
        float* bp,
        nint ldb,
        float* c,
        nint ldc,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
        where TRows : struct, ITileRows
    {
        int w = TIsa.Width;
        TVec c00 = TIsa.Zero,
            c01 = TIsa.Zero,
            c10 = TIsa.Zero,
            c11 = TIsa.Zero,
            c20 = TIsa.Zero,
            c21 = TIsa.Zero,
            c30 = TIsa.Zero,
            c31 = TIsa.Zero,
            c40 = TIsa.Zero,
            c41 = TIsa.Zero,
            c50 = TIsa.Zero,
            c51 = TIsa.Zero,
            c60 = TIsa.Zero,
            c61 = TIsa.Zero,
            c70 = TIsa.Zero,
            c71 = TIsa.Zero;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TIsa.Load(bp);
            TVec b1 = TIsa.Load(bp + w);
            TVec a = TIsa.Broadcast(ap);
            c00 = TIsa.MulAdd(a, b0, c00);
            c01 = TIsa.MulAdd(a, b1, c01);
            a = TIsa.Broadcast(ap + 1);
            c10 = TIsa.MulAdd(a, b0, c10);
            c11 = TIsa.MulAdd(a, b1, c11);
            a = TIsa.Broadcast(ap + 2);
            c20 = TIsa.MulAdd(a, b0, c20);
            c21 = TIsa.MulAdd(a, b1, c21);
            a = TIsa.Broadcast(ap + 3);
            c30 = TIsa.MulAdd(a, b0, c30);
            c31 = TIsa.MulAdd(a, b1, c31);
            a = TIsa.Broadcast(ap + 4);
            c40 = TIsa.MulAdd(a, b0, c40);
            c41 = TIsa.MulAdd(a, b1, c41);
            a = TIsa.Broadcast(ap + 5);
            c50 = TIsa.MulAdd(a, b0, c50);
            c51 = TIsa.MulAdd(a, b1, c51);
            if (TRows.Rows == 8)
            {
                a = TIsa.Broadcast(ap + 6);
                c60 = TIsa.MulAdd(a, b0, c60);
                c61 = TIsa.MulAdd(a, b1, c61);
                a = TIsa.Broadcast(ap + 7);
                c70 = TIsa.MulAdd(a, b0, c70);
                c71 = TIsa.MulAdd(a, b1, c71);
            }
            ap += TRows.Rows;
            bp += ldb;
        }
        StoreRow<TIsa, TVec>(c, w, c00, c01, add);
        StoreRow<TIsa, TVec>(c + ldc, w, c10, c11, add);
        StoreRow<TIsa, TVec>(c + 2 * ldc, w, c20, c21, add);
        StoreRow<TIsa, TVec>(c + 3 * ldc, w, c30, c31, add);
        StoreRow<TIsa, TVec>(c + 4 * ldc, w, c40, c41, add);
        StoreRow<TIsa, TVec>(c + 5 * ldc, w, c50, c51, add);
        if (TRows.Rows == 8)
        {
            StoreRow<TIsa, TVec>(c + 6 * ldc, w, c60, c61, add);
            StoreRow<TIsa, TVec>(c + 7 * ldc, w, c70, c71, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TIsa, TVec>(float* c, int w, TVec v0, TVec v1, bool add)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        if (add)
        {
            v0 = TIsa.Add(v0, TIsa.Load(c));
            v1 = TIsa.Add(v1, TIsa.Load(c + w));
        }
        TIsa.Store(c, v0);
        TIsa.Store(c + w, v1);
    }

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
            StoreRow<TIsa, TVec>(c + j, w, c00, c01, add);
            StoreRow<TIsa, TVec>(c + ldc + j, w, c10, c11, add);
            StoreRow<TIsa, TVec>(c + 2 * ldc + j, w, c20, c21, add);
            StoreRow<TIsa, TVec>(c + 3 * ldc + j, w, c30, c31, add);
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
            StoreRow<TIsa, TVec>(c + j, w, c0, c1, add);
            StoreRow<TIsa, TVec>(c + j + 2 * w, w, c2, c3, add);
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
