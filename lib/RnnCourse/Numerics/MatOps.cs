// Tensor-level products with shape checks, for readable code in cells and notebooks:
// MatOps.MatMul(a, b) reads like the equation. Dispatches float to the optimized Gemm and
// double to the naive twin (double is for gradient checks, where clarity beats speed).

namespace RnnCourse.Numerics;

/// <summary>Shape-checked matrix products on <see cref="Tensor{T}"/>.</summary>
public static class MatOps
{
    // Product restates GemmNaive.Product's parameter list (deliberate twins: this dispatch and the
    // naive body it sends double to).
    /// <summary>
    /// C (+)= A·B for the variant <paramref name="op"/> on raw spans (row-major, the shapes of
    /// <see cref="GemmNaive"/>'s AB, ABt, AtB): float to the optimized <see cref="Gemm"/>, double
    /// to <see cref="GemmNaive"/>. The cells' products go through it.
    /// </summary>
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
        if (typeof(T) == typeof(float))
        {
            Gemm.Product(op, m, k, n, Cast(a), Cast(b), Cast(c), accumulate, null, Simd.Best);
        }
        else
        {
            GemmNaive.Product(op, m, k, n, a, b, c, accumulate);
        }
    }

    /// <summary>Returns A·B as a new tensor. A is (m×k), B is (k×n).</summary>
    /// <exception cref="ArgumentException">The inner dimensions differ; the message names both shapes.</exception>
    public static Tensor<T> MatMul<T>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix(a, nameof(a));
        RequireMatrix(b, nameof(b));
        ShapeCheck.InvalidIf(
            a.Shape[1] != b.Shape[0],
            $"MatMul needs A's columns to equal B's rows: A is {a.ShapeText}, B is {b.ShapeText}."
        );
        var c = Tensor<T>.Zeros(a.Shape[0], b.Shape[1]);
        Product<T>(GemmOp.AB, a.Shape[0], a.Shape[1], b.Shape[1], a.Span, b.Span, c.Span, false);
        return c;
    }

    /// <summary>Returns the transpose of a matrix as a new tensor.</summary>
    public static Tensor<T> Transpose<T>(Tensor<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix(a, nameof(a));
        int r = a.Shape[0],
            c = a.Shape[1];
        var t = Tensor<T>.Zeros(c, r);
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                t.Data[j * r + i] = a.Data[i * c + j];
            }
        }
        return t;
    }

    private static void RequireMatrix<T>(Tensor<T> t, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(t, name);
        ShapeCheck.InvalidIf(
            t.Rank != 2,
            $"{name} must be a matrix (rank 2) but has shape {t.ShapeText}.",
            name
        );
    }

    private static ReadOnlySpan<float> Cast<T>(ReadOnlySpan<T> s)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(s);

    private static Span<float> Cast<T>(Span<T> s)
        where T : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(s);
}
