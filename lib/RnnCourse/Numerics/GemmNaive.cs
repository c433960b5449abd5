// The readable twin of Gemm: three loops per variant, exactly the textbook formula.
// Tests run the optimized kernels against these; double-precision paths (gradient checks) use
// these directly. Same signatures as Gemm, generic over float/double.
using System.Numerics;

namespace RnnCourse.Numerics;

/// <summary>
/// Naive matrix products with the same signatures as <see cref="Gemm"/>. Row-major spans,
/// destination last; <c>accumulate</c> adds into the destination instead of overwriting it.
/// </summary>
public static class GemmNaive
{
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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmArgs.Check(m, k, n, a.Length, b.Length, c.Length, "A", m, k, "B", k, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmArgs.Check(m, k, n, a.Length, b.Length, c.Length, "A", m, k, "B", n, k);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += a[i * k + p] * b[j * k + p];
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmArgs.Check(m, k, n, a.Length, b.Length, c.Length, "A", k, m, "B", k, n);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    sum += a[p * m + i] * b[p * n + j];
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}

/// <summary>Argument checks shared by the GEMM variants.</summary>
internal static class GemmArgs
{
    public static void Check(
        int m,
        int k,
        int n,
        int aLength,
        int bLength,
        int cLength,
        string aName,
        int aRows,
        int aCols,
        string bName,
        int bRows,
        int bCols
    )
    {
        if (m < 0 || k < 0 || n < 0)
        {
            throw new ArgumentException($"GEMM sizes m={m}, k={k}, n={n} must be ≥ 0.");
        }
        if (aLength < (long)aRows * aCols || bLength < (long)bRows * bCols || cLength < (long)m * n)
        {
            throw new ArgumentException(
                $"GEMM shapes do not fit: {aName} needs ({aRows}, {aCols}) = {(long)aRows * aCols} elements and has {aLength}; "
                    + $"{bName} needs ({bRows}, {bCols}) = {(long)bRows * bCols} and has {bLength}; "
                    + $"C needs ({m}, {n}) = {(long)m * n} and has {cLength}."
            );
        }
    }
}
