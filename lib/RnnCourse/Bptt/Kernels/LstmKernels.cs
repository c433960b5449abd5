// The fused LSTM gate pass, forward and backward side by side (part of GateKernels; see
// GateKernels.cs for the conventions). PyTorch nn.LSTM gate order i, f, g, o.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCourse.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt.Kernels;

public static partial class GateKernels
{
    /// <summary>
    /// LSTM forward on (rows × 4H) pre-activations, in place:
    /// i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o); c = f ⊙ cPrev + i ⊙ g; h = o ⊙ tanh(c).
    /// <paramref name="gates"/> ends holding [i f g o]; tanhC keeps tanh(c) for backward.
    /// </summary>
    public static void LstmForward(
        int rows,
        int hidden,
        Span<float> gates,
        ReadOnlySpan<float> cPrev,
        Span<float> c,
        Span<float> tanhC,
        Span<float> h,
        bool avx512 = true
    )
    {
        Require(gates, rows * 4 * hidden, cPrev, c, tanhC, h, rows * hidden);
        if (!Wide(avx512))
        {
            LstmForwardPortable(rows, hidden, gates, cPrev, c, tanhC, h);
            return;
        }
        ref float gRef = ref MemoryMarshal.GetReference(gates);
        ref float cpRef = ref MemoryMarshal.GetReference(cPrev);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        ref float tcRef = ref MemoryMarshal.GetReference(tanhC);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        int n = hidden;
        for (int r = 0; r < rows; r++)
        {
            nuint g0 = (nuint)(r * 4 * n),
                s0 = (nuint)(r * n);
            int j = 0;
            if (Wide(avx512))
            {
                for (; j <= n - W; j += W)
                {
                    nuint gj = g0 + (nuint)j,
                        sj = s0 + (nuint)j;
                    var i = VecMath.Sigmoid(Vector512.LoadUnsafe(ref gRef, gj));
                    var f = VecMath.Sigmoid(Vector512.LoadUnsafe(ref gRef, gj + (nuint)n));
                    var g = VecMath.Tanh(Vector512.LoadUnsafe(ref gRef, gj + (nuint)(2 * n)));
                    var o = VecMath.Sigmoid(Vector512.LoadUnsafe(ref gRef, gj + (nuint)(3 * n)));
                    var cv = Vector512.FusedMultiplyAdd(
                        f,
                        Vector512.LoadUnsafe(ref cpRef, sj),
                        i * g
                    );
                    var tc = VecMath.Tanh(cv);
                    i.StoreUnsafe(ref gRef, gj);
                    f.StoreUnsafe(ref gRef, gj + (nuint)n);
                    g.StoreUnsafe(ref gRef, gj + (nuint)(2 * n));
                    o.StoreUnsafe(ref gRef, gj + (nuint)(3 * n));
                    cv.StoreUnsafe(ref cRef, sj);
                    tc.StoreUnsafe(ref tcRef, sj);
                    (o * tc).StoreUnsafe(ref hRef, sj);
                }
            }
            for (; j < n; j++)
            {
                int gj = (int)g0 + j,
                    sj = (int)s0 + j;
                float i = VecMath.Sigmoid(gates[gj]);
                float f = VecMath.Sigmoid(gates[gj + n]);
                float g = VecMath.Tanh(gates[gj + 2 * n]);
                float o = VecMath.Sigmoid(gates[gj + 3 * n]);
                float cv = MathF.FusedMultiplyAdd(f, cPrev[sj], i * g);
                float tc = VecMath.Tanh(cv);
                gates[gj] = i;
                gates[gj + n] = f;
                gates[gj + 2 * n] = g;
                gates[gj + 3 * n] = o;
                c[sj] = cv;
                tanhC[sj] = tc;
                h[sj] = o * tc;
            }
        }
    }

    /// <summary>
    /// LSTM backward for one step. In: activated gates [i f g o], cPrev, tanh(c), dh = ∂L/∂h_t,
    /// dc = ∂L/∂c_t from later steps. Out: dGates = ∂L/∂a (rows × 4H) and dc overwritten by
    /// ∂L/∂c_{t−1}:
    /// dc_t = dc + dh ⊙ o ⊙ (1 − tanh²c); da_i = dc_t g i(1−i); da_f = dc_t cPrev f(1−f);
    /// da_g = dc_t i (1−g²); da_o = dh tanh(c) o(1−o); dcPrev = dc_t ⊙ f.
    /// </summary>
    public static void LstmBackward(
        int rows,
        int hidden,
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> tanhC,
        ReadOnlySpan<float> dh,
        Span<float> dc,
        Span<float> dGates,
        bool avx512 = true
    )
    {
        Require(gates, rows * 4 * hidden, cPrev, tanhC, dh, dc, rows * hidden);
        if (dGates.Length < rows * 4 * hidden)
        {
            throw new ArgumentException("dGates is shorter than rows × 4H.", nameof(dGates));
        }
        ref float gRef = ref MemoryMarshal.GetReference(gates);
        ref float cpRef = ref MemoryMarshal.GetReference(cPrev);
        ref float tcRef = ref MemoryMarshal.GetReference(tanhC);
        ref float dhRef = ref MemoryMarshal.GetReference(dh);
        ref float dcRef = ref MemoryMarshal.GetReference(dc);
        ref float dgRef = ref MemoryMarshal.GetReference(dGates);
        int n = hidden;
        var one = Vector512<float>.One;
        for (int r = 0; r < rows; r++)
        {
            nuint g0 = (nuint)(r * 4 * n),
                s0 = (nuint)(r * n);
            int j = 0;
            if (Wide(avx512))
            {
                for (; j <= n - W; j += W)
                {
                    nuint gj = g0 + (nuint)j,
                        sj = s0 + (nuint)j;
                    var i = Vector512.LoadUnsafe(ref gRef, gj);
                    var f = Vector512.LoadUnsafe(ref gRef, gj + (nuint)n);
                    var g = Vector512.LoadUnsafe(ref gRef, gj + (nuint)(2 * n));
                    var o = Vector512.LoadUnsafe(ref gRef, gj + (nuint)(3 * n));
                    var tc = Vector512.LoadUnsafe(ref tcRef, sj);
                    var dhv = Vector512.LoadUnsafe(ref dhRef, sj);
                    var dct = Vector512.LoadUnsafe(ref dcRef, sj) + dhv * o * (one - tc * tc);
                    (dct * g * i * (one - i)).StoreUnsafe(ref dgRef, gj);
                    (dct * Vector512.LoadUnsafe(ref cpRef, sj) * f * (one - f)).StoreUnsafe(
                        ref dgRef,
                        gj + (nuint)n
                    );
                    (dct * i * (one - g * g)).StoreUnsafe(ref dgRef, gj + (nuint)(2 * n));
                    (dhv * tc * o * (one - o)).StoreUnsafe(ref dgRef, gj + (nuint)(3 * n));
                    (dct * f).StoreUnsafe(ref dcRef, sj);
                }
            }
            for (; j < n; j++)
            {
                int gj = (int)g0 + j,
                    sj = (int)s0 + j;
                float i = gates[gj],
                    f = gates[gj + n],
                    g = gates[gj + 2 * n],
                    o = gates[gj + 3 * n];
                float tc = tanhC[sj],
                    dhv = dh[sj];
                float dct = dc[sj] + dhv * o * (1f - tc * tc);
                dGates[gj] = dct * g * i * (1f - i);
                dGates[gj + n] = dct * cPrev[sj] * f * (1f - f);
                dGates[gj + 2 * n] = dct * i * (1f - g * g);
                dGates[gj + 3 * n] = dhv * tc * o * (1f - o);
                dc[sj] = dct * f;
            }
        }
    }

    /// <summary>LstmForward as TensorPrimitives passes over each row (CPUs without AVX-512).</summary>
    private static void LstmForwardPortable(
        int rows,
        int n,
        Span<float> gates,
        ReadOnlySpan<float> cPrev,
        Span<float> c,
        Span<float> tanhC,
        Span<float> h
    )
    {
        for (int r = 0; r < rows; r++)
        {
            var g4 = gates.Slice(r * 4 * n, 4 * n);
            var i = g4.Slice(0, n);
            var f = g4.Slice(n, n);
            var g = g4.Slice(2 * n, n);
            var o = g4.Slice(3 * n, n);
            var cp = cPrev.Slice(r * n, n);
            var cr = c.Slice(r * n, n);
            var tc = tanhC.Slice(r * n, n);
            var hr = h.Slice(r * n, n);
            TensorPrimitives.Sigmoid(g4.Slice(0, 2 * n), g4.Slice(0, 2 * n));
            TensorPrimitives.Tanh(g, g);
            TensorPrimitives.Sigmoid(o, o);
            TensorPrimitives.Multiply(f, cp, cr);
            TensorPrimitives.FusedMultiplyAdd(i, g, cr, cr);
            TensorPrimitives.Tanh(cr, tc);
            TensorPrimitives.Multiply(o, tc, hr);
        }
    }
}
