// Vectorized parameter updates for the allocation-free training step (CharModelTrainer).
// One pass over the flat parameter buffer each, Vector512 body + scalar tail. The readable
// optimizers with schedules, state checkpoints and logging live in RnnCourse.Training; these are
// the same formulas written for speed (a scalar Adam loop over 1.2 M LSTM parameters costs
// milliseconds, more than the whole B = 1 forward pass).
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RnnCourse.Bptt.Kernels;

/// <summary>SGD, Adagrad and Adam updates over flat spans (parameters θ, gradients g, state).</summary>
public static class OptimizerKernels
{
    /// <summary>θ[k] −= lr · g[k].</summary>
    public static void Sgd(Span<float> theta, ReadOnlySpan<float> g, float lr) =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g, -lr, theta, theta);

    /// <summary>Adagrad (Duchi et al. 2011; min-char-rnn): mem[k] += g²; θ[k] −= lr · g / √(mem[k] + eps).</summary>
    public static void Adagrad(
        Span<float> theta,
        ReadOnlySpan<float> g,
        Span<float> mem,
        float lr,
        float eps = 1e-8f
    )
    {
        Check(theta, g, mem, mem);
        ref float t = ref MemoryMarshal.GetReference(theta);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float m = ref MemoryMarshal.GetReference(mem);
        int k = 0,
            n = theta.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            var vlr = Vector512.Create(lr);
            var veps = Vector512.Create(eps);
            for (; k <= n - 16; k += 16)
            {
                var gv = Vector512.LoadUnsafe(ref gr, (nuint)k);
                var mv = Vector512.FusedMultiplyAdd(gv, gv, Vector512.LoadUnsafe(ref m, (nuint)k));
                mv.StoreUnsafe(ref m, (nuint)k);
                (
                    Vector512.LoadUnsafe(ref t, (nuint)k) - vlr * gv / Vector512.Sqrt(mv + veps)
                ).StoreUnsafe(ref t, (nuint)k);
            }
        }
        for (; k < n; k++)
        {
            mem[k] += g[k] * g[k];
            theta[k] -= lr * g[k] / MathF.Sqrt(mem[k] + eps);
        }
    }

    /// <summary>
    /// Adam (Kingma &amp; Ba 2015), step <paramref name="step"/> ≥ 1, PyTorch's formula:
    /// m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; θ −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps),
    /// computed as θ −= a · m / (√v + e) with a = lr·√(1−β2ᵗ)/(1−β1ᵗ), e = eps·√(1−β2ᵗ).
    /// </summary>
    public static void Adam(
        Span<float> theta,
        ReadOnlySpan<float> g,
        Span<float> m,
        Span<float> v,
        int step,
        float lr,
        float beta1 = 0.9f,
        float beta2 = 0.999f,
        float eps = 1e-8f
    )
    {
        Check(theta, g, m, v);
        if (step < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Adam steps count from 1.");
        }
        double bc1 = 1 - Math.Pow(beta1, step),
            bc2 = Math.Sqrt(1 - Math.Pow(beta2, step));
        float a = (float)(lr * bc2 / bc1),
            e = (float)(eps * bc2);
        ref float t = ref MemoryMarshal.GetReference(theta);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int k = 0,
            n = theta.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            var b1 = Vector512.Create(beta1);
            var c1 = Vector512.Create(1 - beta1);
            var b2 = Vector512.Create(beta2);
            var c2 = Vector512.Create(1 - beta2);
            var va = Vector512.Create(a);
            var ve = Vector512.Create(e);
            for (; k <= n - 16; k += 16)
            {
                var gv = Vector512.LoadUnsafe(ref gr, (nuint)k);
                var mv = b1 * Vector512.LoadUnsafe(ref mr, (nuint)k) + c1 * gv;
                var vv = b2 * Vector512.LoadUnsafe(ref vr, (nuint)k) + c2 * gv * gv;
                mv.StoreUnsafe(ref mr, (nuint)k);
                vv.StoreUnsafe(ref vr, (nuint)k);
                (
                    Vector512.LoadUnsafe(ref t, (nuint)k) - va * mv / (Vector512.Sqrt(vv) + ve)
                ).StoreUnsafe(ref t, (nuint)k);
            }
        }
        for (; k < n; k++)
        {
            m[k] = beta1 * m[k] + (1 - beta1) * g[k];
            v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
            theta[k] -= a * m[k] / (MathF.Sqrt(v[k]) + e);
        }
    }

    private static void Check(
        ReadOnlySpan<float> theta,
        ReadOnlySpan<float> g,
        ReadOnlySpan<float> s1,
        ReadOnlySpan<float> s2
    )
    {
        if (g.Length != theta.Length || s1.Length != theta.Length || s2.Length != theta.Length)
        {
            throw new ArgumentException(
                $"Optimizer buffers differ in length: θ {theta.Length}, g {g.Length}, state {s1.Length}/{s2.Length}; all must match the parameter count."
            );
        }
    }
}
