// Many-to-one: read a whole sequence, emit one class (sentiment, "is this sequence sorted?").
// hs = RNN(x) (one or more stacked layers), o = Why h_last + by, loss = cross-entropy(o, label),
// where h_last is each sequence's output at its last valid step.
// Only h_last feeds the loss, so the whole gradient enters at one step and travels back through
// every earlier step: the clearest place to watch gradients vanish.
// Shapes: x (T × B × I), hs (T × B × S), h_last (B × S), o (B × C).
// The config record and the constructor are deliberate twins of SequenceTagger's: both are thin
// StackedRnnModel subclasses that differ in the readout's use (last step here, every step there).
using RnnCourse.Losses;

namespace RnnCourse.Models;

/// <summary>
/// A recurrent cell and the number of classes. With a bidirectional stack the backward
/// direction's contribution at the last step has read only that step.
/// </summary>
/// <param name="Cell">The recurrent cell (its InputSize is I).</param>
/// <param name="Classes">C: output classes.</param>
public sealed record SequenceClassifierConfig(CellConfig Cell, int Classes) : StackedRnnConfig(Cell)
{
    internal override int Outputs => Classes;
}

/// <summary>Many-to-one: classifies a sequence from the output at its last (valid) step.</summary>
public sealed class SequenceClassifier<T>
    : StackedRnnModel<T, SequenceClassifierConfig>,
        ITrainableModel<T, SequenceClassificationBatch<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Declares and initialises <c>rnn.l{l}.*</c>, <c>Why</c> and <c>by</c>.</summary>
    /// <param name="config">Sizes.</param>
    /// <param name="rng">Initialisation randomness.</param>
    /// <param name="engine">BPTT engine; the readable <see cref="ReferenceEngine{T}"/> by default.</param>
    public SequenceClassifier(
        SequenceClassifierConfig config,
        Rng rng,
        RecurrentEngineFactory<T>? engine = null
    )
        : base(config, rng, engine, nameof(SequenceClassifier<T>)) { }

    /// <summary>Logits (B × C).</summary>
    public Tensor<T> Forward(Tensor<T> x, SequenceMask? mask = null)
    {
        var hs = Rnn.Forward(Parameters, x, mask);
        return Readout.Forward(Parameters, SequenceOps.LastStep(hs, mask));
    }

    /// <inheritdoc />
    public T ComputeLossAndGradients(SequenceClassificationBatch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var o = Forward(batch.X, batch.Mask);
        var loss = SoftmaxCrossEntropy.LastStep(o, batch.Labels);
        var dLast = Readout.Backward(Parameters, loss.Gradient);
        // ∂L/∂hs is zero except at each sequence's last valid step.
        Rnn.Backward(Parameters, SequenceOps.LastStepBackward(dLast, batch.X.Shape[0], batch.Mask));
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
