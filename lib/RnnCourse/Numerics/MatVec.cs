// Matrix–vector products for the B = 1 time step of the fused engine, where every step streams
// the recurrent weights once forward (W·h) and once backward (dGᵀ·W) and nothing else is big.
// A GEMM with m = 1 is memory-bound; these two kernels are written for that case:
//  - Rows:    y = W·x, four rows of W per pass with a shuffle reduction of the four dot
//             products (a horizontal sum per output would cost as much as the row itself);
//  - Combine: y = aᵀ·W, up to 16 vectors of columns of y held in registers while the rows of W
//             stream past, so each weight is loaded once and no transposed copy of W is needed.
// Both read W row by row and can run the rows in descending order. The engine alternates the
// direction every step ("zig-zag"), so a sweep starts where the previous one ended, on the rows
// most recently cached; a same-direction sweep over a W a little larger than the cache starts on
// the rows used longest ago. Measured on the course machine (1 MB Wh, 1 MB L2) the gain is small,
// 2–5 %: the L2 keeps most of W either way (notebook 10 times both).
// Row order does not change Rows' results (each output is one dot product); Combine sums in the
// order of the sweep, so its two directions agree to rounding (tests bound the difference).
// Readable twin: GemmNaive at one row (Rows is the 1-row A·Bᵀ x·Wᵀ, Combine the 1-row A·B a·W,
// summing in the same order); MatVecTests runs both on every ISA.
// Shapes: W (n × k) row-major; Rows: x (k), y (n); Combine: a (n), y (k).
namespace RnnCourse.Numerics;

/// <summary>Matrix–vector products y = W·x and y = aᵀ·W (see the file header).</summary>
public static unsafe class MatVec
{
    /// <summary>
    /// y[g] (+)= Σ_j w[g·k + j] · x[j] for g in [0, n), rows visited in descending order when
    /// <paramref name="descending"/> (same result).
    /// </summary>
    /// <param name="n">Rows of W (outputs).</param>
    /// <param name="k">Columns of W (inputs).</param>
    /// <param name="w">W, n × k row-major.</param>
    /// <param name="x">x, length k.</param>
    /// <param name="y">y, length n.</param>
    /// <param name="accumulate">Add into y instead of overwriting it.</param>
    /// <param name="descending">Visit the rows of W from last to first.</param>
    /// <param name="width">The SIMD width (null: <see cref="Simd.Best"/>).</param>
    public static void Rows(
        int n,
        int k,
        ReadOnlySpan<float> w,
        ReadOnlySpan<float> x,
        Span<float> y,
        bool accumulate,
        bool descending = false,
        SimdWidth? width = null
    ) => Product(rows: true, n, k, w, x, y, accumulate, descending, width);

    // Combine restates Rows' parameter list (deliberate twins: one public product per side of W).
    /// <summary>
    /// y[j] (+)= Σ_g a[g] · w[g·k + j] for j in [0, k), summing over the rows of W in descending
    /// order when <paramref name="descending"/> (equal to rounding).
    /// </summary>
    /// <param name="n">Rows of W (length of a).</param>
    /// <param name="k">Columns of W (outputs).</param>
    /// <param name="a">a, length n.</param>
    /// <param name="w">W, n × k row-major.</param>
    /// <param name="y">y, length k.</param>
    /// <param name="accumulate">Add into y instead of overwriting it.</param>
    /// <param name="descending">Visit the rows of W from last to first.</param>
    /// <param name="width">The SIMD width (null: <see cref="Simd.Best"/>).</param>
    public static void Combine(
        int n,
        int k,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> w,
        Span<float> y,
        bool accumulate,
        bool descending = false,
        SimdWidth? width = null
    ) => Product(rows: false, n, k, w, a, y, accumulate, descending, width);

    /// <summary>Rows (v = x) or Combine (v = a): the checks, then the kernel at the width.</summary>
    private static void Product(
        bool rows,
        int n,
        int k,
        ReadOnlySpan<float> w,
        ReadOnlySpan<float> v,
        Span<float> y,
        bool accumulate,
        bool descending,
        SimdWidth? width
    )
    {
        var (vName, vLength, yLength) = rows ? ("x", k, n) : ("a", n, k);
        Check(n, k, w.Length, v.Length, y.Length, vName, vLength, yLength);
        if (yLength == 0)
        {
            return;
        }
        fixed (
            float* pw = w,
                pv = v,
                py = y
        )
        {
            var job = new Job(n, k, pw, pv, py, accumulate, descending, rows);
            WidthDispatch.Run(Simd.Resolve(width), ref job);
        }
    }

    /// <summary>One call of MatVecRowKernels.Rows (v = x) or MatVecCombineKernels.Combine (v = a).</summary>
    private readonly struct Job(
        int n,
        int k,
        float* w,
        float* v,
        float* y,
        bool add,
        bool descending,
        bool rows
    ) : IWidthJob
    {
        public void Run<TIsa, TVec>()
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct
        {
            if (rows)
            {
                MatVecRowKernels.Rows<TIsa, TVec>(n, k, w, v, y, add, descending);
            }
            else
            {
                MatVecCombineKernels.Combine<TIsa, TVec>(n, k, v, w, y, add, descending);
            }
        }
    }

    private static void Check(
        int n,
        int k,
        int wLength,
        int vLength,
        int yLength,
        string vName,
        int vExpected,
        int yExpected
    )
    {
        ShapeCheck.InvalidIf(n < 0 || k < 0, $"MatVec sizes must be ≥ 0, got n = {n}, k = {k}.");
        ShapeCheck.InvalidIf(
            wLength < (long)n * k || vLength < vExpected || yLength < yExpected,
            $"MatVec with W ({n} × {k}) needs w.Length ≥ {(long)n * k}, {vName}.Length ≥ {vExpected} and y.Length ≥ {yExpected}; got {wLength}, {vLength} and {yLength}."
        );
    }
}
