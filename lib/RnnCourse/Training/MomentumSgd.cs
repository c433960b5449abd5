// SGD with momentum (Polyak 1964), optionally Nesterov's look-ahead form (Sutskever et al. 2013,
// "On the importance of initialization and momentum in deep learning"). Same formulation as
// PyTorch's torch.optim.SGD(momentum=μ, nesterov=…, dampening=0), so numbers carry over.
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Training;

/// <summary>
/// v ← μ v + g; θ ← θ − η v (classical) or θ ← θ − η (g + μ v) (Nesterov). State: <c>v</c>.
/// </summary>
public sealed class MomentumSgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _v;
    private readonly OptimizerState<T>[] _state;

    /// <summary>Creates momentum SGD over <paramref name="parameters"/>.</summary>
    public MomentumSgd(ParameterSet<T> parameters, MomentumConfig? config = null)
        : base(parameters, config ?? new MomentumConfig())
    {
        _v = NewBuffer();
        _state = [new("v", _v)];
    }

    /// <inheritdoc />
    public override IReadOnlyList<OptimizerState<T>> State => _state;

    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate)
    {
        var cfg = (MomentumConfig)Config;
        OptimizerKernels.Momentum(g, learningRate, cfg.Momentum, cfg.Nesterov, _v, theta);
    }
}
