// MatVec.Combine's loops (y = aᵀ·W, the backward B = 1 step: up to 16 vectors of y in registers
// while W's rows stream past), written once over ISimdIsa. See MatVec.cs for what they are for.
// Deliberate twins by shape: the register-blocked kernels GemmKernels, GemmSmallKernels,
// MatVecRowKernels and MatVecCombineKernels each unroll a block of accumulators
// (c0 … c15) and its loads and stores by hand, so the JIT keeps every accumulator in a register;
// their signatures and blocks look alike, and each loop order is its own (see each header).

namespace RnnCourse.Numerics;

/// <summary>Register-blocked y = aᵀ·W loops (see <see cref="MatVec"/>).</summary>
internal static unsafe class MatVecCombineKernels
{
    /// <summary>
    /// y[j] (+)= Σ_g a[g] · w[g·k + j]: the columns of y in blocks of 16 vectors (where
    /// 32 registers hold them: AVX-512 at any width, ARM64) and 8 vectors kept in registers while every row of W streams
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
        if (Simd.VectorRegisters >= 32)
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

    // Block16 is Block8's deliberate twin with 16 accumulators (taken only where 32 vector
    // registers hold them); a shared body would need a variable count of registers.
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
