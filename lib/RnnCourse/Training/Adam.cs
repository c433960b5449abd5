// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1), with the
// bias correction that makes the first steps the right size although m and v start at zero.

namespace RnnCourse.Training;

/// <summary>
/// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ);
/// θ ← θ − η m̂ / (√v̂ + ε). State: <c>m</c>, <c>v</c>; t is <see cref="Optimizer{T}.StepCount"/>.
/// </summary>
/// <param name="parameters">The parameters it updates; its state buffers take their layout.</param>
/// <param name="config">The hyperparameters (null: the defaults of <see cref="AdamConfig"/>).</param>
public sealed class Adam<T>(ParameterSet<T> parameters, AdamConfig? config = null)
    : Optimizer<T, AdamConfig>(parameters, config ?? new(), "m", "v")
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate) =>
        OptimizerKernels.Adam(
            g,
            learningRate,
            Settings.Beta1,
            Settings.Beta2,
            Settings.Epsilon,
            StepCount,
            Buffer(0),
            Buffer(1),
            theta
        );
}
