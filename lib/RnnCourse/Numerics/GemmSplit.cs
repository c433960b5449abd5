// Splitting one GEMM over the threads of a WorkerPool: slices of m or n (each element of C
// computed by one thread, in the same order as on one thread: slices start on tile and panel
// boundaries, so every micro-tile is the one a single thread computes), or, for the long-k Aᵀ·B
// of the BPTT weight gradients, halves of k summed in a fixed order. Either way the bytes of C do
// not depend on the thread count (GemmTests compare 1 to 4 threads bit for bit).
namespace RnnCourse.Numerics;

/// <summary>When and how a product is split over threads.</summary>
internal static unsafe class GemmSplit
{
    /// <summary>
    /// Products below this many flops (2·m·n·k) per thread stay on fewer threads: a hand-off to
    /// a worker costs about a microsecond, so smaller slices lose more than they gain.
    /// </summary>
    /// <remarks>A call can pass its own threshold (<see cref="GemmDriver.Run"/>'s minParallelFlops).</remarks>
    public const long MinParallelFlops = 1L << 20;

    /// <summary>
    /// How many threads the product is worth: one per <paramref name="minParallelFlops"/> of
    /// work, at most <paramref name="maxThreads"/> and the pool's; 1 when no free pool is given.
    /// </summary>
    internal static int Threads(
        in GemmProblem pr,
        WorkerPool? workers,
        long minParallelFlops,
        int maxThreads
    )
    {
        if (workers is not { IsParallel: true, IsBusy: false })
        {
            return 1;
        }
        long flops = 2L * pr.M * pr.N * pr.K;
        long per = Math.Max(1, minParallelFlops < 0 ? MinParallelFlops : minParallelFlops);
        return (int)Math.Clamp(flops / per, 1, Math.Min(workers.Threads, maxThreads));
    }

    /// <summary>
    /// Aᵀ·B products (A read transposed) with at least this many k steps are summed as two
    /// halves of k, on one thread or two (see <see cref="RunSplitK"/>).
    /// </summary>
    public const int SplitKMin = 512;

    /// <summary>Largest C (m·n floats, 1 MB) summed in halves: the second half needs a scratch copy of C.</summary>
    public const long SplitKMaxOutput = 262_144;

    [ThreadStatic]
    internal static float[]? t_splitK;

    /// <summary>
    /// C (+)= A[:k0]ᵀ·B[:k0], S = A[k0:]ᵀ·B[k0:], then C += S. The weight gradients of BPTT are
    /// Aᵀ·B over all T·B rows: m·n is small and k long, so slicing m or n would make every
    /// thread pack all of the long operand; halves of k give each thread its own half. The
    /// halves are a partition fixed by k, summed the same way on one thread, so the result does
    /// not depend on the thread count (as for every other product).
    /// </summary>
    internal static void RunSplitK(
        in GemmProblem pr,
        WorkerPool? workers,
        long minParallelFlops,
        int maxThreads
    )
    {
        int k0 = pr.K / 2;
        float* s = GemmDriver.Aligned(ref t_splitK, pr.M * pr.N);
        var job = new HalvesOfK
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
        if (Threads(pr, workers, minParallelFlops, maxThreads) >= 2)
        {
            workers!.Run(ref job, 2);
        }
        else
        {
            job.Execute(0);
            job.Execute(1);
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
    /// Slices for <paramref name="threads"/> threads: over m when each slice keeps at least an
    /// MC block of rows (each thread then packs only its own A rows), else over n in whole
    /// panels of 4 vectors (each thread packs only its own B columns), else over m in whole
    /// micro-tiles. False when the product has too little of either to share; when true, there
    /// are at least 2 parts (for 2 or more threads).
    /// </summary>
    internal static bool TrySplit(in GemmProblem pr, int threads, out Slices job)
    {
        job = new Slices { Whole = pr };
        if (pr.M >= 2 * GemmDriver.MC)
        {
            job.ByRows = true;
            job.Align = pr.TileRows;
            job.Parts = Math.Min(threads, pr.M / GemmDriver.MC);
            return true;
        }
        int align = 4 * Simd.Lanes(pr.Isa);
        if (pr.N > align)
        {
            job.Align = align;
            job.Parts = Math.Min(threads, (pr.N + align - 1) / align);
            return true;
        }
        if (!pr.Small && pr.M >= 2 * pr.TileRows)
        {
            job.ByRows = true;
            job.Align = pr.TileRows;
            job.Parts = Math.Min(threads, pr.M / pr.TileRows);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Part p of <see cref="Parts"/> computes rows (or columns) [Bound(p), Bound(p + 1)) of C,
    /// bounds rounded to multiples of <see cref="Align"/>.
    /// </summary>
    internal struct Slices : IParallelWork
    {
        public GemmProblem Whole;
        public bool ByRows;
        public int Align;
        public int Parts;

        public readonly void Execute(int part)
        {
            int size = ByRows ? Whole.M : Whole.N;
            int lo = Bound(part, size),
                hi = Bound(part + 1, size);
            if (lo < hi)
            {
                GemmDriver.RunSingle(ByRows ? Whole.Rows(lo, hi) : Whole.Columns(lo, hi));
            }
        }

        private readonly int Bound(int part, int size) =>
            part >= Parts
                ? size
                : Math.Min(size, GemmDriver.RoundUp((int)((long)size * part / Parts), Align));
    }

    internal struct HalvesOfK : IParallelWork
    {
        public GemmProblem Part0;
        public GemmProblem Part1;

        public readonly void Execute(int part) => GemmDriver.RunSingle(part == 0 ? Part0 : Part1);
    }
}
