// The optimizer update rules as single-pass SIMD loops (System.Numerics.Vector<T>: 8 floats per
// operation on AVX2 and AVX-512 machines) with a scalar tail, used by every optimizer of
// RnnCourse.Training, so by the one Trainer of every model. Each element sees exactly the
// operations of its twin in OptimizerKernelsNaive, in the same order, so both give the same bytes
// (tested). One pass per rule because the rules are memory-bound: Adam reads g, m, v, θ and
// writes m, v, θ once each, where a chain of TensorPrimitives calls would stream them several
// times. SGD is one TensorPrimitives call (a single multiply-add). The loops read and write
// through refs to element 0 (no bounds checks: Check has compared the lengths first).
// Spans in, hyperparameters (in double, converted to T once per call), destinations last.
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace RnnCourse.Numerics;

/// <summary>
/// Vectorised optimizer update rules over flat spans: gradients g, state, parameters θ (same
/// length each). <see cref="OptimizerKernelsNaive"/> has the same signatures as plain loops.
/// </summary>
public static class OptimizerKernels
{
    /// <summary>θ ← θ − η g.</summary>
    public static void Sgd<T>(ReadOnlySpan<T> g, double lr, Span<T> theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(g.Length, theta.Length, theta.Length);
        // θ + (−η)·g: the same rounding as θ − η·g (negation is exact).
        TensorPrimitives.MultiplyAdd(g, -T.CreateChecked(lr), theta, theta);
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
        Check(g.Length, v.Length, theta.Length);
        ref readonly T g0 = ref MemoryMarshal.GetReference(g);
        ref T v0 = ref MemoryMarshal.GetReference(v);
        ref T theta0 = ref MemoryMarshal.GetReference(theta);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<T>(T.CreateChecked(lr));
            var vmu = new Vector<T>(T.CreateChecked(momentum));
            for (; i <= theta.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = Vector.LoadUnsafe(in g0, (nuint)i);
                var vi = vmu * Vector.LoadUnsafe(in v0, (nuint)i) + gi;
                var th = Vector.LoadUnsafe(in theta0, (nuint)i);
                th -= nesterov ? vlr * (gi + vmu * vi) : vlr * vi;
                vi.StoreUnsafe(ref v0, (nuint)i);
                th.StoreUnsafe(ref theta0, (nuint)i);
            }
        }
        OptimizerKernelsNaive.Momentum(
            g.Slice(i),
            lr,
            momentum,
            nesterov,
            v.Slice(i),
            theta.Slice(i)
        );
    }

    // Momentum, Adagrad, RmsProp and Adam are deliberate twins in form: each rule is its own
    // single pass (refs, a Vector<T> body, the naive twin for the tail) so that it streams its
    // buffers once; only the lines of the formula differ.
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
        Check(g.Length, sumSq.Length, theta.Length);
        ref readonly T g0 = ref MemoryMarshal.GetReference(g);
        ref T sumSq0 = ref MemoryMarshal.GetReference(sumSq);
        ref T theta0 = ref MemoryMarshal.GetReference(theta);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<T>(T.CreateChecked(lr));
            var veps = new Vector<T>(T.CreateChecked(eps));
            for (; i <= theta.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = Vector.LoadUnsafe(in g0, (nuint)i);
                var s = Vector.LoadUnsafe(in sumSq0, (nuint)i) + gi * gi;
                var th =
                    Vector.LoadUnsafe(in theta0, (nuint)i)
                    - vlr * gi / (Vector.SquareRoot(s) + veps);
                s.StoreUnsafe(ref sumSq0, (nuint)i);
                th.StoreUnsafe(ref theta0, (nuint)i);
            }
        }
        OptimizerKernelsNaive.Adagrad(g.Slice(i), lr, eps, sumSq.Slice(i), theta.Slice(i));
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
        Check(g.Length, meanSq.Length, theta.Length);
        ref readonly T g0 = ref MemoryMarshal.GetReference(g);
        ref T meanSq0 = ref MemoryMarshal.GetReference(meanSq);
        ref T theta0 = ref MemoryMarshal.GetReference(theta);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<T>(T.CreateChecked(lr));
            var vrho = new Vector<T>(T.CreateChecked(rho));
            var v1mr = new Vector<T>(T.CreateChecked(1 - rho));
            var veps = new Vector<T>(T.CreateChecked(eps));
            for (; i <= theta.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = Vector.LoadUnsafe(in g0, (nuint)i);
                var s = vrho * Vector.LoadUnsafe(in meanSq0, (nuint)i) + v1mr * gi * gi;
                var th =
                    Vector.LoadUnsafe(in theta0, (nuint)i)
                    - vlr * gi / (Vector.SquareRoot(s) + veps);
                s.StoreUnsafe(ref meanSq0, (nuint)i);
                th.StoreUnsafe(ref theta0, (nuint)i);
            }
        }
        OptimizerKernelsNaive.RmsProp(g.Slice(i), lr, rho, eps, meanSq.Slice(i), theta.Slice(i));
    }

    /// <summary>
    /// Adam (Kingma &amp; Ba 2015) at step t ≥ 1, PyTorch's formula: m ← β₁ m + (1 − β₁) g;
    /// v ← β₂ v + (1 − β₂) g²; θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ),
    /// computed as θ ← θ − s m / (√v · c + ε) with s = η / (1 − β₁ᵗ), c = 1 / √(1 − β₂ᵗ).
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
        Check(g.Length, m.Length, theta.Length);
        Check(g.Length, v.Length, theta.Length);
        var (stepSize, invSqrtBc2) = AdamScales<T>(lr, beta1, beta2, step);
        ref readonly T g0 = ref MemoryMarshal.GetReference(g);
        ref T m0 = ref MemoryMarshal.GetReference(m);
        ref T v0 = ref MemoryMarshal.GetReference(v);
        ref T theta0 = ref MemoryMarshal.GetReference(theta);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<T>(stepSize);
            var vb1 = new Vector<T>(T.CreateChecked(beta1));
            var v1mb1 = new Vector<T>(T.CreateChecked(1 - beta1));
            var vb2 = new Vector<T>(T.CreateChecked(beta2));
            var v1mb2 = new Vector<T>(T.CreateChecked(1 - beta2));
            var vc = new Vector<T>(invSqrtBc2);
            var veps = new Vector<T>(T.CreateChecked(eps));
            for (; i <= theta.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = Vector.LoadUnsafe(in g0, (nuint)i);
                var mi = vb1 * Vector.LoadUnsafe(in m0, (nuint)i) + v1mb1 * gi;
                var vi = vb2 * Vector.LoadUnsafe(in v0, (nuint)i) + v1mb2 * gi * gi;
                var th =
                    Vector.LoadUnsafe(in theta0, (nuint)i)
                    - vs * mi / (Vector.SquareRoot(vi) * vc + veps);
                mi.StoreUnsafe(ref m0, (nuint)i);
                vi.StoreUnsafe(ref v0, (nuint)i);
                th.StoreUnsafe(ref theta0, (nuint)i);
            }
        }
        OptimizerKernelsNaive.Adam(
            g.Slice(i),
            lr,
            beta1,
            beta2,
            eps,
            step,
            m.Slice(i),
            v.Slice(i),
            theta.Slice(i)
        );
    }

    /// <summary>
    /// Adam's bias corrections for step t, computed once per call in double: the step size
    /// s = η / (1 − β₁ᵗ) and c = 1 / √(1 − β₂ᵗ).
    /// </summary>
    internal static (T StepSize, T InvSqrtBc2) AdamScales<T>(
        double lr,
        double beta1,
        double beta2,
        long step
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.OutOfRangeIf(step < 1, step, "Adam steps count from 1.");
        double bc1 = 1 - Math.Pow(beta1, step);
        double bc2 = 1 - Math.Pow(beta2, step);
        return (T.CreateChecked(lr / bc1), T.CreateChecked(1 / Math.Sqrt(bc2)));
    }

    /// <summary>Throws unless gradient, state and parameter spans have the same length.</summary>
    internal static void Check(int g, int state, int theta)
    {
        ShapeCheck.InvalidIf(
            g != theta || state != theta,
            $"Spans differ in length: g {g}, state {state}, θ {theta}. Every optimizer buffer must have the parameter layout's length."
        );
    }
}
