// One-to-many: a vector in, a sequence out (image captioning's shape: an image embedding in, a
// sentence out). The vector sets the decoder's initial state, h_0 = tanh(W_init x + b_init); the
// decoder then produces one token per step, feeding back its previous output (teacher forcing in
// training, its own arg-max at inference). For an LSTM decoder c_0 = 0.
// Shapes: x (B × I), h_0 (B × S), targets (T × B), logits (T·B × V).

namespace RnnCourse.Models;

/// <summary>Sizes of the vector-to-sequence model.</summary>
/// <param name="Inputs">I: features of the input vector.</param>
/// <param name="Cell">Decoder cell kind.</param>
/// <param name="Hidden">H: decoder hidden units.</param>
/// <param name="Vocabulary">V: output tokens.</param>
public sealed record OneToManyConfig(int Inputs, CellKind Cell, int Hidden, int Vocabulary);

/// <summary>One-to-many: generates a token sequence from a vector.</summary>
public sealed class OneToManyGenerator<T> : ITrainableModel<T, VectorToSequenceBatch<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Linear<T> _init;

    /// <summary>Declares and initialises <c>init.*</c> (vector → h_0) and the decoder <c>dec.*</c>.</summary>
    public OneToManyGenerator(
        OneToManyConfig config,
        Rng rng,
        RecurrentEngineFactory<T>? engine = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        var layout = new ParameterLayout();
        Decoder = new Decoder<T>(
            layout,
            "dec.",
            config.Cell,
            config.Hidden,
            config.Vocabulary,
            engine
        );
        _init = new Linear<T>(config.Inputs, Decoder.Cell.StateSize, layout, "init.", "W", "b");
        Parameters = new ParameterSet<T>(layout);
        Decoder.Initialize(Parameters, rng);
        _init.Initialize(Parameters, rng);
    }

    /// <summary>The sizes.</summary>
    public OneToManyConfig Config { get; }

    /// <summary>The decoder (start token id = V).</summary>
    public Decoder<T> Decoder { get; }

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <summary>h_0 = tanh(W_init x + b_init) (and c_0 = 0 for an LSTM).</summary>
    public RecurrentState<T> InitialState(Tensor<T> x)
    {
        ModelMath.RequireVectors(x, Config.Inputs);
        var h0 = _init.Forward(Parameters, x);
        Activations.Tanh<T>(h0.Span, h0.Span);
        var c0 = Decoder.Cell.HasMemory ? Tensor<T>.Zeros(x.Rows, Decoder.Cell.HiddenSize) : null;
        return new RecurrentState<T>(h0, c0);
    }

    /// <inheritdoc />
    public T ComputeLossAndGradients(VectorToSequenceBatch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var h0 = InitialState(batch.X);
        ShapeCheck.InvalidIf(
            batch.Targets.Batch != batch.X.Rows,
            $"Targets has B = {batch.Targets.Batch} sequences but X has {batch.X.Rows} rows; give one target sequence per input vector.",
            nameof(batch)
        );
        var (loss, dInitial) = Decoder.LossAndGradients(Parameters, batch.Targets, h0);
        var dh0 = dInitial.H;
        Activations.Backward(Activation.Tanh, h0.H.Span, dh0.Span, dh0.Span);
        _init.Backward(Parameters, dh0);
        return loss;
    }

    /// <summary>Greedy generation of <paramref name="steps"/> tokens per input row, flat (steps × B).</summary>
    public int[] Generate(Tensor<T> x, int steps, int? endToken = null) =>
        Decoder.Greedy(Parameters, InitialState(x), steps, endToken);
}
