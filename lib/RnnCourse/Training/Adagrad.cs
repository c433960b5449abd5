// Adagrad (Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods"): each parameter's step is
// divided by the root of the sum of all its past squared gradients, so rarely updated parameters
// (rare characters' embeddings) keep large steps. min-char-rnn trains with it.

namespace RnnCourse.Training;

/// <summary>G ← G + g²; θ ← θ − η g / (√G + ε). State: <c>G</c>.</summary>
/// <param name="parameters">The parameters it updates; its state buffers take their layout.</param>
/// <param name="config">The hyperparameters (null: the defaults of <see cref="AdagradConfig"/>).</param>
public sealed class Adagrad<T>(ParameterSet<T> parameters, AdagradConfig? config = null)
    : Optimizer<T, AdagradConfig>(parameters, config ?? new(), "G")
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate) =>
        OptimizerKernels.Adagrad(g, learningRate, Settings.Epsilon, Buffer(0), theta);
}
