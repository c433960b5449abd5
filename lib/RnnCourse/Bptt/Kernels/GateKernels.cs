// The ONE fused elementwise pass per time step of the fused engine, for each cell, forward and
// backward side by side. Everything else per step is the recurrent matrix product.
// Row-major blocks of `rows` batch rows; gate blocks in PyTorch order (LSTM i, f, g, o; GRU r, z, n).
// Each kernel reads its pre-activations once and writes every value backward needs, so the
// gate buffer is touched exactly once per direction.
// Each kernel is one generic body over ISimdIsa (an IGateOp computing one vector of units),
// run by ForEach at the chosen width, with the row's tail on IsaScalar: the same formulas at
// every width (512, 256, 128 bits, scalar) and in the tail.
// Equations: LSTM (Hochreiter & Schmidhuber 1997, PyTorch nn.LSTM), GRU (Cho et al. 2014,
// PyTorch nn.GRU: n = tanh(a_n + r ⊙ (W_hn h + b_hn))), Elman h = f(a).

namespace RnnCourse.Bptt.Kernels;

/// <summary>
/// Fused per-step gate passes (forward and backward) for Elman, LSTM and GRU. Each kernel's last
/// argument chooses the SIMD width (null: <see cref="Simd.Best"/>).
/// </summary>
public static partial class GateKernels
{
    /// <summary>One vector of units of a gate pass: elements g.. of the gate rows, s.. of the state rows (also VecMath's span kernels).</summary>
    internal interface IGateOp
    {
        void Apply<TIsa, TVec>(nint g, nint s)
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
        int w = TIsa.Width;
        for (int r = 0; r < rows; r++)
        {
            nint g0 = (nint)r * gateStride,
                s0 = (nint)r * n;
            int j = 0;
            for (; j <= n - w; j += w)
            {
                op.Apply<TIsa, TVec>(g0 + j, s0 + j);
            }
            for (; j < n; j++)
            {
                op.Apply<IsaScalar, float>(g0 + j, s0 + j);
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
