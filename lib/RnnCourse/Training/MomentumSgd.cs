// SGD with momentum (Polyak 1964), optionally Nesterov's look-ahead form (Sutskever et al. 2013,
// "On the importance of initialization and momentum in deep learning"). Same formulation as
// PyTorch's torch.optim.SGD(momentum=μ, nesterov=…, dampening=0), so numbers carry over.
// The class is a deliberate twin of Adam, RmsProp and Adagrad in form: a typed Optimizer whose
// Update is one OptimizerKernels call.

namespace RnnCourse.Training;

/// <summary>
/// v ← μ v + g; θ ← θ − η v (classical) or θ ← θ − η (g + μ v) (Nesterov). State: <c>v</c>.
/// </summary>
/// <param name="parameters">The parameters it updates; its state buffers take their layout.</param>
/// <param name="config">The hyperparameters (null: the defaults of <see cref="MomentumConfig"/>).</param>
public sealed class MomentumSgd<T>(ParameterSet<T> parameters, MomentumConfig? config = null)
    : Optimizer<T, MomentumConfig>(parameters, config ?? new(), "v")
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate) =>
        OptimizerKernels.Momentum(
            g,
            learningRate,
            Settings.Momentum,
            Settings.Nesterov,
            Buffer(0),
            theta
        );
}
