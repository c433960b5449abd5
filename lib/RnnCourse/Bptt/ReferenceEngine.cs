// The readable BPTT: a loop over t calling the cell's Forward, then a loop back from t = T−1 to 0
// calling its Backward, adding the gradient that arrives "from above" (dHs[t], this step's output)
// to the one arriving "from the future" (dhPrev of step t + 1). The optimized engine must give the
// same numbers; tests run both.
// Masks: at padded (t, b) the state passes through unchanged (h_t = h_{t−1}), hs[t, b] = 0, and in
// backward the gradient passes straight through to t − 1 without touching the cell.
// Shapes: x (T × B × I), hs (T × B × S), h (B × S), c (B × H).
// Its Forward overloads restate IRecurrentEngine's (deliberate twins of FusedEngine's, the other
// implementation).

namespace RnnCourse.Bptt;

/// <summary>What <see cref="ReferenceEngine{T}"/> records during forward.</summary>
internal sealed class ReferenceTape<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public required ReferenceEngine<T> Owner { get; init; }
    public required int Steps { get; init; }
    public required int Batch { get; init; }
    public required object[] Caches { get; init; }
    public required SequenceMask? Mask { get; init; }
    public required bool FromTokens { get; init; }
    public required bool UsedLearnedInitial { get; init; }
}

/// <summary>The reference (readable) implementation of <see cref="IRecurrentEngine{T}"/>.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class ReferenceEngine<T> : IRecurrentEngine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRecurrentCell<T> _cell;
    private long _generation;

    /// <summary>An engine running the cell of <paramref name="config"/> over <paramref name="slots"/>.</summary>
    public ReferenceEngine(CellConfig config, CellSlots slots)
        : this(Cell.Create<T>(config, slots)) { }

    /// <summary>
    /// An engine running any <see cref="IRecurrentCell{T}"/>, e.g. a cell written in a notebook
    /// exercise (its gradients can then be checked with <c>GradientCheck</c>).
    /// </summary>
    public ReferenceEngine(IRecurrentCell<T> cell)
    {
        _cell = cell ?? throw new ArgumentNullException(nameof(cell));
        Config = cell.Config.Validate();
        Slots = cell.Slots;
    }

    /// <summary>The factory to pass to layers: <c>ReferenceEngine&lt;T&gt;.Factory</c>.</summary>
    public static RecurrentEngineFactory<T> Factory { get; } =
        (config, slots) => new ReferenceEngine<T>(config, slots);

    /// <inheritdoc />
    public CellConfig Config { get; }

    /// <inheritdoc />
    public CellSlots Slots { get; }

    /// <inheritdoc />
    public SequenceOutput<T> Forward(
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask = null,
        RecurrentState<T>? initial = null
    ) => Run(p, x, mask, initial, fromTokens: false);

    /// <inheritdoc />
    public SequenceOutput<T> Forward(
        ParameterSet<T> p,
        TokenIds tokens,
        SequenceMask? mask = null,
        RecurrentState<T>? initial = null
    )
    {
        ArgumentNullException.ThrowIfNull(tokens);
        // The reference engine simply multiplies by the one-hot vectors.
        return Run(p, tokens.ToOneHot<T>(Config.InputSize), mask, initial, fromTokens: true);
    }

    private SequenceOutput<T> Run(
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask,
        RecurrentState<T>? initial,
        bool fromTokens
    )
    {
        ArgumentNullException.ThrowIfNull(p);
        var (steps, batch) = EngineArgs.RequireInput(Config, x);
        mask?.Require(steps, batch);
        int S = Config.StateSize,
            H = Config.HiddenSize;

        bool usedLearned = false;
        RecurrentState<T> state;
        if (initial is not null)
        {
            EngineArgs.RequireState(Config, initial, batch, nameof(initial));
            state = initial.Clone();
        }
        else
        {
            state = InitialState(p, batch, out usedLearned);
        }

        var hs = Tensor<T>.Zeros(steps, batch, S);
        var caches = new object[steps];
        var hPrev = state.H.Data;
        var cPrev = state.C?.Data ?? [];
        for (int t = 0; t < steps; t++)
        {
            var h = new T[batch * S];
            var c = new T[Config.HasMemory ? batch * H : 0];
            caches[t] = _cell.CreateCache(batch);
            _cell.Step(p, batch, new CellStep<T>(x.Slice(t), hPrev, cPrev, h, c), caches[t]);

            var ht = hs.Slice(t);
            for (int b = 0; b < batch; b++)
            {
                if (mask is not null && !mask.IsValid(t, b))
                {
                    // Padding: carry the state through; the output stays 0.
                    hPrev.AsSpan(b * S, S).CopyTo(h.AsSpan(b * S, S));
                    int cw = c.Length / batch;
                    cPrev.AsSpan(b * cw, cw).CopyTo(c.AsSpan(b * cw, cw));
                }
                else
                {
                    h.AsSpan(b * S, S).CopyTo(ht.Slice(b * S, S));
                }
            }
            hPrev = h;
            cPrev = c;
        }

        var final = new RecurrentState<T>(
            new Tensor<T>(hPrev, batch, S),
            Config.HasMemory ? new Tensor<T>(cPrev, batch, H) : null
        );
        var tape = new ReferenceTape<T>
        {
            Owner = this,
            Steps = steps,
            Batch = batch,
            Caches = caches,
            Mask = mask,
            FromTokens = fromTokens,
            UsedLearnedInitial = usedLearned,
        };
        // Its tapes are never overwritten, but Backward follows the same rule as every engine's
        // (only the latest pass), so a program that runs here runs on the fused engine too.
        return new SequenceOutput<T>(hs, final, tape, ++_generation);
    }

    /// <inheritdoc />
    public SequenceGradients<T> Backward(
        ParameterSet<T> p,
        SequenceOutput<T> forward,
        Tensor<T> dHs,
        RecurrentState<T>? dFinal = null
    )
    {
        ArgumentNullException.ThrowIfNull(p);
        if (forward.Tape is not ReferenceTape<T> tape || !ReferenceEquals(tape.Owner, this))
        {
            throw new ArgumentException(
                $"forward.Tape is a {forward.Tape?.GetType().Name ?? "null"}; pass the SequenceOutput returned by this engine's Forward.",
                nameof(forward)
            );
        }
        EngineArgs.RequireLatest(forward, _generation, "ReferenceEngine");
        EngineArgs.RequireOutputGradient(forward.Hs, dHs);
        int steps = tape.Steps,
            batch = tape.Batch,
            S = Config.StateSize,
            I = Config.InputSize;
        int cw = Config.HasMemory ? Config.HiddenSize : 0; // memory width per row
        if (dFinal is not null)
        {
            EngineArgs.RequireState(Config, dFinal, batch, nameof(dFinal), requireMemory: false);
        }

        // Gradient arriving from the future (from step t + 1), initially ∂L/∂h_T.
        var dhNext = dFinal is null ? new T[batch * S] : (T[])dFinal.H.Data.Clone();
        var dcNext = dFinal?.C is null ? new T[batch * cw] : (T[])dFinal.C.Data.Clone();
        var dx = Tensor<T>.Zeros(steps, batch, I);

        for (int t = steps - 1; t >= 0; t--)
        {
            // Total gradient on h_t: from above (this step's output) plus from the future.
            var dh = new T[batch * S];
            var dc = dcNext;
            var dHsT = dHs.Slice(t);
            for (int k = 0; k < dh.Length; k++)
            {
                dh[k] = dHsT[k] + dhNext[k];
            }

            // Padded rows: the step was an identity, so the gradient skips the cell.
            var skipH = new T[batch * S];
            var skipC = new T[batch * cw];
            if (tape.Mask is not null)
            {
                for (int b = 0; b < batch; b++)
                {
                    if (!tape.Mask.IsValid(t, b))
                    {
                        dhNext.AsSpan(b * S, S).CopyTo(skipH.AsSpan(b * S, S));
                        dh.AsSpan(b * S, S).Clear();
                        dc.AsSpan(b * cw, cw).CopyTo(skipC.AsSpan(b * cw, cw));
                        dc.AsSpan(b * cw, cw).Clear();
                    }
                }
            }

            var dhPrev = new T[batch * S];
            var dcPrev = new T[batch * cw];
            _cell.StepBackward(
                p,
                batch,
                tape.Caches[t],
                new CellStepGradients<T>(dh, dc, dx.Slice(t), dhPrev, dcPrev)
            );
            for (int k = 0; k < dhPrev.Length; k++)
            {
                dhPrev[k] += skipH[k];
            }
            for (int k = 0; k < dcPrev.Length; k++)
            {
                dcPrev[k] += skipC[k];
            }
            dhNext = dhPrev;
            dcNext = dcPrev;
        }

        var dInitial = new RecurrentState<T>(
            new Tensor<T>(dhNext, batch, S),
            Config.HasMemory ? new Tensor<T>(dcNext, batch, cw) : null
        );
        if (tape.UsedLearnedInitial)
        {
            // h0 was broadcast to every row: its gradient is the sum over the batch.
            SumRows(dhNext, batch, S, p.Grad(Slots.H0!));
            if (Slots.C0 is not null)
            {
                SumRows(dcNext, batch, cw, p.Grad(Slots.C0));
            }
        }
        return new SequenceGradients<T>(tape.FromTokens ? null : dx, dInitial);
    }

    private RecurrentState<T> InitialState(ParameterSet<T> p, int batch, out bool usedLearned)
    {
        usedLearned = false;
        var state = RecurrentState<T>.Zeros(Config, batch);
        switch (Config.InitialState)
        {
            case InitialStateMode.Zero:
                return state;
            case InitialStateMode.Learned:
                usedLearned = true;
                Broadcast(p.Value(Slots.H0!), batch, state.H.Span);
                if (Slots.C0 is not null)
                {
                    Broadcast(p.Value(Slots.C0), batch, state.C!.Span);
                }
                return state;
            default:
                throw new ArgumentException(
                    $"The cell's InitialState is Given but no initial state was passed: pass h0 of shape ({batch}, {Config.StateSize})"
                        + (
                            Config.HasMemory
                                ? $" and c0 of shape ({batch}, {Config.HiddenSize})."
                                : "."
                        ),
                    "initial"
                );
        }
    }

    private static void Broadcast(ReadOnlySpan<T> row, int rows, Span<T> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            row.CopyTo(destination.Slice(r * row.Length, row.Length));
        }
    }

    private static void SumRows(ReadOnlySpan<T> m, int rows, int cols, Span<T> accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                accumulate[j] += m[r * cols + j];
            }
        }
    }
}
