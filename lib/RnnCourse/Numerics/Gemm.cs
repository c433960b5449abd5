// Optimized single-precision matrix products for BPTT: A·B (inputs and recurrent products),
// A·Bᵀ (backward to inputs/hidden) and Aᵀ·B (weight gradients over all time steps).
// Row-major spans, destination last. The readable twin is GemmNaive; tests compare the two.
//
// Each variant is the same strided product C(i, j) (+)= Σ_p A(i, p)·B(p, j) with different
// strides; GemmDriver picks the path (small-m row kernels, or packed and cache-blocked
// micro-kernel on Vector512 / Vector256 / Vector128 / scalar) and optionally splits it over a
// WorkerPool's threads. Design and measurements: docs/benchmarks.md.
namespace RnnCourse.Numerics;

/// <summary>
/// Single-precision GEMM variants. The signatures of <see cref="GemmNaive"/>, then two optional
/// arguments; <c>accumulate</c> adds into the destination (gradient accumulation) instead of
/// overwriting it.
/// </summary>
/// <remarks>
/// Given a <see cref="WorkerPool"/> (<c>workers</c>), large products (≥ about a million flops)
/// are split over the caller and the pool's threads; pass <see cref="WorkerPool.Shared"/>, or
/// <c>null</c> for one thread. Results are identical either way: each element of C is computed
/// by one thread with the same summation order. <c>width</c> forces a SIMD width (tests and
/// benchmarks). No call allocates once a thread's packing buffer has grown to its largest
/// product.
/// </remarks>
public static unsafe class Gemm
{
    // AB, ABt and AtB restate one parameter list by design (one public entry per variant, the
    // list of their readable twins in GemmNaive plus the thread pool and the width); each is one
    // line into Product.

    /// <summary>C[m×n] (+)= A[m×k] · B[k×n]: c[i,j] = Σ_p a[i,p] b[p,j].</summary>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="c">C, row-major: overwritten, or added to.</param>
    /// <param name="accumulate">Add into C (gradient accumulation) instead of overwriting it.</param>
    /// <param name="workers">Threads to split a large product over (null: the caller's only).</param>
    /// <param name="width">The SIMD width (null: <see cref="Simd.Best"/>).</param>
    public static void AB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false,
        WorkerPool? workers = null,
        SimdWidth? width = null
    ) => Product(GemmOp.AB, m, k, n, a, b, c, accumulate, workers, Simd.Resolve(width));

    /// <summary>C[m×n] (+)= A[m×k] · B[n×k]ᵀ: c[i,j] = Σ_p a[i,p] b[j,p]. Arguments as for <see cref="AB"/>.</summary>
    public static void ABt(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false,
        WorkerPool? workers = null,
        SimdWidth? width = null
    ) => Product(GemmOp.ABt, m, k, n, a, b, c, accumulate, workers, Simd.Resolve(width));

    /// <summary>C[m×n] (+)= A[k×m]ᵀ · B[k×n]: c[i,j] = Σ_p a[p,i] b[p,j]. Arguments as for <see cref="AB"/>.</summary>
    public static void AtB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false,
        WorkerPool? workers = null,
        SimdWidth? width = null
    ) => Product(GemmOp.AtB, m, k, n, a, b, c, accumulate, workers, Simd.Resolve(width));

    /// <summary>
    /// C (+)= A·B for <paramref name="op"/> (AB or ABt) with B also given packed
    /// (<paramref name="packed"/>, made from this B by <see cref="PackedB.Pack"/> for AB or
    /// <see cref="PackedB.PackTransposed"/> for ABt): the packed path then skips its per-call
    /// copy of B, on the instruction set it was packed for. One thread. Same result as the
    /// unpacked call on that instruction set; a null or mismatched <paramref name="packed"/>
    /// takes that call.
    /// </summary>
    internal static void Prepacked(
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
        var isa = packed?.Isa ?? Simd.Best;
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

    /// <summary>
    /// The one body of every variant: C[m×n] (+)= A·B with A and B read through the strides of
    /// <paramref name="op"/> (<see cref="GemmStrides"/>), on <paramref name="isa"/>. Tests and
    /// benchmarks call it directly to force the split threshold (<paramref name="minParallelFlops"/>,
    /// negative: <see cref="GemmSplit.MinParallelFlops"/>) and the tile height
    /// (<paramref name="tileRows"/> 6 or 8, 0: the machine's).
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
