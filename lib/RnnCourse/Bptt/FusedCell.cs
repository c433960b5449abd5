// The per-cell part of the fused engine: the time loops. FusedEngine does what is common to
// every cell (argument checks, the input GEMM or gather before the loop, the input-weight
// gradients and ∂L/∂x after it, the split over threads); a FusedCell runs the recurrence over a
// range of batch rows [b0, b1) — so each thread can run a slice of the batch through the whole
// sequence with no synchronisation per step — and adds its recurrent weight gradients.
// Over 300 lines with the shared products (forward, backward and their small-batch forms) and
// the bias sums: the cells' common code, which every cell file reads beside its own.
// Per step the forward does exactly: one recurrent product + the cell's fused gate passes
// (GateKernels: Elman one, GRU two, LSTM three); the backward: one fused gate pass + one product
// for ∂L/∂h_{t−1}.

namespace RnnCourse.Bptt;

/// <summary>The time loops of one cell kind in the fused engine (float32).</summary>
internal abstract class FusedCell
{
    protected FusedCell(CellConfig config, CellSlots slots, SimdWidth width)
    {
        Width = width;
        Config = config;
        Slots = slots;
        H = config.HiddenSize;
        S = config.StateSize;
        GH = config.GateCount * config.HiddenSize;
    }

    public CellConfig Config { get; }

    public CellSlots Slots { get; }

    /// <summary>The SIMD width of every kernel this cell runs (<see cref="FusedEngineOptions.Width"/>).</summary>
    public SimdWidth Width { get; }

    /// <summary>H.</summary>
    protected int H { get; }

    /// <summary>S: state width.</summary>
    protected int S { get; }

    /// <summary>Width of a pre-activation row (G·H).</summary>
    public int GH { get; }

    /// <summary>
    /// The fused cell for a configuration. Options the fused kernels do not implement are refused
    /// by name (PyTorch's name beside ours), so a caller knows to use the reference engine.
    /// </summary>
    public static FusedCell Create(CellConfig config, CellSlots slots, SimdWidth width)
    {
        if (!config.Bias)
        {
            throw new NotSupportedException(
                "FusedEngine does not support Bias = false (PyTorch bias=False): its kernels fold the biases into the input projection. "
                    + "Use ReferenceEngine<float>.Factory (or double) for a cell without biases."
            );
        }
        if (config.ProjectionSize > 0)
        {
            throw new NotSupportedException(
                $"FusedEngine does not support ProjectionSize = {config.ProjectionSize} (PyTorch proj_size): its LSTM kernels assume h is H wide. "
                    + "Use ReferenceEngine<float>.Factory (or double) for a projected LSTM."
            );
        }
        return config.Kind switch
        {
            CellKind.Elman => new FusedElman(config, slots, width),
            CellKind.Lstm => new FusedLstm(config, slots, width),
            CellKind.Gru => new FusedGru(config, slots, width),
            CellKind.Jordan => new FusedJordan(config, slots, width),
            _ => throw new ArgumentException($"Unknown cell kind {config.Kind}.", nameof(config)),
        };
    }

    /// <summary>
    /// The bias added to every pre-activation row before the loop (GH): bh for the cells with one
    /// bias (Elman, Jordan); the GRU and LSTM fold their bx in too.
    /// </summary>
    public virtual void InputBias(ParameterSet<float> p, Span<float> bias) =>
        p.Value(Slots.Bh!).CopyTo(bias);

    /// <summary>Forward over all steps for batch rows [b0, b1). Xp already holds x·Wxᵀ + bias.</summary>
    public abstract void ForwardRows(Workspace ws, ParameterSet<float> p, int b0, int b1);

    /// <summary>
    /// Backward sweep for batch rows [b0, b1): fills DG (and DGh) for every step and leaves
    /// ∂L/∂h0 (∂L/∂c0) in ws.DInitial, which on entry holds ∂L/∂h_T (∂L/∂c_T).
    /// </summary>
    public abstract void BackwardRows(
        Workspace ws,
        ParameterSet<float> p,
        Tensor<float> dHs,
        int b0,
        int b1
    );

    /// <summary>
    /// After the sweep: every gradient except the input weights'. Here, for every cell,
    /// dWh += Dᵀ · S_prev (one GEMM over all T·B rows; D = <see cref="RecurrentGradient"/>,
    /// S_prev the states the steps read) and the bias sums of D into bh (and
    /// <see cref="PairedBias"/>); a cell with more (GRU's bx, Jordan's readout) adds them.
    /// </summary>
    public virtual void WeightGradients(Workspace ws, ParameterSet<float> p, WorkerPool? workers)
    {
        int tb = ws.Steps * ws.Batch,
            s = Config.StateSize;
        var d = RecurrentGradient(ws);
        Gemm.AtB(GH, tb, s, d, ws.Hext.AsSpan(0, tb * s), p.Grad(Slots.Wh), true, workers, Width);
        BiasSums(d, tb, GH, p, Slots.Bh!, PairedBias, workers);
    }

    /// <summary>The gradient the recurrent product's weights see: DG (DGh for the GRU).</summary>
    protected virtual float[] RecurrentGradient(Workspace ws) => ws.DG;

    /// <summary>
    /// A second bias added to the same pre-activation as bh, so it gets the same sums (LSTM's
    /// bx); null for the others.
    /// </summary>
    protected virtual ParameterSlot? PairedBias => null;

    /// <summary>
    /// One step's product with a weight matrix W (n × k), forward dest[rows × n] (+)= v[rows × k] · Wᵀ
    /// or, with <paramref name="backward"/>, dest[rows × k] (+)= v[rows × n] · W. At one row a
    /// matrix–vector product whose sweep over W alternates direction with the step (see
    /// <see cref="MatVec"/>: each sweep starts on the rows the previous one cached last); the
    /// backward sweep of a step runs opposite to its forward one, so the backward pass, which runs
    /// t = T−1 … 0, keeps alternating from where the forward ended. Otherwise a GEMM; with
    /// <paramref name="packed"/> (W packed once for the pass, in the layout of this direction's
    /// product) the GEMM skips its copy of W.
    /// </summary>
    protected void Product(
        bool backward,
        int t,
        int rows,
        int n,
        int k,
        ReadOnlySpan<float> v,
        ReadOnlySpan<float> w,
        Span<float> dest,
        bool accumulate,
        PackedB? packed = null
    )
    {
        bool descending = ((t & 1) == 1) != backward;
        if (rows == 1 && backward)
        {
            MatVec.Combine(n, k, v, w, dest, accumulate, descending, Width);
        }
        else if (rows == 1)
        {
            MatVec.Rows(n, k, w, v, dest, accumulate, descending, Width);
        }
        else if (backward && packed is not null)
        {
            Gemm.Prepacked(GemmOp.AB, rows, n, k, v, w, packed, dest, accumulate);
        }
        else if (backward)
        {
            Gemm.AB(rows, n, k, v, w, dest, accumulate, null, Width);
        }
        else if (packed is not null)
        {
            Gemm.Prepacked(GemmOp.ABt, rows, k, n, v, w, packed, dest, accumulate);
        }
        else
        {
            Gemm.ABt(rows, k, n, v, w, dest, accumulate, null, Width);
        }
    }

    /// <summary>
    /// The backward recurrent product next[rows × H] = dG[rows × GH] · Wh[GH × H]: at small B
    /// through the transposed copy ws.WhT when the engine made one; else <see cref="Product"/>,
    /// on Wh packed once for the pass (ws.PackedWhBack) when there is one.
    /// </summary>
    protected void BackProduct(
        Workspace ws,
        int t,
        int rows,
        ReadOnlySpan<float> dG,
        ReadOnlySpan<float> wh,
        Span<float> next
    )
    {
        if (ws.WhT is not null)
        {
            Gemm.ABt(rows, GH, H, dG, ws.WhT, next, false, null, Width);
        }
        else
        {
            Product(backward: true, t, rows, GH, H, dG, wh, next, false, ws.PackedWhBack);
        }
    }

    /// <summary>Rows [b0, b1) of block <paramref name="block"/> of a (blocks·B × width) buffer.</summary>
    protected static Span<float> Rows(float[] a, int block, int batch, int b0, int b1, int width) =>
        a.AsSpan((block * batch + b0) * width, (b1 - b0) * width);

    /// <summary>dh = dHs[t] + dhNext on valid rows; dh = dhNext on padded rows (dHs ignored there).</summary>
    protected static void AssembleDh(
        Workspace ws,
        Tensor<float> dHs,
        float[] dhNext,
        int t,
        int b0,
        int b1,
        int width
    )
    {
        int batch = ws.Batch;
        var dh = ws.Dh.AsSpan(b0 * width, (b1 - b0) * width);
        var next = dhNext.AsSpan(b0 * width, (b1 - b0) * width);
        System.Numerics.Tensors.TensorPrimitives.Add(
            dHs.Data.AsSpan((t * batch + b0) * width, (b1 - b0) * width),
            next,
            dh
        );
        if (ws.Valid is not null)
        {
            for (int b = b0; b < b1; b++)
            {
                if (!ws.IsValid(t, b))
                {
                    dhNext.AsSpan(b * width, width).CopyTo(ws.Dh.AsSpan(b * width, width));
                }
            }
        }
    }

    /// <summary>Copies h_t into the output rows (zero on padded rows).</summary>
    protected static void EmitOutput(Workspace ws, int t, int b0, int b1, int width)
    {
        int batch = ws.Batch;
        var src = Rows(ws.Hext, t + 1, batch, b0, b1, width);
        var dst = Rows(ws.Hs.Data, t, batch, b0, b1, width);
        src.CopyTo(dst);
        if (ws.Valid is not null)
        {
            for (int b = b0; b < b1; b++)
            {
                if (!ws.IsValid(t, b))
                {
                    dst.Slice((b - b0) * width, width).Clear();
                }
            }
        }
    }

    /// <summary>The end (exclusive) of the run of rows starting at <paramref name="b"/> that share its validity.</summary>
    protected static int RunEnd(Workspace ws, int t, int b, int b1)
    {
        if (ws.Valid is null)
        {
            return b1;
        }
        bool v = ws.IsValid(t, b);
        int e = b + 1;
        while (e < b1 && ws.IsValid(t, e) == v)
        {
            e++;
        }
        return e;
    }

    /// <summary>
    /// Column sums into parameter gradients (the biases; FusedEngine also the learned h0, c0):
    /// for each column j, grads[first + j] += Σ_r m[r, j] (and the same into
    /// grads[second + j] when second ≥ 0: LSTM's and GRU's two biases of one pre-activation),
    /// over a (rows × cols) matrix in one pass. At B ≥ 16 slices of the columns run on the
    /// pool's threads; each column is summed in row order either way.
    /// </summary>
    internal static void BiasSums(
        float[] m,
        int rows,
        int cols,
        ParameterSet<float> p,
        ParameterSlot first,
        ParameterSlot? second,
        WorkerPool? workers
    )
    {
        var job = new BiasSumsJob
        {
            M = m,
            Rows = rows,
            Cols = cols,
            Grads = p.Grads,
            First = first.Offset,
            Second = second?.Offset ?? -1,
        };
        FusedEngine.Columns(ref job, cols, workers);
    }

    private struct BiasSumsJob : FusedEngine.IColumnJob
    {
        public float[] M;
        public int Rows;
        public int Cols;
        public float[] Grads;
        public int First;
        public int Second;

        public readonly void Run(int j0, int j1)
        {
            int n = j1 - j0;
            var a = Grads.AsSpan(First + j0, n);
            var b = Second >= 0 ? Grads.AsSpan(Second + j0, n) : default;
            for (int r = 0; r < Rows; r++)
            {
                var row = M.AsSpan(r * Cols + j0, n);
                System.Numerics.Tensors.TensorPrimitives.Add(a, row, a);
                if (Second >= 0)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(b, row, b);
                }
            }
        }
    }
}
