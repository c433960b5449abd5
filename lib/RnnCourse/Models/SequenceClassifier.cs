// Many-to-one: read a whole sequence, emit one class (sentiment, "is this sequence sorted?").
// hs = RNN(x) (one or more stacked layers), o = Why h_last + by, loss = cross-entropy(o, label),
// where h_last is each sequence's output at its last valid step.
// Only h_last feeds the loss, so the whole gradient enters at one step and travels back through
// every earlier step: the clearest place to watch gradients vanish.
// Shapes: x (T × B × I), hs (T × B × S), h_last (B × S), o (B × C).
using System.Numerics;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Losses;
using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Models;

/// <summary>A recurrent cell and the number of classes.</summary>
/// <param name="Cell">The recurrent cell (its InputSize is I).</param>
/// <param name="Classes">C: output classes.</param>
public sealed record SequenceClassifierConfig(CellConfig Cell, int Classes)
{
    /// <summary>Stacked recurrent layers; 1 by default, enough for the course's tasks (stack for harder ones).</summary>
    public int Layers { get; init; } = 1;

    /// <summary>
    /// Dropout between layers and bidirectionality; none by default. With a bidirectional stack
    /// the backward direction's contribution at the last step has read only that step.
    /// </summary>
    public StackOptions Stack { get; init; } = new();
}

/// <summary>Many-to-one: classifies a sequence from the output at its last (valid) step.</summary>
public sealed class SequenceClassifier<T> : ITrainableModel<T, SequenceClassificationBatch<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StackedRnn<T> _rnn;
    private readonly Linear<T> _readout;

    /// <summary>Declares and initialises <c>rnn.l{l}.*</c>, <c>Why</c> and <c>by</c>.</summary>
    /// <param name="config">Sizes.</param>
    /// <param name="rng">Initialisation randomness.</param>
    /// <param name="engine">BPTT engine; the readable <see cref="ReferenceEngine{T}"/> by default.</param>
    public SequenceClassifier(
        SequenceClassifierConfig config,
        Rng rng,
        RecurrentEngineFactory<T>? engine = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        var layout = new ParameterLayout();
        var stack = config.Stack.RequireTimeMajor(nameof(SequenceClassifier<T>));
        _rnn = new StackedRnn<T>(config.Cell, config.Layers, layout, "rnn.", stack, engine);
        _readout = new Linear<T>(_rnn.OutputSize, config.Classes, layout);
        Parameters = new ParameterSet<T>(layout);
        _rnn.Initialize(Parameters, rng);
        _readout.Initialize(Parameters, rng);
    }

    /// <summary>The configuration.</summary>
    public SequenceClassifierConfig Config { get; }

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <summary>Training mode (dropout on); <see cref="Predict"/> turns it off for its own pass.</summary>
    public bool Training
    {
        get => _rnn.Training;
        set => _rnn.Training = value;
    }

    /// <summary>Gate names of stacked LSTM/GRU blocks, for gradient-check reports.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GateMap => _rnn.GateMap;

    /// <summary>Logits (B × C).</summary>
    public Tensor<T> Forward(Tensor<T> x, SequenceMask? mask = null)
    {
        var hs = _rnn.Forward(Parameters, x, mask);
        return _readout.Forward(Parameters, SequenceOps.LastStep(hs, mask));
    }

    /// <inheritdoc />
    public T ComputeLossAndGradients(SequenceClassificationBatch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var o = Forward(batch.X, batch.Mask);
        var loss = SoftmaxCrossEntropy.LastStep(o, batch.Labels);
        var dLast = _readout.Backward(Parameters, loss.Gradient);
        // ∂L/∂hs is zero except at each sequence's last valid step.
        _rnn.Backward(
            Parameters,
            SequenceOps.LastStepBackward(dLast, batch.X.Shape[0], batch.Mask)
        );
        return loss.Loss;
    }

    /// <summary>The most likely class per sequence (evaluation mode: no dropout).</summary>
    public int[] Predict(Tensor<T> x, SequenceMask? mask = null)
    {
        bool training = Training;
        Training = false;
        try
        {
            return ModelMath.ArgMaxRows(Forward(x, mask));
        }
        finally
        {
            Training = training;
        }
    }
}
