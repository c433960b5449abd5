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

/// <summary>Fused per-step gate passes (forward and backward) for Elman, LSTM and GRU.</summary>
public static class GateKernels
{
    private const int W = 16; // Vector512<float> lanes

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
        Span<float> h
    )
    {
        Require(gates, rows * 4 * hidden, cPrev, c, tanhC, h, rows * hidden);
        if (!VecMath.IsVectorized)
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
            if (VecMath.IsVectorized)
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
        Span<float> dGates
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
            if (VecMath.IsVectorized)
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

    /// <summary>
    /// GRU forward for one step. In: <paramref name="gates"/> = a = W_x x + b_x (+ b_h for r, z),
    /// <paramref name="hp"/> = W_h h_{t−1} (rows × 3H, no bias), b_hn, hPrev. Out, in place in gates:
    /// r = σ(a_r + hp_r), z = σ(a_z + hp_z), hn = hp_n + b_hn, n = tanh(a_n + r ⊙ hn);
    /// h = (1 − z) ⊙ n + z ⊙ hPrev. <paramref name="hn"/> keeps W_hn h + b_hn for backward.
    /// </summary>
    public static void GruForward(
        int rows,
        int hidden,
        Span<float> gates,
        ReadOnlySpan<float> hp,
        ReadOnlySpan<float> bhn,
        ReadOnlySpan<float> hPrev,
        Span<float> hn,
        Span<float> h
    )
    {
        Require(gates, rows * 3 * hidden, hPrev, hn, h, h, rows * hidden);
        if (hp.Length < rows * 3 * hidden || bhn.Length < hidden)
        {
            throw new ArgumentException("hp must be rows × 3H and bhn H long.", nameof(hp));
        }
        if (!VecMath.IsVectorized)
        {
            GruForwardPortable(rows, hidden, gates, hp, bhn, hPrev, hn, h);
            return;
        }
        ref float gRef = ref MemoryMarshal.GetReference(gates);
        ref float hpRef = ref MemoryMarshal.GetReference(hp);
        ref float bRef = ref MemoryMarshal.GetReference(bhn);
        ref float prevRef = ref MemoryMarshal.GetReference(hPrev);
        ref float hnRef = ref MemoryMarshal.GetReference(hn);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        int n = hidden;
        for (int row = 0; row < rows; row++)
        {
            nuint g0 = (nuint)(row * 3 * n),
                s0 = (nuint)(row * n);
            int j = 0;
            if (VecMath.IsVectorized)
            {
                for (; j <= n - W; j += W)
                {
                    nuint gj = g0 + (nuint)j,
                        sj = s0 + (nuint)j;
                    var r = VecMath.Sigmoid(
                        Vector512.LoadUnsafe(ref gRef, gj) + Vector512.LoadUnsafe(ref hpRef, gj)
                    );
                    var z = VecMath.Sigmoid(
                        Vector512.LoadUnsafe(ref gRef, gj + (nuint)n)
                            + Vector512.LoadUnsafe(ref hpRef, gj + (nuint)n)
                    );
                    var hnv =
                        Vector512.LoadUnsafe(ref hpRef, gj + (nuint)(2 * n))
                        + Vector512.LoadUnsafe(ref bRef, (nuint)j);
                    var nv = VecMath.Tanh(
                        Vector512.FusedMultiplyAdd(
                            r,
                            hnv,
                            Vector512.LoadUnsafe(ref gRef, gj + (nuint)(2 * n))
                        )
                    );
                    var hp0 = Vector512.LoadUnsafe(ref prevRef, sj);
                    r.StoreUnsafe(ref gRef, gj);
                    z.StoreUnsafe(ref gRef, gj + (nuint)n);
                    nv.StoreUnsafe(ref gRef, gj + (nuint)(2 * n));
                    hnv.StoreUnsafe(ref hnRef, sj);
                    // (1 − z) n + z hPrev = n + z (hPrev − n)
                    Vector512.FusedMultiplyAdd(z, hp0 - nv, nv).StoreUnsafe(ref hRef, sj);
                }
            }
            for (; j < n; j++)
            {
                int gj = (int)g0 + j,
                    sj = (int)s0 + j;
                float r = VecMath.Sigmoid(gates[gj] + hp[gj]);
                float z = VecMath.Sigmoid(gates[gj + n] + hp[gj + n]);
                float hnv = hp[gj + 2 * n] + bhn[j];
                float nv = VecMath.Tanh(MathF.FusedMultiplyAdd(r, hnv, gates[gj + 2 * n]));
                float hp0 = hPrev[sj];
                gates[gj] = r;
                gates[gj + n] = z;
                gates[gj + 2 * n] = nv;
                hn[sj] = hnv;
                h[sj] = MathF.FusedMultiplyAdd(z, hp0 - nv, nv);
            }
        }
    }

    /// <summary>
    /// GRU backward for one step. In: [r z n], hn, hPrev, dh. Out: dXp = ∂L/∂(W_x x + b_x)
    /// (rows × 3H), dHp = ∂L/∂(W_h h + b_h) (rows × 3H), dhDirect = dh ⊙ z (the path to h_{t−1}
    /// that skips W_h):
    /// da_n = dh (1−z)(1−n²); da_z = dh (hPrev − n) z(1−z); da_r = da_n hn r(1−r);
    /// dXp = [da_r, da_z, da_n]; dHp = [da_r, da_z, da_n ⊙ r].
    /// </summary>
    public static void GruBackward(
        int rows,
        int hidden,
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrev,
        ReadOnlySpan<float> dh,
        Span<float> dXp,
        Span<float> dHp,
        Span<float> dhDirect
    )
    {
        Require(gates, rows * 3 * hidden, hn, hPrev, dh, dhDirect, rows * hidden);
        if (dXp.Length < rows * 3 * hidden || dHp.Length < rows * 3 * hidden)
        {
            throw new ArgumentException("dXp and dHp must be rows × 3H.", nameof(dXp));
        }
        ref float gRef = ref MemoryMarshal.GetReference(gates);
        ref float hnRef = ref MemoryMarshal.GetReference(hn);
        ref float prevRef = ref MemoryMarshal.GetReference(hPrev);
        ref float dhRef = ref MemoryMarshal.GetReference(dh);
        ref float dxRef = ref MemoryMarshal.GetReference(dXp);
        ref float dhpRef = ref MemoryMarshal.GetReference(dHp);
        ref float ddRef = ref MemoryMarshal.GetReference(dhDirect);
        int n = hidden;
        var one = Vector512<float>.One;
        for (int row = 0; row < rows; row++)
        {
            nuint g0 = (nuint)(row * 3 * n),
                s0 = (nuint)(row * n);
            int j = 0;
            if (VecMath.IsVectorized)
            {
                for (; j <= n - W; j += W)
                {
                    nuint gj = g0 + (nuint)j,
                        sj = s0 + (nuint)j;
                    var r = Vector512.LoadUnsafe(ref gRef, gj);
                    var z = Vector512.LoadUnsafe(ref gRef, gj + (nuint)n);
                    var nv = Vector512.LoadUnsafe(ref gRef, gj + (nuint)(2 * n));
                    var dhv = Vector512.LoadUnsafe(ref dhRef, sj);
                    var dan = dhv * (one - z) * (one - nv * nv);
                    var daz = dhv * (Vector512.LoadUnsafe(ref prevRef, sj) - nv) * z * (one - z);
                    var dar = dan * Vector512.LoadUnsafe(ref hnRef, sj) * r * (one - r);
                    dar.StoreUnsafe(ref dxRef, gj);
                    daz.StoreUnsafe(ref dxRef, gj + (nuint)n);
                    dan.StoreUnsafe(ref dxRef, gj + (nuint)(2 * n));
                    dar.StoreUnsafe(ref dhpRef, gj);
                    daz.StoreUnsafe(ref dhpRef, gj + (nuint)n);
                    (dan * r).StoreUnsafe(ref dhpRef, gj + (nuint)(2 * n));
                    (dhv * z).StoreUnsafe(ref ddRef, sj);
                }
            }
            for (; j < n; j++)
            {
                int gj = (int)g0 + j,
                    sj = (int)s0 + j;
                float r = gates[gj],
                    z = gates[gj + n],
                    nv = gates[gj + 2 * n],
                    dhv = dh[sj];
                float dan = dhv * (1f - z) * (1f - nv * nv);
                float daz = dhv * (hPrev[sj] - nv) * z * (1f - z);
                float dar = dan * hn[sj] * r * (1f - r);
                dXp[gj] = dar;
                dXp[gj + n] = daz;
                dXp[gj + 2 * n] = dan;
                dHp[gj] = dar;
                dHp[gj + n] = daz;
                dHp[gj + 2 * n] = dan * r;
                dhDirect[sj] = dhv * z;
            }
        }
    }

    /// <summary>Elman forward: h[k] = f(a[k]) over <paramref name="count"/> elements.</summary>
    public static void ElmanForward(Activation f, int count, ReadOnlySpan<float> a, Span<float> h)
    {
        if (a.Length < count || h.Length < count)
        {
            throw new ArgumentException("a and h must hold count elements.", nameof(a));
        }
        if (!VecMath.IsVectorized)
        {
            Activations.Apply(f, a.Slice(0, count), h.Slice(0, count));
            return;
        }
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        int k = 0;
        if (VecMath.IsVectorized)
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
        Span<float> da
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
        if (VecMath.IsVectorized)
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

    /// <summary>GruForward as TensorPrimitives passes over each row (CPUs without AVX-512).</summary>
    private static void GruForwardPortable(
        int rows,
        int n,
        Span<float> gates,
        ReadOnlySpan<float> hp,
        ReadOnlySpan<float> bhn,
        ReadOnlySpan<float> hPrev,
        Span<float> hn,
        Span<float> h
    )
    {
        for (int row = 0; row < rows; row++)
        {
            var g3 = gates.Slice(row * 3 * n, 3 * n);
            var p3 = hp.Slice(row * 3 * n, 3 * n);
            var rz = g3.Slice(0, 2 * n);
            var nv = g3.Slice(2 * n, n);
            var r = g3.Slice(0, n);
            var z = g3.Slice(n, n);
            var hnr = hn.Slice(row * n, n);
            var hr = h.Slice(row * n, n);
            TensorPrimitives.Add(rz, p3.Slice(0, 2 * n), rz);
            TensorPrimitives.Sigmoid(rz, rz);
            TensorPrimitives.Add(p3.Slice(2 * n, n), bhn.Slice(0, n), hnr);
            TensorPrimitives.FusedMultiplyAdd(r, hnr, nv, nv);
            TensorPrimitives.Tanh(nv, nv);
            TensorPrimitives.Subtract(hPrev.Slice(row * n, n), nv, hr); // hPrev − n
            TensorPrimitives.FusedMultiplyAdd(z, hr, nv, hr); // n + z (hPrev − n)
        }
    }

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
