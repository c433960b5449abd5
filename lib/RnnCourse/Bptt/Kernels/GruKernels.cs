// The fused GRU gate pass, forward and backward side by side (part of GateKernels; see
// GateKernels.cs for the conventions). PyTorch nn.GRU: n = tanh(a_n + r ⊙ (W_hn h + b_hn)).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RnnCourse.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt.Kernels;

public static partial class GateKernels
{
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
        Span<float> h,
        bool avx512 = true
    )
    {
        Require(gates, rows * 3 * hidden, hPrev, hn, h, h, rows * hidden);
        if (hp.Length < rows * 3 * hidden || bhn.Length < hidden)
        {
            throw new ArgumentException("hp must be rows × 3H and bhn H long.", nameof(hp));
        }
        if (!Wide(avx512))
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
            if (Wide(avx512))
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
        Span<float> dhDirect,
        bool avx512 = true
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
            if (Wide(avx512))
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
}
