// Splitting one GEMM over the two threads of a WorkerPair: halves of m or n (each element of C
// computed by one thread, in the same order as on one thread), or, for the long-k Aᵀ·B of the
// BPTT weight gradients, halves of k summed in a fixed order. Either way the bytes of C do not
// depend on the thread count (GemmTests compare one and two threads bit for bit).
namespace RnnCourse.Numerics;

/// <summary>When and how a product is split over two threads.</summary>
internal static unsafe class GemmSplit
{
    /// <summary>
    /// Products below this many flops (2·m·n·k) stay on one thread: a dispatch to the worker
    /// costs about a microsecond, so smaller products lose more than they gain.
    /// </summary>
    /// <remarks>A call can pass its own threshold (<see cref="GemmDriver.Run"/>'s minParallelFlops).</remarks>
    public const long MinParallelFlops = 1L << 20;

    /// <summary>True when a free pair is given and the product is big enough to pay for the hand-off.</summary>
    internal static bool WorthSplitting(
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
    internal static float[]? t_splitK;

    /// <summary>
    /// C (+)= A[:k0]ᵀ·B[:k0], S = A[k0:]ᵀ·B[k0:], then C += S. The weight gradients of BPTT are
    /// Aᵀ·B over all T·B rows: m·n is small and k long, so splitting m or n would make both
    /// threads pack all of the long operand; halves of k give each thread its own half. The
    /// halves are summed the same way on one thread, so the result does not depend on the
    /// thread count (as for every other product).
    /// </summary>
    internal static void RunSplitK(in GemmProblem pr, WorkerPair? workers, long minParallelFlops)
    {
        int k0 = pr.K / 2;
        float* s = GemmDriver.Aligned(ref t_splitK, pr.M * pr.N);
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
            GemmDriver.RunSingle(job.Part0);
            GemmDriver.RunSingle(job.Part1);
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
    internal static bool TrySplit(in GemmProblem pr, out SplitJob job)
    {
        job = default;
        if (pr.M >= 2 * GemmDriver.MC)
        {
            int i0 = GemmDriver.RoundUp((pr.M + 1) / 2, pr.TileRows);
            job.Part0 = pr.Rows(0, i0);
            job.Part1 = pr.Rows(i0, pr.M);
            return true;
        }
        int align = 4 * Simd.Lanes(pr.Isa);
        int j0 = GemmDriver.RoundUp((pr.N + 1) / 2, align);
        if (j0 < pr.N)
        {
            job.Part0 = pr.Columns(0, j0);
            job.Part1 = pr.Columns(j0, pr.N);
            return true;
        }
        if (!pr.Small && pr.M >= 2 * pr.TileRows)
        {
            int i0 = GemmDriver.RoundUp((pr.M + 1) / 2, pr.TileRows);
            job.Part0 = pr.Rows(0, i0);
            job.Part1 = pr.Rows(i0, pr.M);
            return true;
        }
        return false;
    }

    internal struct SplitJob : IPairWork
    {
        public GemmProblem Part0;
        public GemmProblem Part1;

        public readonly void Execute(int part) => GemmDriver.RunSingle(part == 0 ? Part0 : Part1);
    }
}
