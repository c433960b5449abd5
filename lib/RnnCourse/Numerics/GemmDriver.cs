// The GEMM driver: chooses a path (small-m kernels or packed micro-kernel), blocks the packed
// path for the caches and optionally splits the product over a WorkerPool's threads. The operand layout is
// GemmProblem; packing is GemmPacking (per call) and PackedB (once per pass).
//
// Packed path, loop order of Goto & van de Geijn (2008) / BLIS:
//   for jc over n in NC columns            (B block kc×nc stays in L3)
//     for pc over k in KStep(k) ≤ KC steps (one packed B block per (jc, pc))
//       pack B[pc.., jc..] → Bp
//       for ic over m in MC rows           (packed A block MC×KC = 192 KB stays in L2)
//         pack A[ic.., pc..] → Ap
//         for jr over nc in NR columns     (B micro-panel KC×NR = 48 KB, L1-resident)
//           for ir over mc in MR rows      micro-kernel: C[MR×NR] (+)= Ap panel · Bp panel
// Block sizes fit every machine the course targets (L1d ≥ 32 KB, L2 ≥ 512 KB; docs/benchmarks.md).
// One file, a little over 300 lines: the block sizes, the path choice and the loop nest that
// uses them are read together.
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnCourse.Numerics;

/// <summary>Path choice, cache blocking, packing buffers and the split over threads.</summary>
internal static unsafe class GemmDriver
{
    /// <summary>
    /// k block: a KC×NR panel of B (48 KB at NR = 32) streams through L1 with the A micro-panel;
    /// measured against 192, 256 and 512 on the course machine, 384 was best on large products
    /// (fewer passes over C) and equal elsewhere.
    /// </summary>
    public const int KC = 384;

    /// <summary>
    /// The k step of a product of depth <paramref name="k"/>: ceil(k / KC) blocks of equal size
    /// (rounded up to 8) instead of KC-sized blocks and a short tail. A tail of a few steps
    /// (k = T·B = 400 in the BPTT weight gradient: 384 + 16) makes every tile load and store
    /// its C for a handful of FMAs, with C out of L2.
    /// </summary>
    public static int KStep(int k)
    {
        int blocks = Math.Max(1, (k + KC - 1) / KC);
        return Math.Max(8, RoundUp((k + blocks - 1) / blocks, 8));
    }

    /// <summary>
    /// m block: the packed MC×KC block of A (192 KB) stays in L2. Rounded down to a multiple of
    /// the tile height (126 rows for 6-row tiles).
    /// </summary>
    public const int MC = 128;

    /// <summary>n block: the packed KC×NC block of B (3 MB) stays in L3.</summary>
    public const int NC = 3072;

    /// <summary>
    /// Products with m ≤ SmallM use the row-vector kernels (no packing): 4, where packing
    /// starts to pay on the course machine.
    /// </summary>
    public const int SmallM = 4;

    /// <summary>
    /// The micro-tile height for this machine: 8 rows (16 accumulators + 3 operands = 19
    /// registers) with 32 vector registers, 6 rows (15) with 16, where 8 rows would spill.
    /// </summary>
    public static readonly int TileRows = Simd.VectorRegisters >= 32 ? 8 : 6;

    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>Runs the product, on several threads when <paramref name="workers"/> is given and the product is large.</summary>
    /// <param name="pr">The product.</param>
    /// <param name="workers">The pool to split over, or null for one thread.</param>
    /// <param name="minParallelFlops">Flops per thread a split needs; negative: <see cref="GemmSplit.MinParallelFlops"/> (tests pass 0).</param>
    /// <param name="maxThreads">Most threads to use, the caller's included.</param>
    public static void Run(
        in GemmProblem pr,
        WorkerPool? workers,
        long minParallelFlops = -1,
        int maxThreads = int.MaxValue
    )
    {
        if (pr.M == 0 || pr.N == 0)
        {
            return;
        }
        if (pr.K == 0)
        {
            if (!pr.Accumulate)
            {
                for (int i = 0; i < pr.M; i++)
                {
                    new Span<float>(pr.C + i * pr.Ldc, pr.N).Clear();
                }
            }
            return;
        }
        var whole = pr;
        whole.Small = pr.M <= SmallM && (pr.Bcs == 1 || (pr.Brs == 1 && pr.Acs == 1));
        if (
            !whole.Small
            && pr.Ars == 1
            && pr.K >= GemmSplit.SplitKMin
            && pr.M < 2 * MC
            && (long)pr.M * pr.N <= GemmSplit.SplitKMaxOutput
        )
        {
            GemmSplit.RunSplitK(whole, workers, minParallelFlops, maxThreads);
            return;
        }
        int threads = GemmSplit.Threads(pr, workers, minParallelFlops, maxThreads);
        if (threads >= 2 && GemmSplit.TrySplit(whole, threads, out var job))
        {
            workers!.Run(ref job, job.Parts);
            return;
        }
        RunSingle(whole);
    }

    internal static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    internal static void RunSingle(in GemmProblem pr)
    {
        var job = new OneThread { Problem = pr };
        WidthDispatch.Run(pr.Isa, ref job);
    }

    private struct OneThread : IWidthJob
    {
        public GemmProblem Problem;

        public readonly void Run<TIsa, TVec>()
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct => RunIsa<TIsa, TVec>(Problem);
    }

    private static void RunIsa<TIsa, TVec>(in GemmProblem pr)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        if (pr.Small)
        {
            if (pr.Bcs == 1)
            {
                GemmSmallKernels.SmallRowsContiguousB<TIsa, TVec>(
                    pr.M,
                    pr.N,
                    pr.K,
                    pr.A,
                    pr.Ars,
                    pr.Acs,
                    pr.B,
                    pr.Brs,
                    pr.C,
                    pr.Ldc,
                    pr.Accumulate
                );
                return;
            }
            if (pr.Brs == 1 && pr.Acs == 1)
            {
                GemmSmallKernels.SmallRowsDot<TIsa, TVec>(
                    pr.M,
                    pr.N,
                    pr.K,
                    pr.A,
                    pr.Ars,
                    pr.B,
                    pr.Bcs,
                    pr.C,
                    pr.Ldc,
                    pr.Accumulate
                );
                return;
            }
            throw new InvalidOperationException("No small-m kernel for this operand layout.");
        }
        if (pr.TileRows == 8)
        {
            Packed<TIsa, TVec, Rows8>(pr);
        }
        else
        {
            Packed<TIsa, TVec, Rows6>(pr);
        }
    }

    private static void Packed<TIsa, TVec, TRows>(in GemmProblem pr)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
        where TRows : struct, ITileRows
    {
        int mr = TRows.Rows;
        int nr = 2 * TIsa.Width;
        int m = pr.M,
            n = pr.N,
            k = pr.K;
        int mcBlock = MC / mr * mr;
        int mcMax = Math.Min(mcBlock, RoundUp(m, mr));
        int kStep = KStep(k);
        int kcMax = Math.Min(kStep, k);
        int ncMax = Math.Min(NC, RoundUp(n, nr));
        float* bufA = Buffer(mcMax * kcMax + ncMax * kcMax + mr * 32);
        float* bufB = bufA + mcMax * kcMax;
        float* tile = bufB + ncMax * kcMax;
        nint ldc = pr.Ldc;

        // With one block of rows (m ≤ MC) and row-major B, each B element is used by at most
        // MC/MR micro-kernel calls straight after another: packing B would cost a copy of all
        // of B for little reuse, so full panels are read in place (row stride n), the L2
        // supplying what L1 conflicts evict. Not when the rows are so far apart that a panel's
        // kc rows share a few L1 sets and every load misses: rows a multiple of 4 KB apart (one
        // set), and at 256 bits and below rows a multiple of 128 bytes apart (n = 512: two sets)
        // once m ≥ 32 rows share the copy. `gemm-table --variant AB` at V256 on a Zen 3: 32 and
        // 64×2048×512 ran 25–40 % faster packed, 8 and 16×2048×512 10–25 % slower; at V512 on
        // a Zen 4, 64×2048×512 in place was 15 % faster than packed.
        bool conflicts = pr.Brs % 1024 == 0 || (TIsa.Width < 16 && pr.Brs % 32 == 0 && m >= 32);
        bool bInPlace = pr.Prepacked == null && pr.Bcs == 1 && m <= mcBlock && !conflicts;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kStep)
            {
                int kc = Math.Min(kStep, k - pc);
                bool add = pr.Accumulate || pc > 0;
                float* bBlock = pr.B + pc * pr.Brs + jc * pr.Bcs;
                int fullCols = bInPlace ? nc - nc % nr : 0;
                float* panels = bufB;
                if (pr.Prepacked != null)
                {
                    // Blocks stored jc-major, pc-minor (PackedB.Pack): skip the copy.
                    panels = pr.Prepacked + PackedB.BlockOffset(jc, pc, nc, k, nr);
                }
                else if (fullCols < nc)
                {
                    // Pack what is not read in place: everything, or just the edge panel.
                    GemmPacking.PackB<TIsa, TVec>(
                        kc,
                        nc - fullCols,
                        bBlock + fullCols * pr.Bcs,
                        pr.Brs,
                        pr.Bcs,
                        bufB + fullCols * kc
                    );
                }
                for (int ic = 0; ic < m; ic += mcBlock)
                {
                    int mc = Math.Min(mcBlock, m - ic);
                    // 6-row tiles leaving 2 rows end on two 4-row tiles instead of a 6 and a 2
                    // (a 2-row tile has 4 accumulator chains, half what covers the FMA latency):
                    // the last 8 rows are packed as two 4-row panels.
                    int fours = mr == 6 && mc % 6 == 2 && mc >= 8 ? mc - 8 : mc;
                    GemmPacking.PackA<TIsa, TVec>(
                        mr,
                        mc,
                        kc,
                        pr.A + ic * pr.Ars + pc * pr.Acs,
                        pr.Ars,
                        pr.Acs,
                        bufA,
                        fours
                    );
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        bool inPlace = jr < fullCols;
                        float* bPanel = inPlace ? bBlock + jr : panels + jr * kc;
                        nint ldb = inPlace ? pr.Brs : nr;
                        for (int ir = 0; ir < mc; ir += ir < fours ? mr : 4)
                        {
                            float* aPanel = bufA + ir * kc;
                            float* cTile = pr.C + (ic + ir) * ldc + jc + jr;
                            // An edge of 1–4 rows runs a 2- or 4-row kernel on the panel
                            // (6-row tiles: m = 31 would otherwise compute 36 rows); the 4-row
                            // panels after `fours` are 4 rows apart, the others MR.
                            bool four = ir >= fours;
                            int rows = four ? 4 : Math.Min(mr, mc - ir);
                            int h =
                                rows <= 2 ? 2
                                : rows <= 4 ? 4
                                : mr;
                            bool direct = h == rows && cols == nr;
                            float* dst = direct ? cTile : tile;
                            nint ld = direct ? ldc : nr;
                            bool acc = direct && add;
                            delegate* <int, float*, float*, nint, float*, nint, bool, void> kernel =
                                four ? &GemmKernels.MicroKernel<TIsa, TVec, Rows4, Rows4>
                                : h == mr ? &GemmKernels.MicroKernel<TIsa, TVec, TRows, TRows>
                                : h == 4 ? &GemmKernels.MicroKernel<TIsa, TVec, Rows4, TRows>
                                : &GemmKernels.MicroKernel<TIsa, TVec, Rows2, TRows>;
                            kernel(kc, aPanel, bPanel, ldb, dst, ld, acc);
                            if (!direct)
                            {
                                MergeEdge(tile, nr, rows, cols, cTile, ldc, add);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies (or adds) the valid rows×cols corner of an edge tile into C.</summary>
    private static void MergeEdge(
        float* tile,
        int nr,
        int rows,
        int cols,
        float* c,
        nint ldc,
        bool add
    )
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + r * nr;
            float* d = c + r * ldc;
            for (int j = 0; j < cols; j++)
            {
                d[j] = add ? d[j] + t[j] : t[j];
            }
        }
    }

    /// <summary>
    /// This thread's packing buffer, 64-byte aligned, grown on demand and then reused: no
    /// allocation per call once a thread has seen its largest product. Pinned (POH), so the
    /// pointer stays valid without <c>fixed</c>.
    /// </summary>
    private static float* Buffer(int floats) => Aligned(ref t_buffer, floats);

    /// <summary>
    /// A 64-byte-aligned pointer to at least <paramref name="floats"/> floats of
    /// <paramref name="array"/>, which is grown (pinned, on the POH, so the pointer stays valid
    /// without <c>fixed</c>) only when too small: no allocation once it has its largest size.
    /// </summary>
    internal static float* Aligned(ref float[]? array, long floats)
    {
        if (array is null || array.Length < floats + 16)
        {
            array = GC.AllocateUninitializedArray<float>(checked((int)(floats + 16)), pinned: true);
        }
        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (float*)((p + 63) & ~(nint)63);
    }
}
