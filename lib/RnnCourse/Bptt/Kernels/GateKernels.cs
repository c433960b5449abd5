// The fused elementwise passes per time step of the fused engine, for each cell, forward and
// backward side by side. Everything else per step is the recurrent matrix product.
// Row-major blocks of `rows` batch rows; gate blocks in PyTorch order (LSTM i, f, g, o; GRU r, z, n).
// Each kernel writes every value backward needs. A forward pass holds at most two σ or tanh per
// vector (LSTM: i f | g o | c; GRU: r z | n h), so the JIT inlines each one whole: with all five
// of the LSTM in one loop it ran out of its inlining budget, called the rest out of line and
// spilled every vector around the calls (`gate-table`, 16 rows × H 512, LSTM forward: 10.2 →
// 4.3 ns per cell at V256, 5.3 → 3.3 at V512, 12.4 → 8.2 at V128). The extra passes re-read
// rows that are still in L1 or L2.
// Each kernel is one generic body over ISimdIsa (an IGateOp computing one vector of units),
// run by ForEach at the chosen width, with the row's tail on IsaScalar (out of line, so it
// takes none of the vector loop's inlining budget): the same formulas at every width (512, 256,
// 128 bits, scalar) and in the tail.
// Equations: LSTM (Hochreiter & Schmidhuber 1997, PyTorch nn.LSTM), GRU (Cho et al. 2014,
// PyTorch nn.GRU: n = tanh(a_n + r ⊙ (W_hn h + b_hn))), Elman h = f(a).

namespace RnnCourse.Bptt.Kernels;

/// <summary>
/// Fused per-step gate passes (forward and backward) for Elman, LSTM and GRU. Each kernel's last
/// argument chooses the SIMD width (null: <see cref="Simd.Best"/>).
/// </summary>
public static partial class GateKernels
{
    /// <summary>
    /// One vector of units of a gate pass: elements g.. of the gate rows, s.. of the state rows,
    /// units j.. of the row (also VecMath's span kernels).
    /// </summary>
    internal interface IGateOp
    {
        void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct;
    }

    /// <summary>
    /// Runs <paramref name="op"/> over rows × n units (gate row stride <paramref name="gateStride"/>,
    /// state row stride n) at <paramref name="width"/>: full vectors, then the row's tail on scalars.
    /// </summary>
    internal static void ForEach<TOp>(in TOp op, int rows, int n, int gateStride, SimdWidth? width)
        where TOp : struct, IGateOp
    {
        var job = new ForEachJob<TOp>(op, rows, n, gateStride);
        WidthDispatch.Run(Simd.Resolve(width), ref job);
    }

    /// <summary><see cref="ForEach{TOp}"/>'s call at one width.</summary>
    private readonly struct ForEachJob<TOp>(TOp op, int rows, int n, int gateStride) : IWidthJob
        where TOp : struct, IGateOp
    {
        public void Run<TIsa, TVec>()
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct => ForEach<TOp, TIsa, TVec>(op, rows, n, gateStride);
    }

    private static void ForEach<TOp, TIsa, TVec>(TOp op, int rows, int n, int gateStride)
        where TOp : struct, IGateOp
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct
    {
        int full = n - n % TIsa.Width;
        for (int r = 0; r < rows; r++)
        {
            nint g0 = (nint)r * gateStride,
                s0 = (nint)r * n;
            for (int j = 0; j < full; j += TIsa.Width)
            {
                op.Apply<TIsa, TVec>(g0 + j, s0 + j, j);
            }
        }
        if (full < n)
        {
            Tails(op, rows, n, gateStride, full);
        }
    }

    /// <summary>Units [from, n) of every row, one at a time on IsaScalar.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tails<TOp>(TOp op, int rows, int n, int gateStride, int from)
        where TOp : struct, IGateOp
    {
        for (int r = 0; r < rows; r++)
        {
            nint g0 = (nint)r * gateStride,
                s0 = (nint)r * n;
            for (int j = from; j < n; j++)
            {
                op.Apply<IsaScalar, float>(g0 + j, s0 + j, j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Activate<TIsa, TVec>(Activation f, TVec v)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct =>
        f switch
        {
            Activation.Tanh => VecMath.Tanh<TIsa, TVec>(v),
            Activation.Sigmoid => VecMath.Sigmoid<TIsa, TVec>(v),
            Activation.Relu => TIsa.Max(v, TIsa.Zero),
            _ => v,
        };

    /// <summary>
    /// One forward pass that activates two gate blocks of each row in place: for units j..,
    /// block0 = F0(block0 + hp0) and block1 = F1(block1 + hp1), the blocks at
    /// <paramref name="offset"/> and offset + n of the gate row, with hp (W_h h: the GRU's r and
    /// z) read at the same places when <typeparamref name="TWithHp"/> is <see cref="AddHp"/>, and
    /// nothing added for <see cref="NoHp"/> (the LSTM's pre-activations are complete). LSTM:
    /// (σ, σ) on i f, (tanh, σ) on g o; GRU: (σ, σ) on r z.
    /// </summary>
    private readonly unsafe struct ActivatePair<TF0, TF1, TWithHp>(
        int n,
        float* gates,
        int offset,
        float* hp
    ) : IGateOp
        where TF0 : struct, VecMath.IUnary
        where TF1 : struct, VecMath.IUnary
        where TWithHp : struct, IFlag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply<TIsa, TVec>(nint g, nint s, nint j)
            where TIsa : struct, ISimdIsa<TVec>
            where TVec : struct
        {
            float* b0 = gates + g + offset;
            var v0 = TIsa.Load(b0);
            var v1 = TIsa.Load(b0 + n);
            if (TWithHp.On) // a constant per instantiation: the other branch is not compiled
            {
                v0 = TIsa.Add(v0, TIsa.Load(hp + g + offset));
                v1 = TIsa.Add(v1, TIsa.Load(hp + g + offset + n));
            }
            TIsa.Store(b0, TF0.Apply<TIsa, TVec>(v0));
            TIsa.Store(b0 + n, TF1.Apply<TIsa, TVec>(v1));
        }
    }

    /// <summary>A switch fixed by a type, so that a generic kernel compiles one branch only.</summary>
    private interface IFlag
    {
        static abstract bool On { get; }
    }

    /// <summary><see cref="ActivatePair{TF0, TF1, TWithHp}"/> adds hp.</summary>
    private readonly struct AddHp : IFlag
    {
        public static bool On => true;
    }

    /// <summary><see cref="ActivatePair{TF0, TF1, TWithHp}"/> adds nothing.</summary>
    private readonly struct NoHp : IFlag
    {
        public static bool On => false;
    }

    /// <summary>1 − v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec OneMinus<TIsa, TVec>(TVec v)
        where TIsa : struct, ISimdIsa<TVec>
        where TVec : struct => TIsa.Sub(TIsa.Create(1f), v);

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
