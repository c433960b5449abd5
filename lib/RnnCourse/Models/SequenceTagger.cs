// Many-to-many, aligned: one output per input step (part-of-speech tagging, or a character-level
// language model, where the "tag" of step t is the character at t + 1).
// h_t = cell(x_t, h_{t−1}), o_t = W h_t + b (the same readout at every step),
// loss = mean over valid steps of cross-entropy(o_t, tag_t).
// Shapes: tokens (T × B) → one-hot x (T × B × V), hs (T × B × S), logits (T·B × C).
using System.Numerics;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Models;

/// <summary>A recurrent cell over token inputs (its InputSize is the input vocabulary V) and the number of tags.</summary>
/// <param name="Cell">The recurrent cell; <c>InputSize</c> = V.</param>
/// <param name="Tags">C: output classes per step (V again for a language model).</param>
public sealed record SequenceTaggerConfig(CellConfig Cell, int Tags);

/// <summary>Many-to-many aligned: a class for every input token. With Tags = V and targets shifted by one it is a character language model.</summary>
public sealed class SequenceTagger<T> : ITrainableModel<T, TaggingBatch>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRecurrentEngine<T> _rnn;
    private readonly Dense<T> _readout;

    /// <summary>Declares and initialises <c>rnn.*</c>, <c>out.W</c> and <c>out.b</c>.</summary>
    /// <param name="config">Sizes.</param>
    /// <param name="rng">Initialisation randomness.</param>
    /// <param name="engine">BPTT engine; the readable <see cref="ReferenceEngine{T}"/> by default.</param>
    public SequenceTagger(
        SequenceTaggerConfig config,
        Rng rng,
        RecurrentEngineFactory<T>? engine = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config.Cell, layout, "rnn.");
        _readout = new Dense<T>(layout, "out.", config.Cell.StateSize, config.Tags);
        Parameters = new ParameterSet<T>(layout);
        CellParameters.Initialize(config.Cell, slots, Parameters, rng);
        _readout.Initialize(Parameters, rng);
        _rnn = (engine ?? ReferenceEngine<T>.Factory)(config.Cell, slots);
    }

    /// <summary>The configuration.</summary>
    public SequenceTaggerConfig Config { get; }

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <summary>
    /// Logits (T·B × C), row t·B + b, and the recurrent pass. <paramref name="initial"/> continues
    /// from a previous state (e.g. when sampling one step at a time).
    /// </summary>
    public (Tensor<T> Logits, SequenceOutput<T> Rnn) Forward(
        TokenIds inputs,
        SequenceMask? mask = null,
        RecurrentState<T>? initial = null
    )
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var run = _rnn.Forward(Parameters, inputs, mask, initial);
        int rows = inputs.Steps * inputs.Batch;
        var o = Tensor<T>.Zeros(rows, Config.Tags);
        _readout.Forward(Parameters, rows, run.Hs.Span, o.Span);
        return (o, run);
    }

    /// <inheritdoc />
    public T ComputeLossAndGradients(TaggingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (o, run) = Forward(batch.Inputs, batch.Mask);
        int rows = o.Rows;
        ShapeCheck.SameLength(rows, batch.Tags.Length, "T × B of Inputs", "Tags");
        var tags = batch.Tags;
        if (batch.Mask is { } mask)
        {
            // Masked steps output 0 and must not count: turn their tags into −1 (ignored).
            tags = (int[])tags.Clone();
            for (int k = 0; k < rows; k++)
            {
                if (!mask.IsValid(k / batch.Inputs.Batch, k % batch.Inputs.Batch))
                {
                    tags[k] = -1;
                }
            }
        }
        var dO = Tensor<T>.Zeros(rows, Config.Tags);
        T loss = Activations.SoftmaxCrossEntropy<T>(rows, Config.Tags, o.Span, tags, dO.Span);
        var dHs = Tensor<T>.Zeros(run.Hs.Shape.ToArray());
        _readout.Backward(Parameters, rows, run.Hs.Span, dO.Span, dHs.Span);
        _rnn.Backward(Parameters, run, dHs);
        return loss;
    }

    /// <summary>The most likely tag per step, flat (T·B).</summary>
    public int[] Predict(TokenIds inputs, SequenceMask? mask = null) =>
        ModelMath.ArgMaxRows(Forward(inputs, mask).Logits);

    /// <summary>
    /// Language-model sampling (Tags = V): feeds <paramref name="prime"/>, then draws
    /// <paramref name="count"/> tokens one at a time, feeding each back in. Temperature τ divides
    /// the logits: τ &lt; 1 sharpens, τ → 0 becomes greedy.
    /// </summary>
    public int[] Sample(IReadOnlyList<int> prime, int count, Rng rng, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(prime);
        ArgumentNullException.ThrowIfNull(rng);
        if (prime.Count == 0)
        {
            throw new ArgumentException(
                "prime is empty: give at least one token to start from.",
                nameof(prime)
            );
        }
        if (Config.Tags != Config.Cell.InputSize)
        {
            throw new InvalidOperationException(
                $"Sampling feeds outputs back as inputs, so Tags ({Config.Tags}) must equal the input vocabulary ({Config.Cell.InputSize})."
            );
        }
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(temperature),
                temperature,
                "temperature must be > 0."
            );
        }
        var (o, run) = Forward(new TokenIds([.. prime], prime.Count, 1));
        var state = run.Final;
        var last = o.Span.Slice((prime.Count - 1) * Config.Tags, Config.Tags).ToArray();
        var result = new int[count];
        var p = new T[Config.Tags];
        for (int n = 0; n < count; n++)
        {
            for (int j = 0; j < p.Length; j++)
            {
                p[j] = last[j] / T.CreateChecked(temperature);
            }
            Activations.Softmax<T>(1, p.Length, p, p);
            int next = rng.Categorical<T>(p);
            result[n] = next;
            (o, run) = Forward(new TokenIds([next], 1, 1), initial: state);
            state = run.Final;
            last = o.Span.ToArray();
        }
        return result;
    }
}
