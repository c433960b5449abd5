// The ONE fused elementwise pass per time step of the fused engine, for each cell, forward and
// backward side by side. Everything else per step is the recurrent matrix product.
// Row-major blocks of `rows` batch rows; gate blocks in PyTorch order (LSTM i, f, g, o; GRU r, z, n).
// Each kernel reads its pre-activations once and writes every value backward needs, so the
// gate buffer is touched exactly once per direction. Vector512 body (16 lanes), scalar tail;
// without AVX-512 (most laptops) the forward kernels run as a few TensorPrimitives passes per
// row (vectorized for AVX2/NEON; same equations) and the backward kernels as scalar loops.
// Equations: LSTM (Hochreiter & Schmidhuber 1997, PyTorch nn.LSTM), GRU (Cho et al. 2014,
// PyTorch nn.GRU: n = tanh(a_n + r ⊙ (W_hn h + b_hn))), Elman h = f(a).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCourse.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt.Kernels;

/// <summary>
/// Fused per-step gate passes (forward and backward) for Elman, LSTM and GRU. Each kernel's last
/// argument, avx512 (default true), false runs the portable path even on an AVX-512 CPU.
/// </summary>
public static partial class GateKernels
{
    private const int W = 16; // Vector512<float> lanes

    /// <summary>
    /// True when a kernel takes its 16-lane path: the caller allows it (every kernel's last
    /// argument, avx512, default true; false runs the portable path of CPUs without AVX-512,
    /// which is how tests cover that path here) and the CPU has AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Wide(bool avx512) => avx512 && VecMath.IsVectorized;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Apply(Activation f, Vector512<float> v) =>
        f switch
        {
            Activation.Tanh => VecMath.Tanh(v),
            Activation.Sigmoid => VecMath.Sigmoid(v),
            Activation.Relu => Vector512.Max(v, Vector512<float>.Zero),
            _ => v,
        };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Apply(Activation f, float v) =>
        f switch
        {
            Activation.Tanh => VecMath.Tanh(v),
            Activation.Sigmoid => VecMath.Sigmoid(v),
            Activation.Relu => MathF.Max(v, 0f),
            _ => v,
        };

    private static void Require(
        ReadOnlySpan<float> gates,
        int gateLength,
        ReadOnlySpan<float> s1,
        ReadOnlySpan<float> s2,
        ReadOnlySpan<float> s3,
        ReadOnlySpan<float> s4,
        int stateLength
    )
    {
        if (
            gates.Length < gateLength
            || s1.Length < stateLength
            || s2.Length < stateLength
            || s3.Length < stateLength
            || s4.Length < stateLength
        )
        {
            throw new ArgumentException(
                $"Gate kernel buffers too short: gates need {gateLength} elements, states {stateLength} (rows × H)."
            );
        }
    }
}
