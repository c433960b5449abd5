// One-to-one: the baseline with no recurrence. A vector in, a class out, through one hidden
// layer: a = W1 x + b1, h = f(a), o = W2 h + b2, loss = softmax cross-entropy(o, label).
// Every recurrent topology in this folder is this network plus a state carried over time;
// comparing against it shows what the recurrence buys.
// Shapes: x (B × I), h (B × H), o (B × C).
using RnnCourse.Losses;

namespace RnnCourse.Models;

/// <summary>Sizes of the one-hidden-layer classifier.</summary>
/// <param name="Inputs">I: features per example.</param>
/// <param name="Hidden">H: hidden units.</param>
/// <param name="Classes">C: output classes.</param>
public sealed record MlpConfig(int Inputs, int Hidden, int Classes)
{
    /// <summary>Hidden nonlinearity; tanh by default, the recurrent cells' default, so comparisons are fair.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;
}

/// <summary>One-to-one baseline: an MLP classifier (no recurrence).</summary>
public sealed class MlpClassifier<T> : ITrainableModel<T, ClassificationBatch<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Linear<T> _hidden;
    private readonly Linear<T> _output;

    /// <summary>Declares and initialises <c>hidden.W</c>, <c>hidden.b</c>, <c>out.W</c>, <c>out.b</c>.</summary>
    public MlpClassifier(MlpConfig config, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        var layout = new ParameterLayout();
        _hidden = new Linear<T>(config.Inputs, config.Hidden, layout, "hidden.", "W", "b");
        _output = new Linear<T>(config.Hidden, config.Classes, layout, "out.", "W", "b");
        Parameters = new ParameterSet<T>(layout);
        _hidden.Initialize(Parameters, rng);
        _output.Initialize(Parameters, rng);
    }

    /// <summary>The sizes.</summary>
    public MlpConfig Config { get; }

    /// <inheritdoc />
    public ParameterSet<T> Parameters { get; }

    /// <summary>Logits o (B × C) and the hidden activations h (B × H).</summary>
    public (Tensor<T> Logits, Tensor<T> Hidden) Forward(Tensor<T> x)
    {
        ModelMath.RequireVectors(x, Config.Inputs);
        var h = _hidden.Forward(Parameters, x);
        Activations.Apply(Config.Activation, h.Span, h.Span);
        return (_output.Forward(Parameters, h), h);
    }

    /// <inheritdoc />
    public T ComputeLossAndGradients(ClassificationBatch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (o, h) = Forward(batch.X);
        var loss = SoftmaxCrossEntropy.LastStep(o, batch.Labels);
        var dh = _output.Backward(Parameters, loss.Gradient);
        Activations.Backward(Config.Activation, h.Span, dh.Span, dh.Span); // ∂L/∂h → ∂L/∂a
        _hidden.Backward(Parameters, dh);
        return loss.Loss;
    }

    /// <summary>The most likely class per row of <paramref name="x"/>.</summary>
    public int[] Predict(Tensor<T> x) => ModelMath.ArgMaxRows(Forward(x).Logits);
}
