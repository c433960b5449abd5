// The loops of MatVec, written once over ISimdIsa (like GemmKernels) so the same code runs on
// Vector512, Vector256, Vector128 and plain floats. See MatVec.cs for what they are for.
using System.Runtime.CompilerServices;

namespace RnnCourse.Numerics;

/// <summary>Register-blocked matrix–vector loops (see <see cref="MatVec"/>).</summary>
internal static unsafe class MatVecKernels
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

    /// <summary>
    /// y[j] (+)= Σ_g a[g] · w[g·k + j]: the columns of y in blocks of 16 (AVX-512 only, where
    /// 32 registers hold them) and 8 vectors kept in registers while every row of W streams
    /// past; the remaining columns in one more pass of eight accumulators whose last vector
    /// ends at k (overlapping columns are computed twice, identically, and written once).
    /// Eight or more independent accumulators keep the FMA units busy despite their latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine<TIsa, TVec>(
        int n,
        int k,
        float* a,
        float* w,
        float* y,
        bool add,
        bool descending
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        // Row pointers walk from the first visited row by ±k (a by ±1).
        float* w0 = descending ? w + (nint)(n - 1) * k : w;
        float* a0 = descending ? a + n - 1 : a;
        nint rs = descending ? -k : k;
        int da = descending ? -1 : 1;
        int j = 0;
        if (wd == 16)
        {
            for (; j + 16 * wd <= k; j += 16 * wd)
            {
                Block16<TIsa, TVec>(n, w0 + j, rs, a0, da, y + j, add);
            }
        }
        for (; j + 8 * wd <= k; j += 8 * wd)
        {
            Block8<TIsa, TVec>(n, w0 + j, rs, a0, da, y + j, add);
        }
        if (j == k)
        {
            return;
        }
        if (k >= wd)
        {
            TailBlock<TIsa, TVec>(n, k, j, w0, rs, a0, da, y, add);
            return;
        }
        for (; j < k; j++)
        {
            float c = 0;
            float* r = w0 + j;
            float* ap = a0;
            for (int g = 0; g < n; g++, r += rs, ap += da)
            {
                c += *ap * *r;
            }
            y[j] = add ? y[j] + c : c;
        }
    }

    /// <summary>
    /// Columns [j, k) (fewer than 8 vectors, k ≥ Width) in one pass of eight accumulators at
    /// offsets j, j + W, …, the last one at k − W; unused accumulators repeat the last offset
    /// (spare work that keeps eight independent FMA chains). Each vector writes only the lanes
    /// no earlier vector of this call wrote, and none left of j.
    /// </summary>
    private static void TailBlock<TIsa, TVec>(
        int n,
        int k,
        int j,
        float* w0,
        nint rs,
        float* a0,
        int da,
        float* y,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        int last = k - wd;
        int vectors = (k - j + wd - 1) / wd;
        int o0 = Math.Min(j, last),
            o1 = Math.Min(j + wd, last),
            o2 = Math.Min(j + 2 * wd, last),
            o3 = Math.Min(j + 3 * wd, last),
            o4 = Math.Min(j + 4 * wd, last),
            o5 = Math.Min(j + 5 * wd, last),
            o6 = Math.Min(j + 6 * wd, last),
            o7 = Math.Min(j + 7 * wd, last);
        TVec c0 = TIsa.Zero,
            c1 = TIsa.Zero,
            c2 = TIsa.Zero,
            c3 = TIsa.Zero,
            c4 = TIsa.Zero,
            c5 = TIsa.Zero,
            c6 = TIsa.Zero,
            c7 = TIsa.Zero;
        float* r = w0;
        float* ap = a0;
        for (int g = 0; g < n; g++, r += rs, ap += da)
        {
            TVec av = TIsa.Broadcast(ap);
            c0 = TIsa.MulAdd(av, TIsa.Load(r + o0), c0);
            c1 = TIsa.MulAdd(av, TIsa.Load(r + o1), c1);
            c2 = TIsa.MulAdd(av, TIsa.Load(r + o2), c2);
            c3 = TIsa.MulAdd(av, TIsa.Load(r + o3), c3);
            c4 = TIsa.MulAdd(av, TIsa.Load(r + o4), c4);
            c5 = TIsa.MulAdd(av, TIsa.Load(r + o5), c5);
            c6 = TIsa.MulAdd(av, TIsa.Load(r + o6), c6);
            c7 = TIsa.MulAdd(av, TIsa.Load(r + o7), c7);
        }
        // Vector i covers [o_i, o_i + W); its new lanes start at j (i = 0) or at the end of
        // vector i − 1. Vectors past the count repeat the last one and write nothing.
        int done = j;
        WriteNew<TIsa, TVec>(y, o0, c0, ref done, add);
        if (vectors > 1)
        {
            WriteNew<TIsa, TVec>(y, o1, c1, ref done, add);
        }
        if (vectors > 2)
        {
            WriteNew<TIsa, TVec>(y, o2, c2, ref done, add);
        }
        if (vectors > 3)
        {
            WriteNew<TIsa, TVec>(y, o3, c3, ref done, add);
        }
        if (vectors > 4)
        {
            WriteNew<TIsa, TVec>(y, o4, c4, ref done, add);
        }
        if (vectors > 5)
        {
            WriteNew<TIsa, TVec>(y, o5, c5, ref done, add);
        }
        if (vectors > 6)
        {
            WriteNew<TIsa, TVec>(y, o6, c6, ref done, add);
        }
        if (vectors > 7)
        {
            WriteNew<TIsa, TVec>(y, o7, c7, ref done, add);
        }
    }

    /// <summary>Writes the lanes of the vector at offset o that lie at or after <paramref name="done"/>, then advances it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteNew<TIsa, TVec>(float* y, int o, TVec c, ref int done, bool add)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        int keep = o + wd - done;
        if (keep == wd)
        {
            Store<TIsa, TVec>(y + o, c, add);
        }
        else
        {
            TIsa.StoreHigh(y + o, c, keep, add);
        }
        done = o + wd;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TIsa, TVec>(float* p, TVec v, bool add)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct => TIsa.Store(p, add ? TIsa.Add(v, TIsa.Load(p)) : v);

    private static void Block8<TIsa, TVec>(
        int n,
        float* r,
        nint rs,
        float* ap,
        int da,
        float* y,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        TVec c0 = TIsa.Zero,
            c1 = TIsa.Zero,
            c2 = TIsa.Zero,
            c3 = TIsa.Zero,
            c4 = TIsa.Zero,
            c5 = TIsa.Zero,
            c6 = TIsa.Zero,
            c7 = TIsa.Zero;
        for (int g = 0; g < n; g++, r += rs, ap += da)
        {
            TVec av = TIsa.Broadcast(ap);
            c0 = TIsa.MulAdd(av, TIsa.Load(r), c0);
            c1 = TIsa.MulAdd(av, TIsa.Load(r + wd), c1);
            c2 = TIsa.MulAdd(av, TIsa.Load(r + 2 * wd), c2);
            c3 = TIsa.MulAdd(av, TIsa.Load(r + 3 * wd), c3);
            c4 = TIsa.MulAdd(av, TIsa.Load(r + 4 * wd), c4);
            c5 = TIsa.MulAdd(av, TIsa.Load(r + 5 * wd), c5);
            c6 = TIsa.MulAdd(av, TIsa.Load(r + 6 * wd), c6);
            c7 = TIsa.MulAdd(av, TIsa.Load(r + 7 * wd), c7);
        }
        Store<TIsa, TVec>(y, c0, add);
        Store<TIsa, TVec>(y + wd, c1, add);
        Store<TIsa, TVec>(y + 2 * wd, c2, add);
        Store<TIsa, TVec>(y + 3 * wd, c3, add);
        Store<TIsa, TVec>(y + 4 * wd, c4, add);
        Store<TIsa, TVec>(y + 5 * wd, c5, add);
        Store<TIsa, TVec>(y + 6 * wd, c6, add);
        Store<TIsa, TVec>(y + 7 * wd, c7, add);
    }

    private static void Block16<TIsa, TVec>(
        int n,
        float* r,
        nint rs,
        float* ap,
        int da,
        float* y,
        bool add
    )
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int wd = TIsa.Width;
        TVec c0 = TIsa.Zero,
            c1 = TIsa.Zero,
            c2 = TIsa.Zero,
            c3 = TIsa.Zero,
            c4 = TIsa.Zero,
            c5 = TIsa.Zero,
            c6 = TIsa.Zero,
            c7 = TIsa.Zero,
            c8 = TIsa.Zero,
            c9 = TIsa.Zero,
            c10 = TIsa.Zero,
            c11 = TIsa.Zero,
            c12 = TIsa.Zero,
            c13 = TIsa.Zero,
            c14 = TIsa.Zero,
            c15 = TIsa.Zero;
        for (int g = 0; g < n; g++, r += rs, ap += da)
        {
            TVec av = TIsa.Broadcast(ap);
            c0 = TIsa.MulAdd(av, TIsa.Load(r), c0);
            c1 = TIsa.MulAdd(av, TIsa.Load(r + wd), c1);
            c2 = TIsa.MulAdd(av, TIsa.Load(r + 2 * wd), c2);
            c3 = TIsa.MulAdd(av, TIsa.Load(r + 3 * wd), c3);
            c4 = TIsa.MulAdd(av, TIsa.Load(r + 4 * wd), c4);
            c5 = TIsa.MulAdd(av, TIsa.Load(r + 5 * wd), c5);
            c6 = TIsa.MulAdd(av, TIsa.Load(r + 6 * wd), c6);
            c7 = TIsa.MulAdd(av, TIsa.Load(r + 7 * wd), c7);
            c8 = TIsa.MulAdd(av, TIsa.Load(r + 8 * wd), c8);
            c9 = TIsa.MulAdd(av, TIsa.Load(r + 9 * wd), c9);
            c10 = TIsa.MulAdd(av, TIsa.Load(r + 10 * wd), c10);
            c11 = TIsa.MulAdd(av, TIsa.Load(r + 11 * wd), c11);
            c12 = TIsa.MulAdd(av, TIsa.Load(r + 12 * wd), c12);
            c13 = TIsa.MulAdd(av, TIsa.Load(r + 13 * wd), c13);
            c14 = TIsa.MulAdd(av, TIsa.Load(r + 14 * wd), c14);
            c15 = TIsa.MulAdd(av, TIsa.Load(r + 15 * wd), c15);
        }
        Store<TIsa, TVec>(y, c0, add);
        Store<TIsa, TVec>(y + wd, c1, add);
        Store<TIsa, TVec>(y + 2 * wd, c2, add);
        Store<TIsa, TVec>(y + 3 * wd, c3, add);
        Store<TIsa, TVec>(y + 4 * wd, c4, add);
        Store<TIsa, TVec>(y + 5 * wd, c5, add);
        Store<TIsa, TVec>(y + 6 * wd, c6, add);
        Store<TIsa, TVec>(y + 7 * wd, c7, add);
        Store<TIsa, TVec>(y + 8 * wd, c8, add);
        Store<TIsa, TVec>(y + 9 * wd, c9, add);
        Store<TIsa, TVec>(y + 10 * wd, c10, add);
        Store<TIsa, TVec>(y + 11 * wd, c11, add);
        Store<TIsa, TVec>(y + 12 * wd, c12, add);
        Store<TIsa, TVec>(y + 13 * wd, c13, add);
        Store<TIsa, TVec>(y + 14 * wd, c14, add);
        Store<TIsa, TVec>(y + 15 * wd, c15, add);
    }
}
