// RMSProp (Tieleman & Hinton 2012, Coursera "Neural Networks for Machine Learning", lecture 6e):
// Adagrad with a leaky average instead of a sum, so the step size does not decay to zero.
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Training;

/// <summary>s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε). State: <c>s</c>.</summary>
public sealed class RmsProp<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _meanSq;
    private readonly OptimizerState<T>[] _state;

    /// <summary>Creates RMSProp over <paramref name="parameters"/>.</summary>
    public RmsProp(ParameterSet<T> parameters, RmsPropConfig? config = null)
        : base(parameters, config ?? new RmsPropConfig())
    {
        _meanSq = NewBuffer();
        _state = [new("s", _meanSq)];
    }

    /// <inheritdoc />
    public override IReadOnlyList<OptimizerState<T>> State => _state;

    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate)
    {
        var cfg = (RmsPropConfig)Config;
        OptimizerKernels.RmsProp(g, learningRate, cfg.Rho, cfg.Epsilon, _meanSq, theta);
    }
}
