// Many-to-many, aligned: one output per input step (part-of-speech tagging, or a character-level
// language model, where the "tag" of step t is the character at t + 1).
// hs = RNN(x) (stacked, optionally bidirectional for tagging), o_t = Why h_t + by at every step,
// loss = mean over valid steps of cross-entropy(o_t, tag_t).
// Shapes: tokens (T × B) → one-hot (T × B × V), hs (T × B × S), logits (T × B × C).
using RnnCourse.Interop;
using RnnCourse.Losses;

namespace RnnCourse.Models;

/// <summary>A recurrent cell over token inputs (its InputSize is the input vocabulary V) and the number of tags.</summary>
/// <param name="Cell">The recurrent cell; <c>InputSize</c> = V.</param>
/// <param name="Tags">C: output classes per step (V again for a language model).</param>
/// <remarks>
/// A char model on a small text needs no more than the one default layer; bidirectionality is
/// useful for tagging and impossible for a language model.
/// </remarks>
public sealed record SequenceTaggerConfig(CellConfig Cell, int Tags) : StackedRnnConfig(Cell)
{
    internal override int Outputs => Tags;
}

/// <summary>Many-to-many aligned: a class for every input token. With Tags = V and targets shifted by one it is a character language model.</summary>
public sealed class SequenceTagger<T>
    : StackedRnnModel<T, SequenceTaggerConfig>,
        ITrainableModel<T, TaggingBatch>,
        IStatefulModel
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Declares and initialises <c>rnn.l{l}.*</c>, <c>Why</c> and <c>by</c>.</summary>
    /// <param name="config">Sizes.</param>
    /// <param name="rng">Initialisation randomness.</param>
    /// <param name="engine">BPTT engine; the readable <see cref="ReferenceEngine{T}"/> by default.</param>
    public SequenceTagger(
        SequenceTaggerConfig config,
        Rng rng,
        RecurrentEngineFactory<T>? engine = null
    )
        : base(config, rng, engine, nameof(SequenceTagger<T>)) { }

    /// <summary>
    /// Stateful mode (unidirectional stacks): each batch starts from the previous batch's final
    /// state, with the gradient cut at the boundary (truncated BPTT, as min-char-rnn's hprev).
    /// Use it with consecutive batches (<see cref="LanguageModelData.NextTokenBatches"/>) and
    /// <c>TrainerConfig.Shuffle = false</c>; the trainer resets the state every epoch.
    /// </summary>
    public bool Stateful
    {
        get => Rnn.Stateful;
        set => Rnn.Stateful = value;
    }

    /// <inheritdoc />
    public void ResetState() => Rnn.ResetState();

    /// <summary>
    /// Logits (T × B × C). <paramref name="initial"/> continues from given states in PyTorch's
    /// layout, h (L·D, B, S) and c (L·D, B, H) (sampling).
    /// </summary>
    public Tensor<T> Forward(
        TokenIds inputs,
        SequenceMask? mask = null,
        RecurrentState<T>? initial = null
    ) => Readout.Forward(Parameters, Rnn.Forward(Parameters, inputs, mask, initial));

    /// <summary>
    /// The model as a PyTorch state_dict: <c>rnn.*</c> under nn.RNN / nn.LSTM / nn.GRU's names and
    /// <c>head.weight</c>, <c>head.bias</c> (nn.Linear), the modules <c>rnn</c> and <c>head</c> of
    /// a PyTorch tagger. Save it with <see cref="SafeTensors.Write(string, IEnumerable{KeyValuePair{string, SafeTensor}}, IReadOnlyDictionary{string, string}?)"/>.
    /// </summary>
    public Dictionary<string, SafeTensor> ToStateDict(SafeTensorType dtype = SafeTensorType.F32)
    {
        var dict = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        StateDict.Save(Rnn, Parameters, dict, "rnn.", dtype);
        StateDict.Save(Readout, Parameters, dict, "head.", dtype);
        return dict;
    }

    /// <summary>Loads the parameters from a PyTorch state_dict with the names of <see cref="ToStateDict"/>.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, SafeTensor> stateDict)
    {
        StateDict.Load(Rnn, Parameters, stateDict, "rnn.");
        StateDict.Load(Readout, Parameters, stateDict, "head.");
    }

    /// <inheritdoc />
    public T ComputeLossAndGradients(TaggingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var inputs = batch.Inputs;
        ShapeCheck.InvalidIf(
            batch.Tags.Length != inputs.Ids.Length,
            $"Tags has {batch.Tags.Length} entries but Inputs is (T, B) = ({inputs.Steps}, {inputs.Batch}); give one tag (or −1) per step, time-major.",
            nameof(batch)
        );
        var o = Forward(inputs, batch.Mask);
        var tags = new TokenIds(batch.Tags, inputs.Steps, inputs.Batch);
        var loss = SoftmaxCrossEntropy.PerStep(o, tags, batch.Mask);
        Rnn.Backward(Parameters, Readout.Backward(Parameters, loss.Gradient));
        return loss.Loss;
    }

    /// <summary>The most likely tag per step, flat (T·B), in evaluation mode.</summary>
    public int[] Predict(TokenIds inputs, SequenceMask? mask = null) =>
        Evaluating(() =>
        {
            var o = Forward(inputs, mask);
            return ModelMath.ArgMaxRows(o.Reshape(o.Length / Config.Tags, Config.Tags));
        });

    /// <summary>
    /// Language-model sampling (Tags = V, unidirectional): feeds <paramref name="prime"/>, then
    /// draws <paramref name="count"/> tokens one at a time, feeding each back in. The temperature
    /// τ divides the logits: τ &lt; 1 sharpens the distribution, τ → 0 approaches greedy decoding.
    /// </summary>
    public int[] Sample(IReadOnlyList<int> prime, int count, Rng rng, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(prime);
        ArgumentNullException.ThrowIfNull(rng);
        ShapeCheck.InvalidIf(
            prime.Count == 0,
            "prime is empty: give at least one token to start from.",
            nameof(prime)
        );
        if (Config.Tags != Config.Cell.InputSize || Config.Stack.Bidirectional is not null)
        {
            throw new InvalidOperationException(
                $"Sampling feeds outputs back as inputs: it needs Tags ({Config.Tags}) = input vocabulary ({Config.Cell.InputSize}) and a unidirectional stack."
            );
        }
        ShapeCheck.OutOfRangeIf(
            !(temperature > 0 && double.IsFinite(temperature)),
            temperature,
            "temperature must be finite and > 0 (1 samples the model's distribution)."
        );
        return Evaluating(() =>
        {
            var o = Forward(new TokenIds([.. prime], prime.Count, 1));
            var last = o.Slice(prime.Count - 1).ToArray();
            var result = new int[count];
            T invTemperature = T.CreateChecked(1 / temperature);
            for (int n = 0; n < count; n++)
            {
                for (int j = 0; j < last.Length; j++)
                {
                    last[j] *= invTemperature;
                }
                Activations.Softmax<T>(1, last.Length, last, last);
                result[n] = rng.Categorical<T>(last);
                last = Forward(new TokenIds([result[n]], 1, 1), null, Rnn.Final).Span.ToArray();
            }
            return result;
        });
    }

    /// <summary>Runs without dropout and without reading or moving the carried training state.</summary>
    private TResult Evaluating<TResult>(Func<TResult> run)
    {
        bool training = Training;
        bool stateful = Config.Stack.Bidirectional is null && Stateful;
        Training = false;
        if (stateful)
        {
            Stateful = false;
        }
        try
        {
            return run();
        }
        finally
        {
            Training = training;
            if (stateful)
            {
                Stateful = true;
            }
        }
    }
}
