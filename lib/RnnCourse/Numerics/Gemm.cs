// Optimized single-precision matrix products for BPTT: A·B (inputs and recurrent products),
// A·Bᵀ (backward to inputs/hidden) and Aᵀ·B (weight gradients over all time steps).
// Row-major spans, destination last. The readable twin is GemmNaive; tests compare the two.
//
// Each variant is the same strided product C(i, j) (+)= Σ_p A(i, p)·B(p, j) with different
// strides; GemmDriver picks the path (small-m row kernels, or packed and cache-blocked
// micro-kernel on Vector512 / Vector256 / Vector128 / scalar) and optionally splits it over the
// two cores of a WorkerPool. Design and measurements: docs/benchmarks.md.
namespace RnnCourse.Numerics;

// The public overloads repeat one parameter list by design (the API of GemmNaive and MatOps,
// with and without a WorkerPool); each is one line into Product.

/// <summary>
/// Single-precision GEMM variants. Same signatures as <see cref="GemmNaive"/>; <c>accumulate</c>
/// adds into the destination (gradient accumulation) instead of overwriting it.
/// </summary>
/// <remarks>
/// Overloads taking a <see cref="WorkerPool"/> split large products (≥ about a million flops)
/// over the calling thread and the pair's worker; pass <see cref="WorkerPool.Shared"/>, or
/// <c>null</c> for one thread. Results are identical either way: each element of C is computed
/// by one thread with the same summation order. No call allocates once a thread's packing buffer
/// has grown to its largest product.
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>
    /// The instruction set of the public overloads: the widest the machine accelerates. The
    /// internal overloads take it as an argument (tests run every path on one machine).
    /// </summary>
    private static SimdWidth Isa => Simd.Best;

    /// <summary>C[m×n] (+)= A[m×k] · B[k×n]: c[i,j] = Σ_p a[i,p] b[p,j].</summary>
    public static void AB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false
    ) => AB(m, k, n, a, b, c, accumulate, null, Isa);

    /// <summary>
    /// C[m×n] (+)= A[m×k] · B[k×n] on up to two threads: large products are split between the
    /// caller and <paramref name="workers"/> (null: one thread).
    /// </summary>
    public static void AB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPool? workers
    ) => AB(m, k, n, a, b, c, accumulate, workers, Isa);

    /// <summary>C[m×n] (+)= A[m×k] · B[n×k]ᵀ: c[i,j] = Σ_p a[i,p] b[j,p].</summary>
    public static void ABt(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false
    ) => ABt(m, k, n, a, b, c, accumulate, null, Isa);

    /// <summary>
    /// C[m×n] (+)= A[m×k] · B[n×k]ᵀ on up to two threads: large products are split between the
    /// caller and <paramref name="workers"/> (null: one thread).
    /// </summary>
    public static void ABt(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPool? workers
    ) => ABt(m, k, n, a, b, c, accumulate, workers, Isa);

    /// <summary>C[m×n] (+)= A[k×m]ᵀ · B[k×n]: c[i,j] = Σ_p a[p,i] b[p,j].</summary>
    public static void AtB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false
    ) => AtB(m, k, n, a, b, c, accumulate, null, Isa);

    /// <summary>
    /// C[m×n] (+)= A[k×m]ᵀ · B[k×n] on up to two threads: large products are split between the
    /// caller and <paramref name="workers"/> (null: one thread).
    /// </summary>
    public static void AtB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPool? workers
    ) => AtB(m, k, n, a, b, c, accumulate, workers, Isa);

    /// <summary>
    /// C[m×n] (+)= A[m×k] · B[n×k]ᵀ with B also given packed (<paramref name="packed"/>, made
    /// from this B by <see cref="PackedB.PackTransposed"/>): the packed path then skips its
    /// per-call copy of B, on the instruction set it was packed for. One thread. Same result as
    /// the unpacked call on that instruction set.
    /// </summary>
    internal static void ABt(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        PackedB? packed,
        Span<float> c,
        bool accumulate
    ) => Prepacked(GemmOp.ABt, m, k, n, a, b, packed, c, accumulate);

    /// <summary>
    /// C[m×n] (+)= A[m×k] · B[k×n] with B also given packed (made from this B by
    /// <see cref="PackedB.Pack"/>), as the A·Bᵀ overload above.
    /// </summary>
    internal static void AB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        PackedB? packed,
        Span<float> c,
        bool accumulate
    ) => Prepacked(GemmOp.AB, m, k, n, a, b, packed, c, accumulate);

    private static void Prepacked(
        GemmOp op,
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        PackedB? packed,
        Span<float> c,
        bool accumulate
    )
    {
        var isa = packed?.Isa ?? Isa;
        if (packed is null || !packed.Matches(k, n, isa, transposed: op == GemmOp.ABt))
        {
            Product(op, m, k, n, a, b, c, accumulate, null, isa);
            return;
        }
        GemmArgs.Check(op, m, k, n, a.Length, b.Length, c.Length);
        fixed (
            float* pa = a,
                pb = b,
                pc = c
        )
        {
            var pr = Problem(op, m, k, n, pa, pb, pc, accumulate, isa, 0);
            pr.Prepacked = packed.Pointer;
            GemmDriver.Run(pr, null);
        }
    }

    /// <summary>A·B on a forced instruction set and split threshold (tests run every path on one machine).</summary>
    internal static void AB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPool? workers,
        SimdWidth isa,
        long minParallelFlops = -1,
        int tileRows = 0
    ) => Product(GemmOp.AB, m, k, n, a, b, c, accumulate, workers, isa, minParallelFlops, tileRows);

    /// <summary>A·Bᵀ on a forced instruction set.</summary>
    internal static void ABt(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPool? workers,
        SimdWidth isa,
        long minParallelFlops = -1,
        int tileRows = 0
    ) =>
        Product(GemmOp.ABt, m, k, n, a, b, c, accumulate, workers, isa, minParallelFlops, tileRows);

    /// <summary>Aᵀ·B on a forced instruction set.</summary>
    internal static void AtB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPool? workers,
        SimdWidth isa,
        long minParallelFlops = -1,
        int tileRows = 0
    ) =>
        Product(GemmOp.AtB, m, k, n, a, b, c, accumulate, workers, isa, minParallelFlops, tileRows);

    /// <summary>
    /// The one body of every variant: C[m×n] (+)= A·B with A and B read through the strides of
    /// <paramref name="op"/> (<see cref="GemmStrides"/>), on <paramref name="isa"/>.
    /// </summary>
    internal static void Product(
        GemmOp op,
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPool? workers,
        SimdWidth isa,
        long minParallelFlops = -1,
        int tileRows = 0
    )
    {
        GemmArgs.Check(op, m, k, n, a.Length, b.Length, c.Length);
        fixed (
            float* pa = a,
                pb = b,
                pc = c
        )
        {
            GemmDriver.Run(
                Problem(op, m, k, n, pa, pb, pc, accumulate, isa, tileRows),
                workers,
                minParallelFlops
            );
        }
    }

    private static GemmProblem Problem(
        GemmOp op,
        int m,
        int k,
        int n,
        float* a,
        float* b,
        float* c,
        bool accumulate,
        SimdWidth isa,
        int tileRows
    )
    {
        var s = GemmStrides.Of(op, m, k, n);
        return new()
        {
            M = m,
            N = n,
            K = k,
            A = a,
            Ars = s.Ars,
            Acs = s.Acs,
            B = b,
            Brs = s.Brs,
            Bcs = s.Bcs,
            C = c,
            Ldc = n,
            Accumulate = accumulate,
            Isa = isa,
            TileRows = tileRows == 0 ? GemmDriver.TileRows : tileRows,
        };
    }
}
