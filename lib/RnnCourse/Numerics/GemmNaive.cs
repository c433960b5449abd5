// The readable twin of Gemm: one triple loop, exactly the textbook formula
// c[i,j] = Σ_p A(i,p)·B(p,j), where each variant only says where A(i,p) and B(p,j) are stored
// (GemmStrides). Tests run the optimized kernels against it; double-precision paths (gradient
// checks) use it directly. Same signatures as Gemm, generic over float/double.

namespace RnnCourse.Numerics;

/// <summary>
/// Naive matrix products with the same signatures as <see cref="Gemm"/>. Row-major spans,
/// destination last; <c>accumulate</c> adds into the destination instead of overwriting it.
/// </summary>
public static class GemmNaive
{
    // AB, ABt and AtB restate one parameter list (deliberate twins: one public entry per variant,
    // the same list as Gemm's, their optimized twins); Product holds their one body.
    /// <summary>C[m×n] (+)= A[m×k] · B[k×n]: c[i,j] = Σ_p a[i,p] b[p,j].</summary>
    public static void AB<T>(
        int m,
        int k,
        int n,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        bool accumulate = false
    )
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Product(GemmOp.AB, m, k, n, a, b, c, accumulate);

    /// <summary>C[m×n] (+)= A[m×k] · B[n×k]ᵀ: c[i,j] = Σ_p a[i,p] b[j,p].</summary>
    public static void ABt<T>(
        int m,
        int k,
        int n,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        bool accumulate = false
    )
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Product(GemmOp.ABt, m, k, n, a, b, c, accumulate);

    /// <summary>C[m×n] (+)= A[k×m]ᵀ · B[k×n]: c[i,j] = Σ_p a[p,i] b[p,j].</summary>
    public static void AtB<T>(
        int m,
        int k,
        int n,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        bool accumulate = false
    )
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Product(GemmOp.AtB, m, k, n, a, b, c, accumulate);

    /// <summary>C[m×n] (+)= A·B for the variant <paramref name="op"/>: A(i,p) = a[i·ars + p·acs], B(p,j) = b[p·brs + j·bcs].</summary>
    internal static void Product<T>(
        GemmOp op,
        int m,
        int k,
        int n,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> c,
        bool accumulate
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmArgs.Check(op, m, k, n, a.Length, b.Length, c.Length);
        var s = GemmStrides.Of(op, m, k, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += a[i * s.Ars + p * s.Acs] * b[p * s.Brs + j * s.Bcs];
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}

/// <summary>The three GEMM variants: which operand is read transposed.</summary>
internal enum GemmOp
{
    /// <summary>A[m×k] · B[k×n].</summary>
    AB,

    /// <summary>A[m×k] · B[n×k]ᵀ.</summary>
    ABt,

    /// <summary>A[k×m]ᵀ · B[k×n].</summary>
    AtB,
}

/// <summary>
/// Where a variant's A(i, p) and B(p, j) stand in row-major storage: a[i·Ars + p·Acs] and
/// b[p·Brs + j·Bcs]. The one table both Gemm and GemmNaive read the variants from.
/// </summary>
internal readonly record struct GemmStrides(int Ars, int Acs, int Brs, int Bcs)
{
    public static GemmStrides Of(GemmOp op, int m, int k, int n) =>
        op switch
        {
            GemmOp.AB => new(k, 1, n, 1),
            GemmOp.ABt => new(k, 1, 1, k),
            GemmOp.AtB => new(1, m, n, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
}

/// <summary>Argument checks shared by the GEMM variants.</summary>
internal static class GemmArgs
{
    /// <summary>Checks the sizes and the span lengths of variant <paramref name="op"/> (A and B as stored).</summary>
    public static void Check(GemmOp op, int m, int k, int n, int aLength, int bLength, int cLength)
    {
        ShapeCheck.InvalidIf(
            m < 0 || k < 0 || n < 0,
            $"GEMM sizes m={m}, k={k}, n={n} must be ≥ 0."
        );
        var (aRows, aCols) = op == GemmOp.AtB ? (k, m) : (m, k);
        var (bRows, bCols) = op == GemmOp.ABt ? (n, k) : (k, n);
        ShapeCheck.InvalidIf(
            aLength < (long)aRows * aCols || bLength < (long)bRows * bCols || cLength < (long)m * n,
            $"GEMM shapes do not fit: A needs ({aRows}, {aCols}) = {(long)aRows * aCols} elements and has {aLength}; "
                + $"B needs ({bRows}, {bCols}) = {(long)bRows * bCols} and has {bLength}; "
                + $"C needs ({m}, {n}) = {(long)m * n} and has {cLength}."
        );
    }
}
