// A bidirectional recurrent layer (Schuster & Paliwal 1997): one cell reads the sequence forward,
// a second (own parameters) reads it reversed, each sequence within its own length, and the two
// outputs at each position t are merged, so every output sees the whole sequence.
//     h→_t = cell→(x_t, h→_{t−1})          h←_t = cell←(x_t, h←_{t+1})
//     out_t = [h→_t ; h←_t] (concat, 2S wide)  or  h→_t + h←_t (sum, S wide)
// Parameter names: prefix + "fwd." and prefix + "bwd." (PyTorch: *_l0 and *_l0_reverse).
// With the fused engine (float) the two directions, independent recurrences, run on the two
// cores at once (PairedEngines); the numbers are the same as one after the other.

namespace RnnCourse.Layers;

/// <summary>A forward and a reversed recurrent layer whose outputs are merged per step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Bidirectional<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private SequenceMask? _mask;

    /// <summary>Declares both directions' parameters (<c>prefix + "fwd."</c>, <c>prefix + "bwd."</c>).</summary>
    public Bidirectional(
        CellConfig config,
        ParameterLayout layout,
        string prefix = "",
        BidirectionalMerge merge = BidirectionalMerge.Concat,
        RecurrentEngineFactory<T>? engine = null
    )
    {
        if (!Enum.IsDefined(merge))
        {
            throw new ArgumentException($"Unknown merge {merge}.", nameof(merge));
        }
        Forwards = new RecurrentLayer<T>(config, layout, (prefix ?? "") + "fwd.", engine);
        Backwards = new RecurrentLayer<T>(config, layout, (prefix ?? "") + "bwd.", engine);
        Merge = merge;
    }

    /// <summary>The direction reading t = 0 … T−1.</summary>
    public RecurrentLayer<T> Forwards { get; }

    /// <summary>The direction reading each sequence from its last valid step back to 0.</summary>
    public RecurrentLayer<T> Backwards { get; }

    /// <summary>Concat or sum.</summary>
    public BidirectionalMerge Merge { get; }

    /// <summary>
    /// True (default): with <see cref="FusedEngine"/> directions on a machine with two cores,
    /// forward and backward passes run both directions at once (<see cref="PairedEngines"/>).
    /// Same results either way; false runs them one after the other on the calling thread.
    /// </summary>
    public bool Concurrent { get; set; } = true;

    /// <inheritdoc />
    public int InputSize => Forwards.InputSize;

    /// <inheritdoc />
    public int OutputSize =>
        Merge == BidirectionalMerge.Concat ? 2 * Forwards.OutputSize : Forwards.OutputSize;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GateMap =>
        Forwards
            .GateMap.Concat(Backwards.GateMap)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <inheritdoc />
    public void Initialize(ParameterSet<T> p, Rng rng)
    {
        Forwards.Initialize(p, rng);
        Backwards.Initialize(p, rng);
    }

    /// <inheritdoc />
    public Tensor<T> Forward(ParameterSet<T> p, Tensor<T> x, SequenceMask? mask = null) =>
        Forward(p, x, mask, null, null);

    /// <summary>
    /// Forward with optional initial states (B × S, and B × H for an LSTM) for each direction:
    /// PyTorch's h_0[0] for <paramref name="initialForward"/> and h_0[1] for
    /// <paramref name="initialBackward"/>, the state the reverse direction starts from at each
    /// sequence's last valid step. Without them each direction uses its stateful or configured state.
    /// </summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask,
        RecurrentState<T>? initialForward,
        RecurrentState<T>? initialBackward
    ) => BothDirections(p, BidirectionalInput<T>.Dense(x), mask, initialForward, initialBackward);

    /// <inheritdoc />
    public Tensor<T> Forward(ParameterSet<T> p, TokenIds tokens, SequenceMask? mask = null) =>
        Forward(p, tokens, mask, null, null);

    /// <summary>Forward from token ids with optional initial states per direction (see the dense overload).</summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        TokenIds tokens,
        SequenceMask? mask,
        RecurrentState<T>? initialForward,
        RecurrentState<T>? initialBackward
    ) =>
        BothDirections(
            p,
            BidirectionalInput<T>.Tokens(tokens),
            mask,
            initialForward,
            initialBackward
        );

    /// <summary>
    /// The forward of both directions on a checked input: the reverse direction reads each
    /// sequence reversed within its length; with <see cref="Paired"/> the two run at once, else
    /// one after the other; their outputs are merged per step.
    /// </summary>
    private Tensor<T> BothDirections(
        ParameterSet<T> p,
        BidirectionalInput<T> input,
        SequenceMask? mask,
        RecurrentState<T>? initialForward,
        RecurrentState<T>? initialBackward
    )
    {
        RequirePrefix(mask, input.Steps, input.Batch);
        _mask = mask;
        var reversed = input.Reversed(mask);
        if (Paired(p) is { } pf)
        {
            var (a, b) = BidirectionalInput<T>.RunPaired(
                pf,
                (IRecurrentEngine<float>)Forwards.Engine,
                input,
                (IRecurrentEngine<float>)Backwards.Engine,
                reversed,
                mask,
                (RecurrentState<float>?)
                    (object?)(initialForward ?? Forwards.InitialFor(input.Batch)),
                (RecurrentState<float>?)
                    (object?)(initialBackward ?? Backwards.InitialFor(input.Batch))
            );
            return CombinePaired(a, b, mask);
        }
        var ahead = input.RunOn(Forwards, p, mask, initialForward);
        var back = SequenceOps.Reverse(reversed.RunOn(Backwards, p, mask, initialBackward), mask);
        return Combine(ahead, back);
    }

    /// <inheritdoc />
    public Tensor<T>? Backward(ParameterSet<T> p, Tensor<T> dOut) => Backward(p, dOut, null, null);

    /// <summary>
    /// Backward with optional ∂L/∂(final state) per direction: PyTorch's grad of h_n[0] (state
    /// after each sequence's last valid step) and h_n[1] (the reverse direction's state after
    /// reading back to t = 0). ∂L/∂h_0 of each direction is in its layer's <c>LastGradients</c>.
    /// </summary>
    public Tensor<T>? Backward(
        ParameterSet<T> p,
        Tensor<T> dOut,
        RecurrentState<T>? dFinalForward,
        RecurrentState<T>? dFinalBackward
    )
    {
        var ahead =
            Forwards.Last
            ?? throw new InvalidOperationException("Backward was called before Forward.");
        int steps = ahead.Hs.Shape[0],
            batch = ahead.Hs.Shape[1],
            s = Forwards.OutputSize;
        dOut.RequireShape(nameof(dOut), steps, batch, OutputSize);

        var dAhead = Tensor<T>.Zeros(steps, batch, s);
        var dBack = Tensor<T>.Zeros(steps, batch, s);
        int w = OutputSize;
        for (int r = 0; r < steps * batch; r++)
        {
            var row = dOut.Span.Slice(r * w, w);
            row.Slice(0, s).CopyTo(dAhead.Span.Slice(r * s, s));
            (Merge == BidirectionalMerge.Concat ? row.Slice(s, s) : row.Slice(0, s)).CopyTo(
                dBack.Span.Slice(r * s, s)
            );
        }
        var dBackReversed = SequenceOps.Reverse(dBack, _mask);
        Tensor<T>? dx,
            dxReversed;
        if (Paired(p) is { } pf && Backwards.Last is not null)
        {
            var (ga, gb) = PairedEngines.Backward(
                pf,
                (IRecurrentEngine<float>)Forwards.Engine,
                (SequenceOutput<float>)(object)ahead,
                (Tensor<float>)(object)dAhead,
                (IRecurrentEngine<float>)Backwards.Engine,
                (SequenceOutput<float>)(object)Backwards.Last,
                (Tensor<float>)(object)dBackReversed,
                (RecurrentState<float>?)(object?)dFinalForward,
                (RecurrentState<float>?)(object?)dFinalBackward
            );
            dx = Forwards.AcceptGradients((SequenceGradients<T>)(object)ga);
            dxReversed = Backwards.AcceptGradients((SequenceGradients<T>)(object)gb);
        }
        else
        {
            dx = Forwards.Backward(p, dAhead, dFinalForward);
            dxReversed = Backwards.Backward(p, dBackReversed, dFinalBackward);
        }
        if (dx is null || dxReversed is null)
        {
            return null;
        }
        var dxBack = SequenceOps.Reverse(dxReversed, _mask);
        for (int i = 0; i < dx.Length; i++)
        {
            dx.Data[i] += dxBack.Data[i];
        }
        return dx;
    }

    /// <summary>Records the two concurrent passes in their layers and merges their outputs.</summary>
    private Tensor<T> CombinePaired(
        SequenceOutput<float> ahead,
        SequenceOutput<float> back,
        SequenceMask? mask
    ) =>
        Combine(
            Forwards.Accept((SequenceOutput<T>)(object)ahead),
            SequenceOps.Reverse(Backwards.Accept((SequenceOutput<T>)(object)back), mask)
        );

    /// <summary>The float parameter set when the directions should run concurrently, else null.</summary>
    private ParameterSet<float>? Paired(ParameterSet<T> p) =>
        Concurrent
        && p is ParameterSet<float> pf
        && Forwards.Engine is FusedEngine
        && Backwards.Engine is FusedEngine
        && WorkerPool.Shared.IsParallel
            ? pf
            : null;

    private Tensor<T> Combine(Tensor<T> ahead, Tensor<T> back)
    {
        int steps = ahead.Shape[0],
            batch = ahead.Shape[1],
            s = ahead.Shape[2],
            w = OutputSize;
        var y = Tensor<T>.Zeros(steps, batch, w);
        for (int r = 0; r < steps * batch; r++)
        {
            var row = y.Span.Slice(r * w, w);
            ahead.Span.Slice(r * s, s).CopyTo(row);
            var b = back.Span.Slice(r * s, s);
            if (Merge == BidirectionalMerge.Concat)
            {
                b.CopyTo(row.Slice(s));
            }
            else
            {
                for (int j = 0; j < s; j++)
                {
                    row[j] += b[j];
                }
            }
        }
        return y;
    }

    private static void RequirePrefix(SequenceMask? mask, int steps, int batch)
    {
        if (mask is null)
        {
            return;
        }
        mask.Require(steps, batch);
        if (mask.Lengths is null)
        {
            throw new ArgumentException(
                "A bidirectional layer reverses each sequence within its length, so its mask must be a prefix per sequence (no holes). Build it with SequenceMask.FromLengths.",
                nameof(mask)
            );
        }
    }
}
