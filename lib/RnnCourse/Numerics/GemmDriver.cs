// The GEMM driver: chooses a path (small-m kernels or packed micro-kernel), blocks the packed
// path for the caches and optionally splits the product over two cores.
//
// Packed path, loop order of Goto & van de Geijn (2008) / BLIS:
//   for jc over n in NC columns            (B block kc×nc stays in L3)
//     for pc over k in KC steps            (one packed B block per (jc, pc))
//       pack B[pc.., jc..] → Bp
//       for ic over m in MC rows           (packed A block MC×KC = 192 KB stays in L2)
//         pack A[ic.., pc..] → Ap
//         for jr over nc in NR columns     (B micro-panel KC×NR = 48 KB, L1-resident)
//           for ir over mc in MR rows      micro-kernel: C[MR×NR] (+)= Ap panel · Bp panel
// Sizes for the course machine (AMD Zen 5: 48 KB L1d, 1 MB L2 per core, 32 MB L3).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnCourse.Numerics;

/// <summary>A strided product C[m×n] (+)= A(i, p)·B(p, j); see <see cref="GemmPacking"/> for the strides.</summary>
internal unsafe struct GemmProblem
{
    public int M;
    public int N;
    public int K;
    public float* A;
    public nint Ars;
    public nint Acs;
    public float* B;
    public nint Brs;
    public nint Bcs;
    public float* C;
    public nint Ldc;
    public bool Accumulate;
    public SimdWidth Isa;

    /// <summary>
    /// Use the small-m kernels. Decided once for the whole product, before any split, so a
    /// half never changes kernel (and summation order) because it has fewer rows.
    /// </summary>
    public bool Small;

    /// <summary>
    /// Rows of the packed path's micro-tile (MR): <see cref="GemmDriver.TileRows"/> for this
    /// machine, or forced (tests run the 16-register tile on a 32-register machine).
    /// </summary>
    public int TileRows;

    /// <summary>B already packed for this ISA (a <see cref="PackedB"/>), or null to pack per call.</summary>
    public float* Prepacked;

    /// <summary>The sub-product computing columns j0..j1 of C.</summary>
    public readonly GemmProblem Columns(int j0, int j1) =>
        this with
        {
            N = j1 - j0,
            B = B + j0 * Bcs,
            C = C + j0,
        };

    /// <summary>The sub-product computing rows i0..i1 of C.</summary>
    public readonly GemmProblem Rows(int i0, int i1) =>
        this with
        {
            M = i1 - i0,
            A = A + i0 * Ars,
            C = C + i0 * Ldc,
        };
}

/// <summary>Path choice, cache blocking, packing buffers and the two-core split.</summary>
internal static unsafe class GemmDriver
{
    /// <summary>
    /// k block: a KC×NR panel of B (48 KB at NR = 32) streams through L1 with the A micro-panel;
    /// measured against 192, 256 and 512 on the course machine, 384 was best on large products
    /// (fewer passes over C) and equal elsewhere.
    /// </summary>
    public const int KC = 384;

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
    /// Products below this many flops (2·m·n·k) stay on one thread: a dispatch to the worker
    /// costs about a microsecond, so smaller products lose more than they gain.
    /// </summary>
    /// <remarks>A call can pass its own threshold (<see cref="Run"/>'s minParallelFlops).</remarks>
    public const long MinParallelFlops = 1L << 20;

    /// <summary>
    /// The micro-tile height for this machine: 8 rows (16 accumulators + 3 operands = 19
    /// registers) with 32 vector registers, 6 rows (15) with 16, where 8 rows would spill.
    /// </summary>
    public static readonly int TileRows = Simd.VectorRegisters >= 32 ? 8 : 6;

    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>Runs the product, on two threads when <paramref name="workers"/> is given and the product is large.</summary>
    /// <param name="pr">The product.</param>
    /// <param name="workers">The pair to split over, or null for one thread.</param>
    /// <param name="minParallelFlops">Split threshold; negative: <see cref="MinParallelFlops"/> (tests pass 0).</param>
    public static void Run(in GemmProblem pr, WorkerPair? workers, long minParallelFlops = -1)
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
            && pr.K >= SplitKMin
            && pr.M < 2 * MC
            && (long)pr.M * pr.N <= SplitKMaxOutput
        )
        {
            RunSplitK(whole, workers, minParallelFlops);
            return;
        }
        if (WorthSplitting(pr, workers, minParallelFlops) && TrySplit(whole, out var job))
        {
            workers.Run(ref job);
            return;
        }
        RunSingle(whole);
    }

    /// <summary>True when a free pair is given and the product is big enough to pay for the hand-off.</summary>
    private static bool WorthSplitting(
        in GemmProblem pr,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] WorkerPair? workers,
        long minParallelFlops
    ) =>
        workers is { IsParallel: true, IsBusy: false }
        && 2L * pr.M * pr.N * pr.K >= (minParallelFlops < 0 ? MinParallelFlops : minParallelFlops);

    /// <summary>
    /// Aᵀ·B products (A read transposed) with at least this many k steps are summed as two
    /// halves of k, on one thread or two (see <see cref="RunSplitK"/>).
    /// </summary>
    public const int SplitKMin = 512;

    /// <summary>Largest C (m·n floats, 1 MB) summed in halves: the second half needs a scratch copy of C.</summary>
    public const long SplitKMaxOutput = 262_144;

    [ThreadStatic]
    private static float[]? t_splitK;

    /// <summary>
    /// C (+)= A[:k0]ᵀ·B[:k0], S = A[k0:]ᵀ·B[k0:], then C += S. The weight gradients of BPTT are
    /// Aᵀ·B over all T·B rows: m·n is small and k long, so splitting m or n would make both
    /// threads pack all of the long operand; halves of k give each thread its own half. The
    /// halves are summed the same way on one thread, so the result does not depend on the
    /// thread count (as for every other product).
    /// </summary>
    private static void RunSplitK(in GemmProblem pr, WorkerPair? workers, long minParallelFlops)
    {
        int k0 = pr.K / 2;
        float* s = Aligned(ref t_splitK, pr.M * pr.N);
        var job = new SplitJob
        {
            Part0 = pr with { K = k0 },
            Part1 = pr with
            {
                K = pr.K - k0,
                A = pr.A + k0 * pr.Acs,
                B = pr.B + k0 * pr.Brs,
                C = s,
                Ldc = pr.N,
                Accumulate = false,
            },
        };
        if (WorthSplitting(pr, workers, minParallelFlops))
        {
            workers.Run(ref job);
        }
        else
        {
            RunSingle(job.Part0);
            RunSingle(job.Part1);
        }
        for (int i = 0; i < pr.M; i++)
        {
            var row = new Span<float>(pr.C + i * pr.Ldc, pr.N);
            System.Numerics.Tensors.TensorPrimitives.Add(
                row,
                new ReadOnlySpan<float>(s + i * pr.N, pr.N),
                row
            );
        }
    }

    /// <summary>
    /// Halves for two threads: over m when both halves keep at least an MC block of rows (each
    /// thread then packs only its own A rows), else over n at a multiple of 4 vectors (each
    /// thread packs only its own B columns).
    /// </summary>
    private static bool TrySplit(in GemmProblem pr, out SplitJob job)
    {
        job = default;
        if (pr.M >= 2 * MC)
        {
            int i0 = RoundUp((pr.M + 1) / 2, pr.TileRows);
            job.Part0 = pr.Rows(0, i0);
            job.Part1 = pr.Rows(i0, pr.M);
            return true;
        }
        int align = 4 * Simd.Lanes(pr.Isa);
        int j0 = RoundUp((pr.N + 1) / 2, align);
        if (j0 < pr.N)
        {
            job.Part0 = pr.Columns(0, j0);
            job.Part1 = pr.Columns(j0, pr.N);
            return true;
        }
        if (!pr.Small && pr.M >= 2 * pr.TileRows)
        {
            int i0 = RoundUp((pr.M + 1) / 2, pr.TileRows);
            job.Part0 = pr.Rows(0, i0);
            job.Part1 = pr.Rows(i0, pr.M);
            return true;
        }
        return false;
    }

    private struct SplitJob : IPairWork
    {
        public GemmProblem Part0;
        public GemmProblem Part1;

        public readonly void Execute(int part) => RunSingle(part == 0 ? Part0 : Part1);
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    private static void RunSingle(in GemmProblem pr)
    {
        switch (pr.Isa)
        {
            case SimdWidth.V512:
                RunIsa<Isa512, Vector512<float>>(pr);
                break;
            case SimdWidth.V256:
                RunIsa<Isa256, Vector256<float>>(pr);
                break;
            case SimdWidth.V128:
                RunIsa<Isa128, Vector128<float>>(pr);
                break;
            default:
                RunIsa<IsaScalar, float>(pr);
                break;
        }
    }

    private static void RunIsa<TIsa, TVec>(in GemmProblem pr)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        if (pr.Small)
        {
            if (pr.Bcs == 1)
            {
                GemmKernels.SmallRowsContiguousB<TIsa, TVec>(
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
                GemmKernels.SmallRowsDot<TIsa, TVec>(
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
        int kcMax = Math.Min(KC, k);
        int ncMax = Math.Min(NC, RoundUp(n, nr));
        float* bufA = Buffer(mcMax * kcMax + ncMax * kcMax + mr * 32);
        float* bufB = bufA + mcMax * kcMax;
        float* tile = bufB + ncMax * kcMax;
        nint ldc = pr.Ldc;

        // With one block of rows (m ≤ MC) and row-major B, each B element is used by at most
        // MC/MR micro-kernel calls straight after another: packing B would cost a copy of all
        // of B for little reuse, so full panels are read in place (row stride n). The L2
        // supplies the 2 vectors per 16 FMAs the kernel needs even when L1 conflicts evict B.
        // Not when B's rows are a multiple of 4 KB apart (n a multiple of 1024): then every row
        // of a panel maps to the same L1 sets and the panel thrashes; packing is cheaper.
        bool bInPlace = pr.Prepacked == null && pr.Bcs == 1 && m <= mcBlock && pr.Brs % 1024 != 0;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                bool add = pr.Accumulate || pc > 0;
                float* bBlock = pr.B + pc * pr.Brs + jc * pr.Bcs;
                int fullCols = bInPlace ? nc - nc % nr : 0;
                float* panels = bufB;
                if (pr.Prepacked != null)
                {
                    // Blocks stored jc-major, pc-minor (PackedB.Pack): skip the copy.
                    panels = pr.Prepacked + PackedBlockOffset(jc, pc, nc, k, nr);
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
                    GemmPacking.PackA<TIsa, TVec>(
                        mr,
                        mc,
                        kc,
                        pr.A + ic * pr.Ars + pc * pr.Acs,
                        pr.Ars,
                        pr.Acs,
                        bufA
                    );
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        bool inPlace = jr < fullCols;
                        float* bPanel = inPlace ? bBlock + jr : panels + jr * kc;
                        nint ldb = inPlace ? pr.Brs : nr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            float* aPanel = bufA + ir * kc;
                            float* cTile = pr.C + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                GemmKernels.MicroKernel<TIsa, TVec, TRows>(
                                    kc,
                                    aPanel,
                                    bPanel,
                                    ldb,
                                    cTile,
                                    ldc,
                                    add
                                );
                            }
                            else
                            {
                                GemmKernels.MicroKernel<TIsa, TVec, TRows>(
                                    kc,
                                    aPanel,
                                    bPanel,
                                    ldb,
                                    tile,
                                    nr,
                                    false
                                );
                                MergeEdge(tile, nr, rows, cols, cTile, ldc, add);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs all of B (k × n, strides brs/bcs) in the blocks <see cref="Packed{TIsa, TVec, TRows}"/>
    /// reads: for each NC block of columns, for each KC block of k, ceil(nc/NR) panels.
    /// </summary>
    public static void PackAll(
        SimdWidth isa,
        int k,
        int n,
        float* b,
        nint brs,
        nint bcs,
        float* dst
    )
    {
        switch (isa)
        {
            case SimdWidth.V512:
                PackAll<Isa512, Vector512<float>>(k, n, b, brs, bcs, dst);
                break;
            case SimdWidth.V256:
                PackAll<Isa256, Vector256<float>>(k, n, b, brs, bcs, dst);
                break;
            case SimdWidth.V128:
                PackAll<Isa128, Vector128<float>>(k, n, b, brs, bcs, dst);
                break;
            default:
                PackAll<IsaScalar, float>(k, n, b, brs, bcs, dst);
                break;
        }
    }

    /// <summary>
    /// Where block (jc, pc) starts in <see cref="PackAll"/>'s layout: the full NC blocks before
    /// jc (NC is a multiple of every NR, so each holds NC·k floats), then the KC blocks before pc.
    /// </summary>
    private static nint PackedBlockOffset(int jc, int pc, int nc, int k, int nr) =>
        (nint)jc * k + (nint)RoundUp(nc, nr) * pc;

    /// <summary>Floats <see cref="PackAll"/> writes for a k × n B.</summary>
    public static long PackedLength(SimdWidth isa, int k, int n)
    {
        int nr = 2 * Simd.Lanes(isa);
        long total = 0;
        for (int jc = 0; jc < n; jc += NC)
        {
            total += (long)RoundUp(Math.Min(NC, n - jc), nr) * k;
        }
        return total;
    }

    private static void PackAll<TIsa, TVec>(int k, int n, float* b, nint brs, nint bcs, float* dst)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int nr = 2 * TIsa.Width;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                GemmPacking.PackB<TIsa, TVec>(
                    kc,
                    nc,
                    b + pc * brs + jc * bcs,
                    brs,
                    bcs,
                    dst + PackedBlockOffset(jc, pc, nc, k, nr)
                );
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
