// A deep RNN: L recurrent layers, each reading the previous layer's outputs, with (inverted)
// dropout between layers while training (Zaremba et al. 2014: dropout on the non-recurrent
// connections only). Layer l's parameters are named prefix + "l{l}." (+ "fwd."/"bwd." when
// bidirectional), like PyTorch's *_l{l} (and *_l{l}_reverse).
// Shapes: x (T × B × I) → layer 0 → (T × B × S0) → … → top (T × B × S_{L−1}).
using System.Numerics;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Numerics;

namespace RnnCourse.Layers;

/// <summary>Options of a <see cref="StackedRnn{T}"/>; defaults carry the reason.</summary>
public sealed record StackOptions
{
    /// <summary>
    /// Probability of zeroing an activation between layers (never after the top layer, never on
    /// the recurrent path). 0 by default: dropout is a regulariser to add once a model overfits.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>Seed of the dropout masks (the library's one Rng, so runs repeat exactly).</summary>
    public ulong DropoutSeed { get; init; } = 1;

    /// <summary>Null (default) for one direction; Concat or Sum for bidirectional layers.</summary>
    public BidirectionalMerge? Bidirectional { get; init; }
}

/// <summary>Recurrent layers stacked on each other, with seeded dropout between them.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class StackedRnn<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<ISequenceLayer<T>> _layers = [];
    private readonly List<T[]?> _dropMasks = [];
    private Rng _dropoutRng;

    /// <summary>
    /// Declares <paramref name="layers"/> layers of the <paramref name="config"/> cell; layer 0
    /// reads <see cref="CellConfig.InputSize"/>, layer l &gt; 0 reads layer l−1's output width.
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
        ShapeCheck.PositiveSize(layers, nameof(layers));
        Options = options ?? new StackOptions();
        if (!(Options.Dropout >= 0 && Options.Dropout < 1))
        {
            throw new ArgumentException(
                $"Dropout is {Options.Dropout}; it must be in [0, 1).",
                nameof(options)
            );
        }
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
        _dropoutRng = new Rng(Options.DropoutSeed);
    }

    /// <summary>The dropout masks of the last forward, one per layer output (null: none).</summary>
    internal IReadOnlyList<T[]?> DropMasks => [.. _dropMasks, null];

    /// <summary>The options.</summary>
    public StackOptions Options { get; }

    /// <summary>The layers, bottom first.</summary>
    public IReadOnlyList<ISequenceLayer<T>> Layers => _layers;

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
            foreach (var layer in Recurrent("stateful mode"))
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
    public void SeedDropout(ulong seed) => _dropoutRng = new Rng(seed);

    /// <summary>The final state of each layer after the last forward (unidirectional stacks).</summary>
    public IReadOnlyList<RecurrentState<T>> FinalStates =>
        Recurrent("final states")
            .Select(l =>
                l.Last?.Final ?? throw new InvalidOperationException("No forward has run yet.")
            )
            .ToList();

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

    /// <summary>Forward with optional initial states per layer (unidirectional stacks).</summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask,
        IReadOnlyList<RecurrentState<T>?>? initial
    ) =>
        Run(
            p,
            mask,
            initial,
            layer0: (l, init) =>
                l is RecurrentLayer<T> r ? r.Forward(p, x, mask, init) : l.Forward(p, x, mask)
        );

    /// <inheritdoc />
    public Tensor<T> Forward(ParameterSet<T> p, TokenIds tokens, SequenceMask? mask = null) =>
        Forward(p, tokens, mask, null);

    /// <summary>Forward from token ids with optional initial states per layer.</summary>
    public Tensor<T> Forward(
        ParameterSet<T> p,
        TokenIds tokens,
        SequenceMask? mask,
        IReadOnlyList<RecurrentState<T>?>? initial
    ) =>
        Run(
            p,
            mask,
            initial,
            layer0: (l, init) =>
                l is RecurrentLayer<T> r
                    ? r.Forward(p, tokens, mask, init)
                    : l.Forward(p, tokens, mask)
        );

    /// <inheritdoc />
    public Tensor<T>? Backward(ParameterSet<T> p, Tensor<T> dOut) => Backward(p, dOut, null);

    /// <summary>Backward with optional ∂L/∂(final state) per layer (unidirectional stacks).</summary>
    public Tensor<T>? Backward(
        ParameterSet<T> p,
        Tensor<T> dOut,
        IReadOnlyList<RecurrentState<T>?>? dFinal
    )
    {
        RequirePerLayer(dFinal, nameof(dFinal));
        Tensor<T>? d = dOut;
        for (int l = _layers.Count - 1; l >= 0; l--)
        {
            if (d is null)
            {
                return null;
            }
            if (_dropMasks.Count > l && _dropMasks[l] is { } keep)
            {
                for (int i = 0; i < d.Length; i++)
                {
                    d.Data[i] *= keep[i];
                }
            }
            d = _layers[l] is RecurrentLayer<T> r
                ? r.Backward(p, d, dFinal?[l])
                : _layers[l].Backward(p, d);
        }
        return d;
    }

    private Tensor<T> Run(
        ParameterSet<T> p,
        SequenceMask? mask,
        IReadOnlyList<RecurrentState<T>?>? initial,
        Func<ISequenceLayer<T>, RecurrentState<T>?, Tensor<T>> layer0
    )
    {
        RequirePerLayer(initial, nameof(initial));
        _dropMasks.Clear();
        Tensor<T>? h = null;
        for (int l = 0; l < _layers.Count; l++)
        {
            if (l > 0)
            {
                var keep = DropoutMask(h!.Length);
                _dropMasks.Add(keep);
                if (keep is not null)
                {
                    // A copy: the layer below keeps its own outputs intact.
                    h = h.Clone();
                    for (int i = 0; i < keep.Length; i++)
                    {
                        h.Data[i] *= keep[i];
                    }
                }
            }
            var init = initial?[l];
            h =
                l == 0 ? layer0(_layers[0], init)
                : _layers[l] is RecurrentLayer<T> r ? r.Forward(p, h!, mask, init)
                : _layers[l].Forward(p, h!, mask);
        }
        return h!;
    }

    /// <summary>Inverted dropout: keep with probability 1 − q and scale by 1/(1 − q), so the expectation is unchanged; null when off.</summary>
    private T[]? DropoutMask(int length)
    {
        double q = Options.Dropout;
        if (!Training || q == 0)
        {
            return null;
        }
        var keep = new T[length];
        T scale = T.CreateChecked(1.0 / (1.0 - q));
        for (int i = 0; i < keep.Length; i++)
        {
            keep[i] = _dropoutRng.NextDouble() < q ? T.Zero : scale;
        }
        return keep;
    }

    private IEnumerable<RecurrentLayer<T>> Recurrent(string what)
    {
        if (Options.Bidirectional is not null)
        {
            throw new InvalidOperationException(
                $"A bidirectional stack has no {what}: the reversed direction reads from the end of each sequence."
            );
        }
        return _layers.Cast<RecurrentLayer<T>>();
    }

    private void RequirePerLayer<TItem>(IReadOnlyList<TItem>? perLayer, string name)
    {
        if (perLayer is null)
        {
            return;
        }
        if (perLayer.Count != _layers.Count)
        {
            throw new ArgumentException(
                $"{name} has {perLayer.Count} entries, expected one per layer ({_layers.Count}).",
                name
            );
        }
        _ = Recurrent(name).ToList();
    }
}
