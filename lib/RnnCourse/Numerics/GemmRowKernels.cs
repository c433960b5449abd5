// Gemm's small-m path for contiguous B rows (A·B and Aᵀ·B with m ≤ 4, e.g. the B = 1..4 step):
// no packing, B streamed once per group of 4 rows of A. Written once over ISimdIsa (every width).
// Deliberate twins by shape: the register-blocked kernels GemmKernels, GemmDotKernels,
// GemmRowKernels, MatVecRowKernels and MatVecCombineKernels each unroll a block of accumulators
// (c0 … c15) and its loads and stores by hand, so the JIT keeps every accumulator in a register;
// their signatures and blocks look alike, and each loop order is its own (see each header).
using System.Runtime.Intrinsics;

namespace RnnCourse.Numerics;

/// <summary>Small-m GEMM kernels reading rows of B (no packing).</summary>
internal static unsafe class GemmRowKernels
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
}
