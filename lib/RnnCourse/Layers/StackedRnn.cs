// A deep RNN, the library's torch.nn.RNN / nn.LSTM / nn.GRU: L recurrent layers, each reading the
// previous layer's outputs, optionally bidirectional, with seeded inverted dropout between layers
// while training. PyTorch's constructor arguments map as
//   num_layers → layers, bidirectional → StackOptions.Bidirectional = Concat, dropout →
//   StackOptions.Dropout, batch_first → StackOptions.BatchFirst, bias → CellConfig.Bias,
//   proj_size → CellConfig.ProjectionSize, nonlinearity → CellConfig.Activation (Tanh / Relu),
//   input_size / hidden_size → CellConfig.InputSize / HiddenSize.
// Initial and final states use PyTorch's layout: h (L·D, B, S), c (L·D, B, H), entry k·D + d for
// layer k, direction d. Layer l's parameters are named prefix + "l{l}." (+ "fwd."/"bwd.").
// Shapes: x (T × B × I), or (B × T × I) with BatchFirst → output (T × B × D·S) (or B × T × D·S).
// Forward over token ids with an initial state is a deliberate twin of RecurrentLayer's (the
// same overload, PyTorch's h_0), run here through every layer of the stack.

namespace RnnCourse.Layers;

/// <summary>Recurrent layers stacked on each other, with seeded dropout between them.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class StackedRnn<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<ISequenceLayer<T>> _layers = [];
    private readonly LayerDropout<T> _dropout;
    private int _batch;

    /// <summary>
    /// Declares <paramref name="layers"/> layers (PyTorch's num_layers) of the
    /// <paramref name="config"/> cell; layer 0 reads <see cref="CellConfig.InputSize"/>, layer
    /// l &gt; 0 reads layer l−1's output width.
    /// </summary>
    public StackedRnn(
        CellConfig config,
        int layers,
        ParameterLayout layout,
        string prefix = "",
        StackOptions? options = null,
        RecurrentEngineFactory<T>? engine = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ShapeCheck.PositiveSize(layers, "layers (PyTorch num_layers)");
        Options = options ?? new StackOptions();
        ShapeCheck.InvalidIf(
            !(Options.Dropout >= 0 && Options.Dropout < 1),
            $"Dropout (PyTorch dropout) is {Options.Dropout}; it must be in [0, 1).",
            nameof(options)
        );
        Config = config.Validate();
        int input = config.InputSize;
        for (int l = 0; l < layers; l++)
        {
            var c = config with { InputSize = input };
            string name = $"{prefix}l{l}.";
            ISequenceLayer<T> layer = Options.Bidirectional is { } merge
                ? new Bidirectional<T>(c, layout, name, merge, engine)
                : new RecurrentLayer<T>(c, layout, name, engine);
            _layers.Add(layer);
            input = layer.OutputSize;
        }
        _dropout = new LayerDropout<T>(Options.Dropout, Options.DropoutSeed);
    }

    /// <summary>The dropout masks of the last forward, one per layer output (null: none).</summary>
    internal IReadOnlyList<T[]?> DropMasks => [.. _dropout.Masks, null];

    /// <summary>The options.</summary>
    public StackOptions Options { get; }

    /// <summary>The cell configuration of layer 0 (later layers differ only in InputSize).</summary>
    public CellConfig Config { get; }

    /// <summary>The layers, bottom first.</summary>
    public IReadOnlyList<ISequenceLayer<T>> Layers => _layers;

    /// <summary>D: 2 for a bidirectional stack, else 1 (PyTorch's num_directions).</summary>
    public int Directions => Options.Bidirectional is null ? 1 : 2;

    /// <summary>Training mode (dropout on). True by default; set false (evaluation) to turn dropout off.</summary>
    public bool Training { get; set; } = true;

    /// <inheritdoc />
    public int InputSize => _layers[0].InputSize;

    /// <inheritdoc />
    public int OutputSize => _layers[^1].OutputSize;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GateMap =>
        _layers
            .SelectMany(l => l.GateMap)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>
    /// Stateful mode for every (unidirectional) layer: see <see cref="RecurrentLayer{T}.Stateful"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stack is bidirectional (the reversed direction cannot carry state forward).</exception>
    public bool Stateful
    {
        get => _layers[0] is RecurrentLayer<T> { Stateful: true };
        set
        {
            if (Options.Bidirectional is not null)
            {
                throw new InvalidOperationException(
                    "A bidirectional stack cannot be stateful: the reversed direction reads from the end of each sequence. "
                        + "Pass the initial states explicitly instead (Forward's initial, PyTorch's h_0/c_0)."
                );
            }
            foreach (var layer in _layers.Cast<RecurrentLayer<T>>())
            {
                layer.Stateful = value;
            }
        }
    }

    /// <summary>Forgets every layer's carried state.</summary>
    public void ResetState()
    {
        foreach (var layer in _layers.OfType<RecurrentLayer<T>>())
        {
            layer.ResetState();
        }
    }

    /// <summary>Restarts the dropout masks' random stream (e.g. to repeat a forward exactly).</summary>
    public void SeedDropout(ulong seed) => _dropout.Seed(seed);

    /// <inheritdoc />
    public void Initialize(ParameterSet<T> p, Rng rng)
    {
        foreach (var layer in _layers)
        {
            layer.Initialize(p, rng);
        }
    }

    /// <inheritdoc />
    public Tensor<T> Forward(ParameterSet<T> p, Tensor<T> x, SequenceMask? mask = null) =>
        Forward(p, x, mask, null);

    /// <summary>
    /// Forward from x (T × B × I, or B × T × I with <see cref="StackOptions.BatchFirst"/>) with
    /// optional initial states in PyTorch's layout: <c>initial.H</c> is h_0 (L·D, B, S) and
    /// <c>initial.C</c> is c_0 (L·D, B, H). Returns the top layer's outputs; see <see cref="Final"/>.
    /// </summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask,
        RecurrentState<T>? initial
    )
    {
        var xt = Options.BatchFirst ? SequenceOps.SwapBatchAndTime(x, "x") : x;
        var (_, batch, _) = SequenceOps.Require3(xt, "x");
        return Run(p, mask, initial, batch, (l, init) => LayerForward(l, p, xt, mask, init));
    }

    /// <inheritdoc />
    public Tensor<T> Forward(ParameterSet<T> p, TokenIds tokens, SequenceMask? mask = null) =>
        Forward(p, tokens, mask, null);

    /// <summary>Forward from token ids (T × B) with optional initial states (PyTorch's layout).</summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        TokenIds tokens,
        SequenceMask? mask,
        RecurrentState<T>? initial
    )
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return Run(
            p,
            mask,
            initial,
            tokens.Batch,
            (l, init) =>
                l switch
                {
                    RecurrentLayer<T> r => r.Forward(p, tokens, mask, init[0]),
                    Bidirectional<T> bi => bi.Forward(p, tokens, mask, init[0], init[1]),
                    _ => l.Forward(p, tokens, mask),
                }
        );
    }

    /// <summary>
    /// The states after the last forward in PyTorch's layout: h_n (L·D, B, S) and, for an LSTM,
    /// c_n (L·D, B, H). Entry k·D + 1 is layer k's reverse direction after reading back to t = 0.
    /// </summary>
    public RecurrentState<T> Final =>
        Stacked(d => d.Last?.Final, "No forward has run yet: call Forward first.");

    /// <summary>
    /// ∂L/∂(initial states) after the last backward, in PyTorch's layout (L·D, B, S) and
    /// (L·D, B, H): the gradient of h_0 and c_0, whether they were passed, learned or zero.
    /// </summary>
    public RecurrentState<T> InitialGradient =>
        Stacked(d => d.LastGradients?.DInitial, "No backward has run yet: call Backward first.");

    /// <inheritdoc />
    public Tensor<T>? Backward(ParameterSet<T> p, Tensor<T> dOut) => Backward(p, dOut, null);

    /// <summary>
    /// Backward from ∂L/∂output (the forward's output layout) and optionally ∂L/∂(final states)
    /// in PyTorch's layout (∂L/∂h_n (L·D, B, S), ∂L/∂c_n (L·D, B, H); either may be absent).
    /// Returns ∂L/∂x (null after token input); parameter gradients are added to <c>p.Grads</c>;
    /// ∂L/∂h_0 and ∂L/∂c_0 are in <see cref="InitialGradient"/>.
    /// </summary>
    public Tensor<T>? Backward(ParameterSet<T> p, Tensor<T> dOut, RecurrentState<T>? dFinal)
    {
        ArgumentNullException.ThrowIfNull(dOut);
        int entries = _layers.Count * Directions;
        var dFinals = StateLayout.Split(dFinal, Config, entries, _batch, 0, entries, "dFinal");
        Tensor<T>? d = Options.BatchFirst ? SequenceOps.SwapBatchAndTime(dOut, "dOut") : dOut;
        for (int l = _layers.Count - 1; l >= 0; l--)
        {
            if (d is null)
            {
                return null;
            }
            _dropout.Backward(l, d);
            var df = dFinals.AsSpan(l * Directions, Directions).ToArray();
            d = _layers[l] switch
            {
                RecurrentLayer<T> r => r.Backward(p, d, df[0]),
                Bidirectional<T> bi => bi.Backward(p, d, df[0], df[1]),
                var other => other.Backward(p, d),
            };
        }
        return d is not null && Options.BatchFirst ? SequenceOps.SwapBatchAndTime(d, "dx") : d;
    }

    private Tensor<T> Run(
        ParameterSet<T> p,
        SequenceMask? mask,
        RecurrentState<T>? initial,
        int batch,
        Func<ISequenceLayer<T>, RecurrentState<T>?[], Tensor<T>> layer0
    )
    {
        ArgumentNullException.ThrowIfNull(p);
        int entries = _layers.Count * Directions;
        var inits = StateLayout.Split(initial, Config, entries, batch, 0, entries, "initial");
        _batch = batch;
        _dropout.Clear();
        Tensor<T>? h = null;
        for (int l = 0; l < _layers.Count; l++)
        {
            var init = inits.AsSpan(l * Directions, Directions).ToArray();
            h =
                l == 0
                    ? layer0(_layers[0], init)
                    : LayerForward(_layers[l], p, _dropout.Apply(h!, Training), mask, init);
        }
        return Options.BatchFirst ? SequenceOps.SwapBatchAndTime(h!, "output") : h!;
    }

    private static Tensor<T> LayerForward(
        ISequenceLayer<T> layer,
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask,
        RecurrentState<T>?[] init
    ) =>
        layer switch
        {
            RecurrentLayer<T> r => r.Forward(p, x, mask, init[0]),
            Bidirectional<T> bi => bi.Forward(p, x, mask, init[0], init[1]),
            _ => layer.Forward(p, x, mask),
        };

    /// <summary>One state per (layer, direction), stacked in PyTorch's order k·D + d.</summary>
    private RecurrentState<T> Stacked(
        Func<RecurrentLayer<T>, RecurrentState<T>?> pick,
        string missing
    ) =>
        StateLayout.Stack(
            _layers
                .SelectMany(l =>
                    l switch
                    {
                        RecurrentLayer<T> r => new[] { r },
                        Bidirectional<T> bi => new[] { bi.Forwards, bi.Backwards },
                        _ => throw new InvalidOperationException(
                            $"Unexpected layer {l.GetType().Name}."
                        ),
                    }
                )
                .Select(d => pick(d) ?? throw new InvalidOperationException(missing))
                .ToList()
        );
}
