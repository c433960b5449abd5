// RMSProp (Tieleman & Hinton 2012, Coursera "Neural Networks for Machine Learning", lecture 6e):
// Adagrad with a leaky average instead of a sum, so the step size does not decay to zero.

namespace RnnCourse.Training;

/// <summary>s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε). State: <c>s</c>.</summary>
/// <param name="parameters">The parameters it updates; its state buffers take their layout.</param>
/// <param name="config">The hyperparameters (null: the defaults of <see cref="RmsPropConfig"/>).</param>
public sealed class RmsProp<T>(ParameterSet<T> parameters, RmsPropConfig? config = null)
    : Optimizer<T, RmsPropConfig>(parameters, config ?? new(), "s")
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate) =>
        OptimizerKernels.RmsProp(g, learningRate, Settings.Rho, Settings.Epsilon, Buffer(0), theta);
}
