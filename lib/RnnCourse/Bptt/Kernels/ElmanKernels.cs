// The Elman (and Jordan) activation pass, forward and backward side by side (part of
// GateKernels; see GateKernels.cs for the conventions).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCourse.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt.Kernels;

public static partial class GateKernels
{
    /// <summary>Elman forward: h[k] = f(a[k]) over <paramref name="count"/> elements.</summary>
    public static void ElmanForward(
        Activation f,
        int count,
        ReadOnlySpan<float> a,
        Span<float> h,
        bool avx512 = true
    )
    {
        if (a.Length < count || h.Length < count)
        {
            throw new ArgumentException("a and h must hold count elements.", nameof(a));
        }
        if (!Wide(avx512))
        {
            Activations.Apply(f, a.Slice(0, count), h.Slice(0, count));
            return;
        }
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        int k = 0;
        if (Wide(avx512))
        {
            for (; k <= count - W; k += W)
            {
                var v = Vector512.LoadUnsafe(ref aRef, (nuint)k);
                Apply(f, v).StoreUnsafe(ref hRef, (nuint)k);
            }
        }
        for (; k < count; k++)
        {
            h[k] = Apply(f, a[k]);
        }
    }

    /// <summary>
    /// Elman backward from the output: da[k] = dh[k] · f'(a[k]) written with h = f(a):
    /// tanh' = 1 − h², σ' = h(1 − h), ReLU' = [h &gt; 0], identity' = 1.
    /// </summary>
    public static void ElmanBackward(
        Activation f,
        int count,
        ReadOnlySpan<float> h,
        ReadOnlySpan<float> dh,
        Span<float> da,
        bool avx512 = true
    )
    {
        if (h.Length < count || dh.Length < count || da.Length < count)
        {
            throw new ArgumentException("h, dh and da must hold count elements.", nameof(h));
        }
        ref float hRef = ref MemoryMarshal.GetReference(h);
        ref float dhRef = ref MemoryMarshal.GetReference(dh);
        ref float daRef = ref MemoryMarshal.GetReference(da);
        int k = 0;
        if (Wide(avx512))
        {
            var one = Vector512<float>.One;
            for (; k <= count - W; k += W)
            {
                var hv = Vector512.LoadUnsafe(ref hRef, (nuint)k);
                var d = Vector512.LoadUnsafe(ref dhRef, (nuint)k);
                var r = f switch
                {
                    Activation.Tanh => d * (one - hv * hv),
                    Activation.Sigmoid => d * hv * (one - hv),
                    Activation.Relu => Vector512.ConditionalSelect(
                        Vector512.GreaterThan(hv, Vector512<float>.Zero),
                        d,
                        Vector512<float>.Zero
                    ),
                    _ => d,
                };
                r.StoreUnsafe(ref daRef, (nuint)k);
            }
        }
        for (; k < count; k++)
        {
            float hv = h[k],
                d = dh[k];
            da[k] = f switch
            {
                Activation.Tanh => d * (1f - hv * hv),
                Activation.Sigmoid => d * hv * (1f - hv),
                Activation.Relu => hv > 0f ? d : 0f,
                _ => d,
            };
        }
    }
}
