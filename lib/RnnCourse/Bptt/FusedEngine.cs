// The optimized BPTT engine (float32): the same numbers as ReferenceEngine, obtained with
//  1. the input projection hoisted out of the time loop: one GEMM over all T·B rows for dense x,
//     a column gather of Wx for token ids (a one-hot product is a lookup);
//  2. per step only the recurrent product plus fused SIMD passes over the step's gate rows
//     (GateKernels: one to three, while the rows are in cache), instead of a dozen elementwise
//     ops each reading and writing memory;
//  3. weight gradients by one GEMM over all T·B rows after the backward sweep (the sweep only
//     stores ∂L/∂pre-activation per step), instead of an outer product per step;
//  4. workspaces preallocated from (T, B) and reused: a steady-state step allocates nothing;
//  5. every core at B ≥ ParallelBatch: batch rows are independent through the whole recurrence,
//     so each thread runs a slice of the batch through all T steps (no synchronisation per
//     step); a row's arithmetic does not depend on its slice, so any thread count gives the
//     same bytes.
// One file for the pass itself (Forward, Backward, the workspace hand-over they share), read
// together, over 300 lines for that reason; the workspace pool, the input-weight gather and
// scatter, the recurrent-weight layouts and the split over threads are the partials
// FusedEngine.Pool.cs, .Weights.cs, .RecurrentWeights.cs and .Threads.cs, the options
// FusedEngineOptions.cs.
// Tensors handed back (Hs, Final, gradients) are views of engine-owned workspace memory: valid
// until the next Forward after this pass's Backward. Clone them to keep them longer. Each
// Forward stamps its output with the engine's next generation number, and Backward refuses any
// but the latest (EngineArgs.RequireLatest), so a reused workspace never serves a stale tape.
// Shapes: x (T × B × I), token ids (T × B), hs (T × B × S), states (B × S), c (B × H).
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Bptt;

/// <summary>
/// The fused, allocation-free, SIMD BPTT engine for float32. Implements
/// <see cref="IRecurrentEngine{T}"/> for every cell; equal to <see cref="ReferenceEngine{T}"/>
/// within float rounding (tests run both).
/// </summary>
public sealed partial class FusedEngine : IRecurrentEngine<float>
{
    private readonly FusedCell _cell;
    private readonly FusedEngineOptions _options;
    private readonly List<Workspace> _free = [];
    private readonly float[] _bias;
    private float[] _wxT = [];
    private float[] _whT = [];
    private readonly PackedB _packedWh = new();
    private readonly PackedB _packedWhBack = new();
    private readonly WorkerPool? _workers;
    private PackedB? _callerPackedWh,
        _callerPackedWhBack;
    private long _generation;

    /// <summary>An engine running the cell of <paramref name="config"/> over <paramref name="slots"/>.</summary>
    public FusedEngine(CellConfig config, CellSlots slots, FusedEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
        Slots = slots ?? throw new ArgumentNullException(nameof(slots));
        _options = options ?? new FusedEngineOptions();
        if (_options.MaxThreads < 1 || _options.ParallelBatch < 2)
        {
            throw new ArgumentException(
                $"FusedEngineOptions: MaxThreads must be ≥ 1 (got {_options.MaxThreads}) and ParallelBatch ≥ 2 (got {_options.ParallelBatch}).",
                nameof(options)
            );
        }
        _cell = FusedCell.Create(config, slots, Simd.Resolve(_options.Width));
        _workers =
            _options.MaxThreads >= 2
                ? (_options.Pool ?? WorkerPool.Shared).WithMaxThreads(_options.MaxThreads)
                : null;
        _bias = new float[_cell.GH];
    }

    /// <summary>The factory to pass to layers (default options).</summary>
    public static RecurrentEngineFactory<float> Factory { get; } =
        (config, slots) => new FusedEngine(config, slots);

    /// <summary>A factory with the given options.</summary>
    public static RecurrentEngineFactory<float> FactoryWith(FusedEngineOptions options) =>
        (config, slots) => new FusedEngine(config, slots, options);

    /// <inheritdoc />
    public CellConfig Config { get; }

    /// <inheritdoc />
    public CellSlots Slots { get; }

    /// <summary>Bytes held by this engine's workspaces (activations and scratch), for memory reports.</summary>
    public long WorkspaceBytes
    {
        get
        {
            long total =
                4L * (_bias.Length + _wxT.Length + _whT.Length)
                + _packedWh.Bytes
                + _packedWhBack.Bytes;
            foreach (var ws in _free)
            {
                total += ws.Bytes;
            }
            return total;
        }
    }

    /// <inheritdoc />
    public SequenceOutput<float> Forward(
        ParameterSet<float> p,
        Tensor<float> x,
        SequenceMask? mask = null,
        RecurrentState<float>? initial = null
    )
    {
        ArgumentNullException.ThrowIfNull(p);
        var (steps, batch) = EngineArgs.RequireInput(Config, x);
        RequireNotOwnOutput(x, steps, batch);
        var ws = Begin(p, steps, batch, mask, initial);
        ws.X = x;
        ws.Tokens = null;
        int tb = steps * batch,
            gh = _cell.GH,
            inputs = Config.InputSize;
        Gemm.ABt(
            tb,
            inputs,
            gh,
            x.Data,
            p.Value(Slots.Wx),
            ws.Xp,
            false,
            Workers(batch),
            _cell.Width
        );
        for (int r = 0; r < tb; r++)
        {
            var row = ws.Xp.AsSpan(r * gh, gh);
            TensorPrimitives.Add(row, _bias, row);
        }
        return Run(p, ws);
    }

    /// <inheritdoc />
    public SequenceOutput<float> Forward(
        ParameterSet<float> p,
        TokenIds tokens,
        SequenceMask? mask = null,
        RecurrentState<float>? initial = null
    )
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(tokens);
        tokens.RequireVocabulary(Config.InputSize);
        var ws = Begin(p, tokens.Steps, tokens.Batch, mask, initial);
        ws.X = null;
        ws.Tokens = tokens;
        GatherInput(p, tokens, ws.Xp);
        return Run(p, ws);
    }

    /// <inheritdoc />
    public SequenceGradients<float> Backward(
        ParameterSet<float> p,
        SequenceOutput<float> forward,
        Tensor<float> dHs,
        RecurrentState<float>? dFinal = null
    )
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(dHs);
        var ws = LiveWorkspace(forward);
        int steps = ws.Steps,
            batch = ws.Batch,
            s = Config.StateSize,
            h = Config.HiddenSize;
        if (dHs.Rank != 3 || dHs.Shape[0] != steps || dHs.Shape[1] != batch || dHs.Shape[2] != s)
        {
            throw new ArgumentException(
                $"dHs has shape {dHs.ShapeText}, expected ({steps}, {batch}, {s}) like the forward output hs.",
                nameof(dHs)
            );
        }
        // ∂L/∂h_T and ∂L/∂c_T (either may be absent: zero).
        if (dFinal is not null)
        {
            RequireState(dFinal, batch, nameof(dFinal), requireMemory: false);
            dFinal.H.Data.CopyTo(ws.DInitial.H.Data, 0);
        }
        else
        {
            Array.Clear(ws.DInitial.H.Data);
        }
        if (ws.DInitial.C is not null)
        {
            if (dFinal?.C is not null)
            {
                dFinal.C.Data.CopyTo(ws.DInitial.C.Data, 0);
            }
            else
            {
                Array.Clear(ws.DInitial.C.Data);
            }
        }

        ws.WhT = null;
        if (
            batch > 1
            && batch <= SmallBatch
            && Config.Kind != CellKind.Jordan
            && TransposePays(steps)
        )
        {
            ws.WhT = TransposedRecurrentWeights(p);
        }
        ws.PackedWhBack = ws.WhT is null && ws.PackedWh is not null ? BackwardPackedWh(p) : null;
        var work = new RowsWork(_cell, ws, p, dHs, backward: true, Parts(batch));
        Dispatch(ref work);

        int tb = steps * batch,
            gh = _cell.GH,
            inputs = Config.InputSize;
        var workers = Workers(batch);
        _cell.WeightGradients(ws, p, workers);
        SequenceGradients<float> result;
        if (ws.X is not null)
        {
            Gemm.AtB(
                gh,
                tb,
                inputs,
                ws.DG,
                ws.X.Data,
                p.Grad(Slots.Wx),
                true,
                workers,
                _cell.Width
            );
            if (ws.Dx is null)
            {
                ws.Dx = new Tensor<float>(new float[tb * inputs], steps, batch, inputs);
                ws.GradientsFromDense = new SequenceGradients<float>(ws.Dx, ws.DInitial);
            }
            Gemm.AB(
                tb,
                gh,
                inputs,
                ws.DG,
                p.Value(Slots.Wx),
                ws.Dx.Data,
                false,
                workers,
                _cell.Width
            );
            result = ws.GradientsFromDense!;
        }
        else
        {
            ScatterInputGradient(ws, p);
            result = ws.GradientsFromTokens;
        }
        if (ws.UsedLearned)
        {
            FusedCell.BiasSums(ws.DInitial.H.Data, batch, s, p, Slots.H0!, null, null);
            if (Slots.C0 is not null)
            {
                FusedCell.BiasSums(ws.DInitial.C!.Data, batch, h, p, Slots.C0, null, null);
            }
        }
        // Back to the pool; the tape stays valid (a second Backward on it accumulates again)
        // until the next Forward of this engine, after which Backward refuses it as stale.
        Release(ws);
        return result;
    }

    private Workspace Begin(
        ParameterSet<float> p,
        int steps,
        int batch,
        SequenceMask? mask,
        RecurrentState<float>? initial
    )
    {
        mask?.Require(steps, batch);
        if (initial is not null)
        {
            RequireState(initial, batch, nameof(initial));
        }
        else if (Config.InitialState == InitialStateMode.Given)
        {
            throw new ArgumentException(
                $"The cell's InitialState is Given but no initial state was passed: pass h0 of shape ({batch}, {Config.StateSize})"
                    + (
                        Config.HasMemory ? $" and c0 of shape ({batch}, {Config.HiddenSize})." : "."
                    ),
                nameof(initial)
            );
        }
        var ws = Take(steps, batch);
        ws.SetMask(mask);
        ws.Busy = true;
        ws.Generation = ++_generation;
        _cell.InputBias(p, _bias);

        // Block 0 of Hext (Cext) is the initial state.
        int s = Config.StateSize,
            h = Config.HiddenSize;
        var h0 = ws.Hext.AsSpan(0, batch * s);
        var c0 = Config.HasMemory ? ws.Cext.AsSpan(0, batch * h) : [];
        ws.UsedLearned = false;
        if (initial is not null)
        {
            initial.H.Span.CopyTo(h0);
            initial.C?.Span.CopyTo(c0);
        }
        else if (Config.InitialState == InitialStateMode.Learned)
        {
            ws.UsedLearned = true;
            Broadcast(p.Value(Slots.H0!), batch, h0);
            if (Slots.C0 is not null)
            {
                Broadcast(p.Value(Slots.C0), batch, c0);
            }
        }
        else
        {
            h0.Clear();
            c0.Clear();
        }
        return ws;
    }

    private SequenceOutput<float> Run(ParameterSet<float> p, Workspace ws)
    {
        // Rows per thread above the small-row kernels: the steps take the packed GEMM path,
        // so pack Wh once here instead of once per step (per thread).
        int parts = Parts(ws.Batch),
            perThread = (ws.Batch + parts - 1) / parts;
        ws.PackedWh =
            Config.Kind != CellKind.Jordan && perThread > GemmDriver.SmallM
                ? ForwardPackedWh(p)
                : null;
        var work = new RowsWork(_cell, ws, p, null, backward: false, parts);
        Dispatch(ref work);
        int batch = ws.Batch,
            s = Config.StateSize,
            h = Config.HiddenSize,
            steps = ws.Steps;
        ws.Hext.AsSpan(steps * batch * s, batch * s).CopyTo(ws.Final.H.Span);
        if (ws.Final.C is not null)
        {
            ws.Cext.AsSpan(steps * batch * h, batch * h).CopyTo(ws.Final.C.Span);
        }
        return new SequenceOutput<float>(ws.Hs, ws.Final, ws, ws.Generation);
    }

    private void RequireState(
        RecurrentState<float> state,
        int batch,
        string name,
        bool requireMemory = true
    ) => EngineArgs.RequireState(Config, state, batch, name, requireMemory);

    private static void Broadcast(ReadOnlySpan<float> row, int rows, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            row.CopyTo(destination.Slice(r * row.Length, row.Length));
        }
    }
}
