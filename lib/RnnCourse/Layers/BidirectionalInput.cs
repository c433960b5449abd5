// The input of a bidirectional layer's forward, dense (T × B × I) or token ids (T × B): what the
// two directions need of it whatever its kind (its sizes, its reversal within each sequence's
// length, a layer's or the paired engines' pass over it), so Bidirectional runs both kinds
// through one forward.

namespace RnnCourse.Layers;

/// <summary>A checked dense input or token-id input of <see cref="Bidirectional{T}"/>.</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct BidirectionalInput<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T>? _x;
    private readonly TokenIds? _tokens;

    private BidirectionalInput(Tensor<T>? x, TokenIds? tokens, int steps, int batch)
    {
        _x = x;
        _tokens = tokens;
        Steps = steps;
        Batch = batch;
    }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>x (T × B × I), its rank checked.</summary>
    public static BidirectionalInput<T> Dense(Tensor<T> x)
    {
        var (steps, batch, _) = SequenceOps.Require3(x, nameof(x));
        return new(x, null, steps, batch);
    }

    /// <summary>Token ids (T × B).</summary>
    public static BidirectionalInput<T> Tokens(TokenIds tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new(null, tokens, tokens.Steps, tokens.Batch);
    }

    /// <summary>Each sequence reversed within its length (<see cref="SequenceOps.Reverse{T}"/>).</summary>
    public BidirectionalInput<T> Reversed(SequenceMask? mask) =>
        _x is not null
            ? new(SequenceOps.Reverse(_x, mask), null, Steps, Batch)
            : new(null, SequenceOps.Reverse(_tokens!, mask), Steps, Batch);

    /// <summary><paramref name="layer"/>'s forward over this input.</summary>
    public Tensor<T> RunOn(
        RecurrentLayer<T> layer,
        ParameterSet<T> p,
        SequenceMask? mask,
        RecurrentState<T>? initial
    ) =>
        _x is not null
            ? layer.Forward(p, _x, mask, initial)
            : layer.Forward(p, _tokens!, mask, initial);

    /// <summary><see cref="PairedEngines"/>' forward: <paramref name="a"/> over <paramref name="ahead"/> and <paramref name="b"/> over <paramref name="back"/> at once (float).</summary>
    public static (SequenceOutput<float> A, SequenceOutput<float> B) RunPaired(
        ParameterSet<float> p,
        IRecurrentEngine<float> a,
        BidirectionalInput<T> ahead,
        IRecurrentEngine<float> b,
        BidirectionalInput<T> back,
        SequenceMask? mask,
        RecurrentState<float>? initialA,
        RecurrentState<float>? initialB
    ) =>
        ahead._x is not null
            ? PairedEngines.Forward(
                p,
                a,
                (Tensor<float>)(object)ahead._x,
                b,
                (Tensor<float>)(object)back._x!,
                mask,
                initialA,
                initialB
            )
            : PairedEngines.Forward(
                p,
                a,
                ahead._tokens!,
                b,
                back._tokens!,
                mask,
                initialA,
                initialB
            );
}
