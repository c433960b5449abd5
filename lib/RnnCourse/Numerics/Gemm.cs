// Optimized single-precision matrix products for BPTT: A·B (inputs and recurrent products),
// A·Bᵀ (backward to inputs/hidden) and Aᵀ·B (weight gradients over all time steps).
// Row-major spans, destination last. The readable twin is GemmNaive; tests compare the two.
using System.Numerics.Tensors;

namespace RnnCourse.Numerics;

/// <summary>
/// Single-precision GEMM variants. Same signatures as <see cref="GemmNaive"/>; <c>accumulate</c>
/// adds into the destination (gradient accumulation) instead of overwriting it.
/// </summary>
public static class Gemm
{
    /// <summary>C[m×n] (+)= A[m×k] · B[k×n]: c[i,j] = Σ_p a[i,p] b[p,j].</summary>
    public static void AB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false
    )
    {
        GemmArgs.Check(m, k, n, a.Length, b.Length, c.Length, "A", m, k, "B", k, n);
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * n, n);
            if (!accumulate)
            {
                cRow.Clear();
            }
            var aRow = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aRow[p], cRow, cRow);
            }
        }
    }

    /// <summary>C[m×n] (+)= A[m×k] · B[n×k]ᵀ: c[i,j] = Σ_p a[i,p] b[j,p].</summary>
    public static void ABt(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false
    )
    {
        GemmArgs.Check(m, k, n, a.Length, b.Length, c.Length, "A", m, k, "B", n, k);
        for (int i = 0; i < m; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                float dot = TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
                c[i * n + j] = accumulate ? c[i * n + j] + dot : dot;
            }
        }
    }

    /// <summary>C[m×n] (+)= A[k×m]ᵀ · B[k×n]: c[i,j] = Σ_p a[p,i] b[p,j].</summary>
    public static void AtB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate = false
    )
    {
        GemmArgs.Check(m, k, n, a.Length, b.Length, c.Length, "A", k, m, "B", k, n);
        if (!accumulate)
        {
            c.Slice(0, m * n).Clear();
        }
        for (int p = 0; p < k; p++)
        {
            var bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                var cRow = c.Slice(i * n, n);
                TensorPrimitives.MultiplyAdd(bRow, a[p * m + i], cRow, cRow);
            }
        }
    }
}
