// Packing for the GEMM micro-kernel: copies a block of A (mc×kc) into micro-panels of MR rows,
// laid out [panel][p][MR], and a block of B (kc×nc) into micro-panels of NR columns, laid out
// [panel][p][NR]. Partial panels are zero-padded so the micro-kernel never branches on edges.
// Packing turns every operand layout (A or Aᵀ, B or Bᵀ) into the one layout the kernel streams
// with unit stride, and keeps each panel contiguous in cache (no TLB or set-associativity
// conflicts from large row strides).
//
// Operand element (i, p) of A is a[i·ars + p·acs]; element (p, j) of B is b[p·brs + j·bcs].
// A·B: A (k, 1), B (n, 1); A·Bᵀ: A (k, 1), B (1, k); Aᵀ·B: A (1, m), B (n, 1).
namespace RnnCourse.Numerics;

/// <summary>Packs operand blocks into the micro-kernel's panel layout.</summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs A[0..mc, 0..kc] into ceil(mc/MR) panels: dst[panel·MR·kc + p·MR + r] = A(panel·MR + r, p),
    /// zero for rows ≥ mc.
    /// </summary>
    public static void PackA(int mc, int kc, float* a, nint ars, nint acs, float* dst)
    {
        const int mr = GemmKernels.MR;
        for (int i0 = 0; i0 < mc; i0 += mr)
        {
            int rows = Math.Min(mr, mc - i0);
            float* src = a + i0 * ars;
            if (acs == 1)
            {
                // Rows of A are contiguous: read each row once, scatter with stride MR.
                for (int r = 0; r < rows; r++)
                {
                    float* s = src + r * ars;
                    float* d = dst + r;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * mr] = s[p];
                    }
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * acs;
                    float* d = dst + p * mr;
                    for (int r = 0; r < rows; r++)
                    {
                        d[r] = s[r * ars];
                    }
                }
            }
            if (rows < mr)
            {
                for (int p = 0; p < kc; p++)
                {
                    new Span<float>(dst + p * mr + rows, mr - rows).Clear();
                }
            }
            dst += mr * kc;
        }
    }

    /// <summary>
    /// Packs B[0..kc, 0..nc] into ceil(nc/NR) panels, NR = 2·Width:
    /// dst[panel·NR·kc + p·NR + j] = B(p, panel·NR + j), zero for columns ≥ nc.
    /// </summary>
    public static void PackB<TIsa, TVec>(int kc, int nc, float* b, nint brs, nint bcs, float* dst)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int w = TIsa.Width;
        int nr = 2 * w;
        for (int j0 = 0; j0 < nc; j0 += nr)
        {
            int cols = Math.Min(nr, nc - j0);
            float* src = b + j0 * bcs;
            if (bcs == 1 && cols == nr)
            {
                // Rows of B are contiguous: two vector copies per k step.
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * brs;
                    float* d = dst + p * nr;
                    TIsa.Store(d, TIsa.Load(s));
                    TIsa.Store(d + w, TIsa.Load(s + w));
                }
            }
            else if (bcs == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * brs;
                    float* d = dst + p * nr;
                    for (int j = 0; j < cols; j++)
                    {
                        d[j] = s[j];
                    }
                    for (int j = cols; j < nr; j++)
                    {
                        d[j] = 0;
                    }
                }
            }
            else
            {
                // Bᵀ: each column of the panel is a contiguous row of the stored matrix.
                for (int j = 0; j < cols; j++)
                {
                    float* s = src + j * bcs;
                    float* d = dst + j;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * nr] = s[p * brs];
                    }
                }
                for (int j = cols; j < nr; j++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        dst[p * nr + j] = 0;
                    }
                }
            }
            dst += nr * kc;
        }
    }
}
