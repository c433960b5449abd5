// Packing for the GEMM micro-kernel: copies a block of A (mc×kc) into micro-panels of MR rows,
// laid out [panel][p][MR], and a block of B (kc×nc) into micro-panels of NR columns, laid out
// [panel][p][NR]. Partial panels are zero-padded so the micro-kernel never branches on edges.
// Packing turns every operand layout (A or Aᵀ, B or Bᵀ) into the one layout the kernel streams
// with unit stride, and keeps each panel contiguous in cache (no TLB or set-associativity
// conflicts from large row strides).
//
// Operand element (i, p) of A is a[i·ars + p·acs]; element (p, j) of B is b[p·brs + j·bcs].
// A·B: A (k, 1), B (n, 1); A·Bᵀ: A (k, 1), B (1, k); Aᵀ·B: A (1, m), B (n, 1).
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RnnCourse.Numerics;

/// <summary>Packs operand blocks into the micro-kernel's panel layout.</summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs A[0..mc, 0..kc] into panels of <paramref name="panelRows"/> rows (8 or 6), and of 4
    /// rows from row <paramref name="fours"/> on (see GemmDriver: 6-row tiles that would leave 2
    /// rows end on two 4-row ones): dst[offset(i0) + p·MR + r] = A(i0 + r, p) for a panel of MR
    /// rows starting at row i0, offset(i0) = i0·kc; zero for rows ≥ mc.
    /// </summary>
    public static void PackA<TIsa, TVec>(
        int panelRows,
        int mc,
        int kc,
        float* a,
        nint ars,
        nint acs,
        float* dst,
        int fours = int.MaxValue
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        if (acs != 1)
        {
            PackATransposed(panelRows, mc, kc, a, acs, dst, fours);
            return;
        }
        bool transpose8 = TIsa.Width >= 8 && Avx.IsSupported;
        for (int i0 = 0, mr; i0 < mc; i0 += mr)
        {
            mr = i0 < fours ? panelRows : 4;
            int rows = Math.Min(mr, mc - i0);
            float* src = a + i0 * ars;
            if (rows == mr && mr >= 6 && transpose8)
            {
                TransposePanel(src, ars, mr, kc, dst); // A row-major, full panel
            }
            else
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
    /// PackA for Aᵀ (acs ≠ 1, so ars = 1: every GemmOp has one of the two; column p of A is the
    /// stored row p). Each stored row's mc floats are read once, in order, and dealt to the
    /// panels, MR to each. Panel by panel would walk down kc stored rows acs apart once per
    /// panel; rows a multiple of 4 KB apart (the engine's weight gradients: dG is T·B × 4H) all
    /// map to the same L1 and L2 sets, so every walk came from L3.
    /// </summary>
    private static void PackATransposed(
        int panelRows,
        int mc,
        int kc,
        float* a,
        nint acs,
        float* dst,
        int fours
    )
    {
        for (int p = 0; p < kc; p++)
        {
            float* s = a + p * acs;
            for (int i0 = 0, mr; i0 < mc; i0 += mr)
            {
                mr = i0 < fours ? panelRows : 4;
                int rows = Math.Min(mr, mc - i0);
                // Panels before row i0 are full, MR rows × kc each: this one starts at i0·kc.
                float* d = dst + i0 * kc + p * mr;
                int r = 0;
                for (; r + 4 <= rows; r += 4)
                {
                    Vector128.Store(Vector128.Load(s + i0 + r), d + r);
                }
                for (; r < rows; r++)
                {
                    d[r] = s[i0 + r];
                }
                for (; r < mr; r++)
                {
                    d[r] = 0;
                }
            }
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
        bool transpose8 = w >= 8 && Avx.IsSupported; // V512 and V256 (nr = 32, 16); V128 and scalar keep the plain copy
        int j0 = 0;
        if (bcs == 1)
        {
            // Rows of B are contiguous: read B row by row, two vector copies per full panel.
            // Row order keeps the reads sequential; panel by panel they would walk down a
            // column strip, one row (and, for rows ≥ 4 KB apart, one page) per k step, where
            // the hardware prefetchers stop at each page: 81 → 92 GFLOP/s at 64×512×2048, V256.
            // Rows are taken in groups that fill a 64-byte line of each panel (2 rows at
            // 128 bits): half-line stores to 100+ panels would not combine before eviction.
            int full = nc / nr;
            int group = Math.Max(1, 16 / nr);
            for (int p = 0; p < kc; p += group)
            {
                int rows = Math.Min(group, kc - p);
                float* s = b + p * brs;
                float* d = dst + p * nr;
                for (int q = 0; q < full; q++, s += nr, d += nr * kc)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        TIsa.Store(d + r * nr, TIsa.Load(s + r * brs));
                        TIsa.Store(d + r * nr + w, TIsa.Load(s + r * brs + w));
                    }
                }
            }
            j0 = full * nr;
            dst += j0 * kc;
        }
        for (; j0 < nc; j0 += nr)
        {
            int cols = Math.Min(nr, nc - j0);
            float* src = b + j0 * bcs;
            if (bcs == 1)
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
            else if (brs == 1 && transpose8 && cols == nr)
            {
                TransposePanel(src, bcs, nr, kc, dst); // Bᵀ, full panel
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

    /// <summary>
    /// dst[p·width + r] = src[r·stride + p] for r &lt; width, p &lt; kc: <paramref name="width"/>
    /// stored rows (6, 8, 16 or 32, with AVX) become the columns of a [p][width] panel, by 8×8
    /// register transposes and a scalar tail. At width 6 each block stores 8 floats per k step,
    /// 6 apart: the 2 extra land on the next k step's first entries, written after them, so the
    /// last block leaves a k step to the tail.
    /// </summary>
    private static void TransposePanel(float* src, nint stride, int width, int kc, float* dst)
    {
        int p = 0;
        for (; width % 8 == 0 ? p + 8 <= kc : p + 8 < kc; p += 8)
        {
            for (int r = 0; r < width; r += 8)
            {
                Transpose8x8(
                    src + r * stride + p,
                    stride,
                    dst + p * width + r,
                    width,
                    Math.Min(8, width - r)
                );
            }
        }
        for (; p < kc; p++)
        {
            for (int r = 0; r < width; r++)
            {
                dst[p * width + r] = src[r * stride + p];
            }
        }
    }

    /// <summary>
    /// dst[p·dstStride + r] = src[r·srcStride + p] for r &lt; <paramref name="rows"/> (6 or 8,
    /// rows 6 and 7 read as zeros when 6), p &lt; 8: a block transposed in registers (unpack,
    /// shuffle, lane permute), replacing up to 64 strided scalar copies. Each output row is one
    /// 8-float store, in ascending p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        float* src,
        nint srcStride,
        float* dst,
        nint dstStride,
        int rows = 8
    )
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = rows == 8 ? Avx.LoadVector256(src + 6 * srcStride) : Vector256<float>.Zero;
        var r7 = rows == 8 ? Avx.LoadVector256(src + 7 * srcStride) : Vector256<float>.Zero;
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
