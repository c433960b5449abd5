// Many-to-many, unaligned (sequence to sequence; Sutskever, Vinyals & Le 2014; Cho et al. 2014):
// an encoder reads the source and its final state (h, and c for an LSTM) becomes the decoder's
// initial state; the decoder emits the target, which may have another length, ending with an end
// token. Training uses teacher forcing; inference greedy decoding until the end token.
// The whole source is squeezed into one state vector: the bottleneck that attention removes.
// Shapes: source (Ts × B) in 0..Vs−1, state (B × H), target (Tt × B) in 0..Vt−1 (−1 = padding).
// The constructor's start (argument checks, a ParameterLayout, the "dec." Decoder) is a
// deliberate twin of OneToManyGenerator's: both models own a Decoder and differ in what starts it.

namespace RnnCourse.Models;

/// <summary>Sizes of the encoder–decoder.</summary>
/// <param name="Cell">Cell kind for both encoder and decoder.</param>
/// <param name="SourceVocabulary">Vs: source tokens.</param>
/// <param name="TargetVocabulary">Vt: target tokens (including the end token).</param>
/// <param name="Hidden">H: hidden units of both (the encoder's final state is the decoder's first).</param>
public sealed record EncoderDecoderConfig(
    CellKind Cell,
    int SourceVocabulary,
    int TargetVocabulary,
    int Hidden
);

/// <summary>Many-to-many unaligned: encoder–decoder with teacher forcing and greedy decoding.</summary>
public sealed class EncoderDecoder<T> : ITrainableModel<T, Seq2SeqBatch>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentLayer<T> _encoder;

    /// <summary>Declares and initialises <c>enc.*</c> and <c>dec.*</c>.</summary>
    public EncoderDecoder(
        EncoderDecoderConfig config,
        Rng rng,
        RecurrentEngineFactory<T>? engine = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        var layout = new ParameterLayout();
        _encoder = new RecurrentLayer<T>(
            new CellConfig(config.Cell, config.SourceVocabulary, config.Hidden),
            layout,
            "enc.",
            engine
        );
        Decoder = new Decoder<T>(
            layout,
            "dec.",
            config.Cell,
            config.Hidden,
            config.TargetVocabulary,
            engine
        );
        Parameters = new ParameterSet<T>(layout);
        _encoder.Initialize(Parameters, rng);
        Decoder.Initialize(Parameters, rng);
    }

    /// <summary>The sizes.</summary>
    public EncoderDecoderConfig Config { get; }

    /// <summary>The encoder's cell (InputSize = Vs).</summary>
    public CellConfig EncoderCell => _encoder.Config;

    /// <summary>The decoder (start token id = Vt).</summary>
    public Decoder<T> Decoder { get; }

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <inheritdoc />
    public T ComputeLossAndGradients(Seq2SeqBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ShapeCheck.InvalidIf(
            batch.Source.Batch != batch.Target.Batch,
            $"Source has B = {batch.Source.Batch} sequences but Target has {batch.Target.Batch}; pair each source with one target.",
            nameof(batch)
        );
        var hs = _encoder.Forward(Parameters, batch.Source, batch.SourceMask, null);
        var (loss, dState) = Decoder.LossAndGradients(
            Parameters,
            batch.Target,
            _encoder.Last!.Value.Final
        );
        // The loss reaches the encoder only through its final state: ∂L/∂hs is zero.
        _encoder.Backward(Parameters, Tensor<T>.Zeros(hs.Shape.ToArray()), dState);
        return loss;
    }

    /// <summary>Greedy translation: up to <paramref name="maxSteps"/> tokens per source, −1 after <paramref name="endToken"/>; flat (maxSteps × B).</summary>
    public int[] Translate(TokenIds source, SequenceMask? mask, int maxSteps, int endToken)
    {
        _encoder.Forward(Parameters, source, mask, null);
        return Decoder.Greedy(Parameters, _encoder.Last!.Value.Final, maxSteps, endToken);
    }
}
