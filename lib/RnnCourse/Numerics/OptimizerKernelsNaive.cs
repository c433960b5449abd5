// The readable twins of OptimizerKernels: one scalar loop per update rule, written as the
// formulas. Same signatures; the tests run both on the same data and require identical bytes.
// Spans in, hyperparameters in double (converted to T once per call), destinations last.

namespace RnnCourse.Numerics;

/// <summary>Scalar reference implementations of the optimizer update rules (same signatures as <see cref="OptimizerKernels"/>).</summary>
public static class OptimizerKernelsNaive
{
    /// <summary>θ ← θ − η g.</summary>
    public static void Sgd<T>(ReadOnlySpan<T> g, double lr, Span<T> theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, theta.Length, theta.Length);
        T eta = T.CreateChecked(lr);
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] -= eta * g[i];
        }
    }

    /// <summary>v ← μ v + g; θ ← θ − η v, or with Nesterov θ ← θ − η (g + μ v).</summary>
    public static void Momentum<T>(
        ReadOnlySpan<T> g,
        double lr,
        double momentum,
        bool nesterov,
        Span<T> v,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, v.Length, theta.Length);
        T eta = T.CreateChecked(lr),
            mu = T.CreateChecked(momentum);
        for (int i = 0; i < theta.Length; i++)
        {
            v[i] = mu * v[i] + g[i];
            theta[i] -= nesterov ? eta * (g[i] + mu * v[i]) : eta * v[i];
        }
    }

    // Adagrad and RmsProp (and the others) are twins in form by design: one plain loop per rule,
    // the formula written as in the paper.
    /// <summary>G ← G + g²; θ ← θ − η g / (√G + ε) (PyTorch's Adagrad).</summary>
    public static void Adagrad<T>(
        ReadOnlySpan<T> g,
        double lr,
        double eps,
        Span<T> sumSq,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, sumSq.Length, theta.Length);
        T eta = T.CreateChecked(lr),
            e = T.CreateChecked(eps);
        for (int i = 0; i < theta.Length; i++)
        {
            sumSq[i] += g[i] * g[i];
            theta[i] -= eta * g[i] / (T.Sqrt(sumSq[i]) + e);
        }
    }

    /// <summary>s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε).</summary>
    public static void RmsProp<T>(
        ReadOnlySpan<T> g,
        double lr,
        double rho,
        double eps,
        Span<T> meanSq,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, meanSq.Length, theta.Length);
        T eta = T.CreateChecked(lr),
            r = T.CreateChecked(rho),
            oneMinusR = T.CreateChecked(1 - rho),
            e = T.CreateChecked(eps);
        for (int i = 0; i < theta.Length; i++)
        {
            meanSq[i] = r * meanSq[i] + oneMinusR * g[i] * g[i];
            theta[i] -= eta * g[i] / (T.Sqrt(meanSq[i]) + e);
        }
    }

    /// <summary>
    /// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; θ ← θ − s m / (√v · c + ε) with the bias
    /// corrections of step t ≥ 1 folded into s = η / (1 − β₁ᵗ) and c = 1 / √(1 − β₂ᵗ).
    /// </summary>
    public static void Adam<T>(
        ReadOnlySpan<T> g,
        double lr,
        double beta1,
        double beta2,
        double eps,
        long step,
        Span<T> m,
        Span<T> v,
        Span<T> theta
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OptimizerKernels.Check(g.Length, m.Length, theta.Length);
        OptimizerKernels.Check(g.Length, v.Length, theta.Length);
        var (s, c) = OptimizerKernels.AdamScales<T>(lr, beta1, beta2, step);
        T b1 = T.CreateChecked(beta1),
            oneMinusB1 = T.CreateChecked(1 - beta1),
            b2 = T.CreateChecked(beta2),
            oneMinusB2 = T.CreateChecked(1 - beta2),
            e = T.CreateChecked(eps);
        for (int i = 0; i < theta.Length; i++)
        {
            m[i] = b1 * m[i] + oneMinusB1 * g[i];
            v[i] = b2 * v[i] + oneMinusB2 * g[i] * g[i];
            theta[i] -= s * m[i] / (T.Sqrt(v[i]) * c + e);
        }
    }
}
