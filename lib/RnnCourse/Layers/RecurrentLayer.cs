// One recurrent layer: a cell run over T steps for B sequences by an engine (reference or
// optimized). It owns its parameter slots (declared in a shared ParameterLayout under a prefix),
// remembers its last forward for backward, and in stateful mode carries the final state of one
// batch into the next (truncated BPTT: the gradient stops at the batch boundary).
// Shapes: x (T × B × I), output hs (T × B × S), S = H (or O for Jordan).
using RnnCourse.Correctness;

namespace RnnCourse.Layers;

/// <summary>A recurrent layer: one cell over whole sequences.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class RecurrentLayer<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private SequenceOutput<T>? _last;

    /// <summary>
    /// Declares the cell's parameters in <paramref name="layout"/> under <paramref name="prefix"/>
    /// and creates its engine (the reference engine unless <paramref name="engine"/> is given).
    /// </summary>
    public RecurrentLayer(
        CellConfig config,
        ParameterLayout layout,
        string prefix = "",
        RecurrentEngineFactory<T>? engine = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
        Prefix = prefix ?? "";
        Slots = CellParameters.Declare(config, layout, Prefix);
        Engine = (engine ?? ReferenceEngine<T>.Factory)(config, Slots);
    }

    /// <summary>The cell configuration.</summary>
    public CellConfig Config { get; }

    /// <inheritdoc />
    public int InputSize => Config.InputSize;

    /// <inheritdoc />
    public int OutputSize => Config.StateSize;

    /// <summary>The prefix of this layer's parameter names.</summary>
    public string Prefix { get; }

    /// <summary>The parameter slots.</summary>
    public CellSlots Slots { get; }

    /// <summary>The engine running the cell.</summary>
    public IRecurrentEngine<T> Engine { get; }

    /// <summary>
    /// Stateful mode: each forward without an explicit initial state starts from the previous
    /// forward's final state (a copy: no gradient flows back into the previous batch). Off by
    /// default: independent sequences are the common case.
    /// </summary>
    public bool Stateful { get; set; }

    /// <summary>The state carried to the next batch in stateful mode (null after <see cref="ResetState"/>).</summary>
    public RecurrentState<T>? State { get; private set; }

    /// <summary>The last forward's outputs, final state and tape.</summary>
    public SequenceOutput<T>? Last => _last;

    /// <summary>The last backward's input and initial-state gradients.</summary>
    public SequenceGradients<T>? LastGradients { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GateMap =>
        GradientCheck.GatesOf(Config, Slots);

    /// <summary>Forgets the carried state: the next batch starts from h0 again.</summary>
    public void ResetState() => State = null;

    /// <summary>
    /// Sets the state the next forward starts from in stateful mode (a copy is kept), e.g. to
    /// resume generation from a saved state.
    /// </summary>
    public void SetState(RecurrentState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        EngineArgs.RequireState(
            Config,
            state,
            state.H.Rank == 2 ? state.H.Shape[0] : 0,
            nameof(state)
        );
        State = state.Clone();
    }

    /// <summary>Initialises the parameters (see <see cref="CellConfig.Init"/>).</summary>
    /// <param name="p">The parameter set holding this layer's slots.</param>
    /// <param name="rng">The random source.</param>
    public void Initialize(ParameterSet<T> p, Rng rng) =>
        CellParameters.Initialize(Config, Slots, p, rng);

    /// <summary>Runs the cell over x (T × B × I); returns hs (T × B × S).</summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask,
        RecurrentState<T>? initial
    )
    {
        ArgumentNullException.ThrowIfNull(x);
        int batch = x.Rank == 3 ? x.Shape[1] : -1;
        return Remember(Engine.Forward(p, x, mask, initial ?? Carried(batch)));
    }

    /// <summary>Runs the cell over one-hot token ids (T × B); returns hs (T × B × S).</summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        TokenIds tokens,
        SequenceMask? mask,
        RecurrentState<T>? initial
    )
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return Remember(Engine.Forward(p, tokens, mask, initial ?? Carried(tokens.Batch)));
    }

    /// <summary>
    /// Backward through the last forward: <paramref name="dHs"/> is ∂L/∂hs (T × B × S),
    /// <paramref name="dFinal"/> optionally ∂L/∂(final state). Returns ∂L/∂x (null for token input);
    /// parameter gradients are added to <c>p.Grads</c>.
    /// </summary>
    public Tensor<T>? Backward(ParameterSet<T> p, Tensor<T> dHs, RecurrentState<T>? dFinal)
    {
        var last =
            _last
            ?? throw new InvalidOperationException(
                "Backward was called before Forward: run Forward on this layer first."
            );
        LastGradients = Engine.Backward(p, last, dHs, dFinal);
        return LastGradients.Dx;
    }

    /// <inheritdoc />
    public Tensor<T> Forward(ParameterSet<T> p, Tensor<T> x, SequenceMask? mask = null) =>
        Forward(p, x, mask, null);

    /// <inheritdoc />
    public Tensor<T> Forward(ParameterSet<T> p, TokenIds tokens, SequenceMask? mask = null) =>
        Forward(p, tokens, mask, null);

    /// <inheritdoc />
    public Tensor<T>? Backward(ParameterSet<T> p, Tensor<T> dOut) => Backward(p, dOut, null);

    /// <summary>The initial state the next forward would start from (stateful mode), for a caller running the engine itself.</summary>
    internal RecurrentState<T>? InitialFor(int batch) => Carried(batch);

    /// <summary>Records a forward pass run on <see cref="Engine"/> by the caller (as <see cref="Forward(ParameterSet{T}, Tensor{T}, SequenceMask?, RecurrentState{T}?)"/> would).</summary>
    internal Tensor<T> Accept(SequenceOutput<T> output) => Remember(output);

    /// <summary>Records a backward pass run on <see cref="Engine"/> by the caller; returns ∂L/∂x.</summary>
    internal Tensor<T>? AcceptGradients(SequenceGradients<T> gradients)
    {
        LastGradients = gradients;
        return gradients.Dx;
    }

    private RecurrentState<T>? Carried(int batch)
    {
        if (!Stateful || State is null)
        {
            return null;
        }
        ShapeCheck.InvalidIf(
            State.H.Shape[0] != batch,
            $"Stateful layer '{Prefix}' carries a state for B = {State.H.Shape[0]} sequences but this batch has B = {batch}. "
                + $"Keep the batch size fixed in stateful mode, or call ResetState() first.",
            "x"
        );
        return State;
    }

    private Tensor<T> Remember(SequenceOutput<T> output)
    {
        _last = output;
        if (Stateful)
        {
            State = output.Final.Clone();
        }
        return output.Hs;
    }
}
