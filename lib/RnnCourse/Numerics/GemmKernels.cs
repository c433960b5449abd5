// The inner loop of Gemm's packed path: one register-blocked micro-kernel, written once over a
// tiny "instruction set" abstraction (ISimdIsa) so the same code runs on Vector512, Vector256,
// Vector128 and plain floats (the small-m kernels are GemmSmallKernels). The JIT specialises
// each generic instantiation for its struct ISA and inlines every operation, so the machine code
// is the same as hand-written intrinsics.
//
// Micro-kernel (Goto & van de Geijn, "Anatomy of High-Performance Matrix Multiplication", 2008;
// the BLIS micro-kernel): C[MR×NR] (+)= Ap[MR×kc] · Bp[kc×NR] with Ap and Bp packed so that each
// step p reads MR consecutive floats of A (broadcast one by one) and NR = 2 vectors of B.
// The MR×2 accumulators live in registers for the whole k loop; C is touched once per kc block.
// MR follows the CPU's vector register count (ITileRows): 8 with 32 registers, 6 with 16.
// Deliberate twins by shape: the register-blocked kernels GemmKernels, GemmSmallKernels,
// MatVecRowKernels and MatVecCombineKernels each unroll a block of accumulators
// (c0 … c15) and its loads and stores by hand, so the JIT keeps every accumulator in a register;
// their signatures and blocks look alike, and each loop order is its own (see each header).

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

/// <summary>
/// 4 rows: the edge tile of an m that leaves 3 or 4 rows after the full tiles, and the last two
/// tiles where 6-row tiles would leave 2 (GemmDriver packs those 8 rows as two 4-row panels).
/// </summary>
internal readonly struct Rows4 : ITileRows
{
    /// <inheritdoc/>
    public static int Rows => 4;
}

/// <summary>2 rows: the edge tile of an m that leaves 1 or 2 rows after the full tiles.</summary>
internal readonly struct Rows2 : ITileRows
{
    /// <inheritdoc/>
    public static int Rows => 2;
}

/// <summary>The register-blocked micro-kernel of the packed path, shared by every ISA.</summary>
internal static unsafe class GemmKernels
{
    /// <summary>
    /// Micro-kernel: C[R×NR] = (add ? C : 0) + Ap·Bp, R = <typeparamref name="TRows"/>.Rows,
    /// NR = 2·Width. Ap is packed [kc][MR], MR = <typeparamref name="TPanel"/>.Rows ≥ R (an edge
    /// tile computes only the first R rows of a panel); Bp has NR contiguous floats per k step,
    /// ldb apart (NR when packed, the row length of B when read in place); c has row stride ldc.
    /// Scalar formula: c[r, j] (+)= Σ_p ap[p·MR + r] · bp[p·ldb + j].
    /// </summary>
    /// <remarks>
    /// R×2 accumulators + 2 B vectors + 1 broadcast must stay in registers: 8 rows (19 live
    /// vectors) where the CPU has 32 vector registers (AVX-512 at any width, ARM64), 6 rows (15)
    /// where it has 16 (AVX2, SSE): BLIS's Haswell tile, 6×16 floats at 256 bits. Per k step
    /// R×2 FMAs against 2 vector loads and R broadcasts, enough independent chains to cover the
    /// FMA latency (4 cycles × 2 pipes). Rows past R are not compiled: <c>TRows.Rows</c> is a
    /// constant to the JIT. Each element is summed over k in the same order whatever R, so an
    /// edge tile's bytes are those of a full one.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MicroKernel<TIsa, TVec, TRows, TPanel>(
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
        where TPanel : struct, ITileRows
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
        // C's tile is read (add) and written only after the k loop, thousands of cycles from
        // now; asking for its lines first hides the miss that would otherwise stall the end of
        // every call when C is out of L2 (a step's pre-activations, a large C's later k blocks).
        PrefetchRows<TRows>(c, ldc, 2 * w);
        // The tile's rows are unrolled two at a time, each pair a deliberate twin of the last:
        // written out, every accumulator is a local the JIT keeps in a register.
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
            if (TRows.Rows >= 4)
            {
                a = TIsa.Broadcast(ap + 2);
                c20 = TIsa.MulAdd(a, b0, c20);
                c21 = TIsa.MulAdd(a, b1, c21);
                a = TIsa.Broadcast(ap + 3);
                c30 = TIsa.MulAdd(a, b0, c30);
                c31 = TIsa.MulAdd(a, b1, c31);
            }
            if (TRows.Rows >= 6)
            {
                a = TIsa.Broadcast(ap + 4);
                c40 = TIsa.MulAdd(a, b0, c40);
                c41 = TIsa.MulAdd(a, b1, c41);
                a = TIsa.Broadcast(ap + 5);
                c50 = TIsa.MulAdd(a, b0, c50);
                c51 = TIsa.MulAdd(a, b1, c51);
            }
            if (TRows.Rows == 8)
            {
                a = TIsa.Broadcast(ap + 6);
                c60 = TIsa.MulAdd(a, b0, c60);
                c61 = TIsa.MulAdd(a, b1, c61);
                a = TIsa.Broadcast(ap + 7);
                c70 = TIsa.MulAdd(a, b0, c70);
                c71 = TIsa.MulAdd(a, b1, c71);
            }
            ap += TPanel.Rows;
            bp += ldb;
        }
        StoreRow<TIsa, TVec>(c, w, c00, c01, add);
        StoreRow<TIsa, TVec>(c + ldc, w, c10, c11, add);
        if (TRows.Rows >= 4)
        {
            StoreRow<TIsa, TVec>(c + 2 * ldc, w, c20, c21, add);
            StoreRow<TIsa, TVec>(c + 3 * ldc, w, c30, c31, add);
        }
        if (TRows.Rows >= 6)
        {
            StoreRow<TIsa, TVec>(c + 4 * ldc, w, c40, c41, add);
            StoreRow<TIsa, TVec>(c + 5 * ldc, w, c50, c51, add);
        }
        if (TRows.Rows == 8)
        {
            StoreRow<TIsa, TVec>(c + 6 * ldc, w, c60, c61, add);
            StoreRow<TIsa, TVec>(c + 7 * ldc, w, c70, c71, add);
        }
    }

    /// <summary>
    /// Prefetches into L1 the first and last float of each of the tile's rows of C (row stride
    /// ldc, <paramref name="cols"/> floats a row): a hint, no effect on results; none where the
    /// CPU has no prefetch instruction .NET exposes (ARM64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRows<TRows>(float* c, nint ldc, int cols)
        where TRows : struct, ITileRows
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        for (int r = 0; r < TRows.Rows; r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + cols - 1);
        }
    }

    /// <summary>Two vectors of one row of C: c[0..2w) (+)= (v0, v1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreRow<TIsa, TVec>(float* c, int w, TVec v0, TVec v1, bool add)
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
}
