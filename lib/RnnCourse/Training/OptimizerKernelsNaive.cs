// The readable twins of OptimizerKernels: one scalar loop per update rule, written as the
// formulas. Same signatures; the tests run both on the same data and require identical bytes.
// Spans in, hyperparameters as T, destinations (state, then θ) last.
using System.Numerics;

namespace RnnCourse.Training;

/// <summary>Scalar reference implementations of the optimizer update rules.</summary>
public static class OptimizerKernelsNaive
{
    /// <summary>θ ← θ − η g.</summary>
    public static void Sgd<T>(ReadOnlySpan<T> g, T lr, Span<T> theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, theta.Length, theta.Length);
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] -= lr * g[i];
        }
    }

    /// <summary>v ← μ v + g; θ ← θ − η v, or with Nesterov θ ← θ − η (g + μ v).</summary>
    public static void Momentum<T>(
        ReadOnlySpan<T> g,
        T lr,
        T mu,
        bool nesterov,
        Span<T> v,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, v.Length, theta.Length);
        for (int i = 0; i < theta.Length; i++)
        {
            v[i] = mu * v[i] + g[i];
            theta[i] -= nesterov ? lr * (g[i] + mu * v[i]) : lr * v[i];
        }
    }

    /// <summary>G ← G + g²; θ ← θ − η g / (√G + ε).</summary>
    public static void Adagrad<T>(ReadOnlySpan<T> g, T lr, T eps, Span<T> sumSq, Span<T> theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, sumSq.Length, theta.Length);
        for (int i = 0; i < theta.Length; i++)
        {
            sumSq[i] += g[i] * g[i];
            theta[i] -= lr * g[i] / (T.Sqrt(sumSq[i]) + eps);
        }
    }

    /// <summary>s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε).</summary>
    public static void RmsProp<T>(
        ReadOnlySpan<T> g,
        T lr,
        T rho,
        T oneMinusRho,
        T eps,
        Span<T> meanSq,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, meanSq.Length, theta.Length);
        for (int i = 0; i < theta.Length; i++)
        {
            meanSq[i] = rho * meanSq[i] + oneMinusRho * g[i] * g[i];
            theta[i] -= lr * g[i] / (T.Sqrt(meanSq[i]) + eps);
        }
    }

    /// <summary>
    /// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; θ ← θ − s m / (√v · c + ε), where the
    /// caller folds the bias corrections into s = η / (1 − β₁ᵗ) and c = 1 / √(1 − β₂ᵗ).
    /// </summary>
    public static void Adam<T>(
        ReadOnlySpan<T> g,
        T stepSize,
        T b1,
        T oneMinusB1,
        T b2,
        T oneMinusB2,
        T invSqrtBc2,
        T eps,
        Span<T> m,
        Span<T> v,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, m.Length, theta.Length);
        OptimizerKernels.Check(g.Length, v.Length, theta.Length);
        for (int i = 0; i < theta.Length; i++)
        {
            m[i] = b1 * m[i] + oneMinusB1 * g[i];
            v[i] = b2 * v[i] + oneMinusB2 * g[i] * g[i];
            theta[i] -= stepSize * m[i] / (T.Sqrt(v[i]) * invSqrtBc2 + eps);
        }
    }
}
