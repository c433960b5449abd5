// The readable twin of MatVec: the same signatures, the formulas as plain loops summing in
// the order j = 0.. (Rows) or g = 0.. (Combine). Tests compare MatVec with it on every ISA.
namespace RnnCourse.Numerics;

/// <summary>Reference matrix–vector products (same signatures as <see cref="MatVec"/>).</summary>
public static class MatVecNaive
{
    /// <summary>y[g] (+)= Σ_j w[g·k + j] · x[j]; <paramref name="descending"/> changes nothing here.</summary>
    public static void Rows(
        int n,
        int k,
        ReadOnlySpan<float> w,
        ReadOnlySpan<float> x,
        Span<float> y,
        bool accumulate,
        bool descending = false
    )
    {
        _ = descending;
        for (int g = 0; g < n; g++)
        {
            float s = 0;
            for (int j = 0; j < k; j++)
            {
                s += w[g * k + j] * x[j];
            }
            y[g] = accumulate ? y[g] + s : s;
        }
    }

    // Combine restates Rows' parameter list and loop form (deliberate twins, as in MatVec).
    /// <summary>y[j] (+)= Σ_g a[g] · w[g·k + j]; <paramref name="descending"/> changes nothing here.</summary>
    public static void Combine(
        int n,
        int k,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> w,
        Span<float> y,
        bool accumulate,
        bool descending = false
    )
    {
        _ = descending;
        for (int j = 0; j < k; j++)
        {
            float s = 0;
            for (int g = 0; g < n; g++)
            {
                s += a[g] * w[g * k + j];
            }
            y[j] = accumulate ? y[j] + s : s;
        }
    }
}
