// MatVec.Rows' loops (y = W·x, the forward B = 1 step), written once over ISimdIsa (like
// GemmKernels) so the same code runs on Vector512, Vector256, Vector128 and plain floats.
// The backward product's loops are MatVecCombineKernels. See MatVec.cs for what they are for.
// Deliberate twins by shape: the register-blocked kernels GemmKernels, GemmSmallKernels,
// MatVecRowKernels and MatVecCombineKernels each unroll a block of accumulators
// (c0 … c15) and its loads and stores by hand, so the JIT keeps every accumulator in a register;
// their signatures and blocks look alike, and each loop order is its own (see each header).

namespace RnnCourse.Numerics;

/// <summary>Register-blocked y = W·x loops (see <see cref="MatVec.Rows"/>).</summary>
internal static unsafe class MatVecRowKernels
{
    /// <summary>
    /// y[g] (+)= Σ_j w[g·k + j] · x[j]: eight rows per pass (eight independent accumulators, so
    /// the FMA latency is hidden; one load of x per eight loads of W), reduced four at a time by
    /// <c>Sum4</c>; then a block of four and single rows. The k mod Width tail is one more
    /// vector ending at k with the already-summed lanes of x zeroed (no scalar loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<TIsa, TVec>(
        int n,
        int k,
        float* w,
        float* x,
        float* y,
        bool add,
        bool descending
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        // Ascending order of work: blocks of 8 rows, one block of 4, then single rows.
        int eights = n / 8;
        int four = (n - 8 * eights) / 4;
        int singles0 = 8 * eights + 4 * four;
        if (!descending)
        {
            for (int b = 0; b < eights; b++)
            {
                EightRows<TIsa, TVec>(k, w + (nint)b * 8 * k, x, y + 8 * b, add);
            }
            if (four == 1)
            {
                FourRows<TIsa, TVec>(k, w + (nint)8 * eights * k, x, y + 8 * eights, add);
            }
            for (int g = singles0; g < n; g++)
            {
                OneRow<TIsa, TVec>(k, w + (nint)g * k, x, y + g, add);
            }
            return;
        }
        for (int g = n - 1; g >= singles0; g--)
        {
            OneRow<TIsa, TVec>(k, w + (nint)g * k, x, y + g, add);
        }
        if (four == 1)
        {
            FourRows<TIsa, TVec>(k, w + (nint)8 * eights * k, x, y + 8 * eights, add);
        }
        for (int b = eights - 1; b >= 0; b--)
        {
            EightRows<TIsa, TVec>(k, w + (nint)b * 8 * k, x, y + 8 * b, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EightRows<TIsa, TVec>(int k, float* r0, float* x, float* y, bool add)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        nint ld = k;
        TVec s0 = TIsa.Zero,
            s1 = TIsa.Zero,
            s2 = TIsa.Zero,
            s3 = TIsa.Zero,
            s4 = TIsa.Zero,
            s5 = TIsa.Zero,
            s6 = TIsa.Zero,
            s7 = TIsa.Zero;
        int p = 0;
        for (; p + wd <= k; p += wd)
        {
            TVec xv = TIsa.Load(x + p);
            float* q = r0 + p;
            s0 = TIsa.MulAdd(TIsa.Load(q), xv, s0);
            s1 = TIsa.MulAdd(TIsa.Load(q + ld), xv, s1);
            s2 = TIsa.MulAdd(TIsa.Load(q + 2 * ld), xv, s2);
            s3 = TIsa.MulAdd(TIsa.Load(q + 3 * ld), xv, s3);
            s4 = TIsa.MulAdd(TIsa.Load(q + 4 * ld), xv, s4);
            s5 = TIsa.MulAdd(TIsa.Load(q + 5 * ld), xv, s5);
            s6 = TIsa.MulAdd(TIsa.Load(q + 6 * ld), xv, s6);
            s7 = TIsa.MulAdd(TIsa.Load(q + 7 * ld), xv, s7);
        }
        // The tail vector (ending at k) repeats the body's eight multiply-adds: a deliberate twin,
        // since a shared helper would take the accumulators by reference.
        if (p < k && k >= wd)
        {
            int o = k - wd;
            TVec xv = TIsa.LoadHigh(x + o, k - p);
            float* q = r0 + o;
            s0 = TIsa.MulAdd(TIsa.Load(q), xv, s0);
            s1 = TIsa.MulAdd(TIsa.Load(q + ld), xv, s1);
            s2 = TIsa.MulAdd(TIsa.Load(q + 2 * ld), xv, s2);
            s3 = TIsa.MulAdd(TIsa.Load(q + 3 * ld), xv, s3);
            s4 = TIsa.MulAdd(TIsa.Load(q + 4 * ld), xv, s4);
            s5 = TIsa.MulAdd(TIsa.Load(q + 5 * ld), xv, s5);
            s6 = TIsa.MulAdd(TIsa.Load(q + 6 * ld), xv, s6);
            s7 = TIsa.MulAdd(TIsa.Load(q + 7 * ld), xv, s7);
            p = k;
        }
        if (p < k)
        {
            // k < Width: the two halves as blocks of four with their scalar tails.
            FourRows<TIsa, TVec>(k, r0, x, y, add);
            FourRows<TIsa, TVec>(k, r0 + 4 * ld, x, y + 4, add);
            return;
        }
        TIsa.Sum4(s0, s1, s2, s3, y, add);
        TIsa.Sum4(s4, s5, s6, s7, y + 4, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRows<TIsa, TVec>(int k, float* r0, float* x, float* y, bool add)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        float* r1 = r0 + k;
        float* r2 = r1 + k;
        float* r3 = r2 + k;
        TVec s0 = TIsa.Zero,
            s1 = TIsa.Zero,
            s2 = TIsa.Zero,
            s3 = TIsa.Zero;
        int p = 0;
        for (; p + wd <= k; p += wd)
        {
            TVec xv = TIsa.Load(x + p);
            s0 = TIsa.MulAdd(TIsa.Load(r0 + p), xv, s0);
            s1 = TIsa.MulAdd(TIsa.Load(r1 + p), xv, s1);
            s2 = TIsa.MulAdd(TIsa.Load(r2 + p), xv, s2);
            s3 = TIsa.MulAdd(TIsa.Load(r3 + p), xv, s3);
        }
        if (p < k && k >= wd)
        {
            int o = k - wd;
            TVec xv = TIsa.LoadHigh(x + o, k - p);
            s0 = TIsa.MulAdd(TIsa.Load(r0 + o), xv, s0);
            s1 = TIsa.MulAdd(TIsa.Load(r1 + o), xv, s1);
            s2 = TIsa.MulAdd(TIsa.Load(r2 + o), xv, s2);
            s3 = TIsa.MulAdd(TIsa.Load(r3 + o), xv, s3);
            p = k;
        }
        if (p < k)
        {
            // k < Width: a plain scalar dot product per row.
            float d0 = TIsa.Sum(s0),
                d1 = TIsa.Sum(s1),
                d2 = TIsa.Sum(s2),
                d3 = TIsa.Sum(s3);
            for (; p < k; p++)
            {
                d0 += r0[p] * x[p];
                d1 += r1[p] * x[p];
                d2 += r2[p] * x[p];
                d3 += r3[p] * x[p];
            }
            IsaScalar.Sum4(d0, d1, d2, d3, y, add);
            return;
        }
        TIsa.Sum4(s0, s1, s2, s3, y, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneRow<TIsa, TVec>(int k, float* r, float* x, float* y, bool add)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        TVec s = TIsa.Zero;
        int p = 0;
        for (; p + wd <= k; p += wd)
        {
            s = TIsa.MulAdd(TIsa.Load(r + p), TIsa.Load(x + p), s);
        }
        if (p < k && k >= wd)
        {
            s = TIsa.MulAdd(TIsa.Load(r + k - wd), TIsa.LoadHigh(x + k - wd, k - p), s);
            p = k;
        }
        float d = TIsa.Sum(s);
        for (; p < k; p++)
        {
            d += r[p] * x[p];
        }
        *y = add ? *y + d : d;
    }
}
