// Many-to-one: read a whole sequence, emit one class (sentiment, "is this sequence sorted?").
// h_t = cell(x_t, h_{t−1}) for t = 1..T, o = W h_T + b, loss = cross-entropy(o, label).
// Only the final state feeds the loss, so the whole gradient enters at step T and travels back
// through every step: the clearest place to watch gradients vanish.
// Shapes: x (T × B × I), h_T (B × S), o (B × C); S = H (or O for a Jordan cell).
using System.Numerics;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Models;

/// <summary>A recurrent cell and the number of classes.</summary>
/// <param name="Cell">The recurrent cell (its InputSize is I).</param>
/// <param name="Classes">C: output classes.</param>
public sealed record SequenceClassifierConfig(CellConfig Cell, int Classes);

/// <summary>Many-to-one: classifies a sequence from the state after its last (valid) step.</summary>
public sealed class SequenceClassifier<T> : ITrainableModel<T, SequenceClassificationBatch<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRecurrentEngine<T> _rnn;
    private readonly Dense<T> _readout;

    /// <summary>Declares and initialises <c>rnn.*</c> and <c>out.W</c>, <c>out.b</c>.</summary>
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
        var slots = CellParameters.Declare(config.Cell, layout, "rnn.");
        _readout = new Dense<T>(layout, "out.", config.Cell.StateSize, config.Classes);
        Parameters = new ParameterSet<T>(layout);
        CellParameters.Initialize(config.Cell, slots, Parameters, rng);
        _readout.Initialize(Parameters, rng);
        _rnn = (engine ?? ReferenceEngine<T>.Factory)(config.Cell, slots);
    }

    /// <summary>The configuration.</summary>
    public SequenceClassifierConfig Config { get; }

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <summary>Logits (B × C) and the recurrent pass (for backward).</summary>
    public (Tensor<T> Logits, SequenceOutput<T> Rnn) Forward(
        Tensor<T> x,
        Layers.SequenceMask? mask = null
    )
    {
        var run = _rnn.Forward(Parameters, x, mask);
        int batch = run.Final.H.Rows;
        var o = Tensor<T>.Zeros(batch, Config.Classes);
        _readout.Forward(Parameters, batch, run.Final.H.Span, o.Span);
        return (o, run);
    }

    /// <inheritdoc />
    public T ComputeLossAndGradients(SequenceClassificationBatch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (o, run) = Forward(batch.X, batch.Mask);
        int b = o.Rows;
        ShapeCheck.SameLength(b, batch.Labels.Length, "B of X", "Labels");
        var dO = Tensor<T>.Zeros(b, Config.Classes);
        T loss = Activations.SoftmaxCrossEntropy<T>(
            b,
            Config.Classes,
            o.Span,
            batch.Labels,
            dO.Span
        );
        // The loss sees only h_T: its gradient enters as ∂L/∂h_T, and every ∂L/∂h_t for t < T is 0.
        var dFinal = RecurrentState<T>.Zeros(Config.Cell, b);
        _readout.Backward(Parameters, b, run.Final.H.Span, dO.Span, dFinal.H.Span);
        _rnn.Backward(Parameters, run, Tensor<T>.Zeros(run.Hs.Shape.ToArray()), dFinal);
        return loss;
    }

    /// <summary>The most likely class per sequence.</summary>
    public int[] Predict(Tensor<T> x, Layers.SequenceMask? mask = null) =>
        ModelMath.ArgMaxRows(Forward(x, mask).Logits);
}
