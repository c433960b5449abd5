// Plain SGD, the baseline every other optimizer is compared with (Robbins & Monro 1951).

namespace RnnCourse.Training;

/// <summary>θ ← θ − η g. No state.</summary>
/// <param name="parameters">The parameters it updates; its state buffers take their layout.</param>
/// <param name="config">The hyperparameters (null: the defaults of <see cref="SgdConfig"/>).</param>
public sealed class Sgd<T>(ParameterSet<T> parameters, SgdConfig? config = null)
    : Optimizer<T, SgdConfig>(parameters, config ?? new())
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate) =>
        OptimizerKernels.Sgd(g, learningRate, theta);
}
