// The matrix products of the fused engine in one place, so the engine reads as BPTT and the
// choice of GEMM (and whether a product may use the second core) is made here.
// Same conventions as Gemm: row-major spans, destination last, `accumulate` adds into C.
using RnnCourse.Numerics;

namespace RnnCourse.Bptt;

/// <summary>Matrix products used by <see cref="FusedEngine"/> (float32, optionally on two cores).</summary>
internal static class EngineGemm
{
    /// <summary>C[m×n] (+)= A[m×k] · B[k×n].</summary>
    public static void AB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPair? workers = null
    ) => Gemm.AB(m, k, n, a, b, c, accumulate, workers);

    /// <summary>C[m×n] (+)= A[m×k] · B[n×k]ᵀ.</summary>
    public static void ABt(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPair? workers = null
    ) => Gemm.ABt(m, k, n, a, b, c, accumulate, workers);

    /// <summary>C[m×n] (+)= A[k×m]ᵀ · B[k×n].</summary>
    public static void AtB(
        int m,
        int k,
        int n,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        bool accumulate,
        WorkerPair? workers = null
    ) => Gemm.AtB(m, k, n, a, b, c, accumulate, workers);
}
