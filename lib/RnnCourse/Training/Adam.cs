// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1), with the
// bias correction that makes the first steps the right size although m and v start at zero.
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Training;

/// <summary>
/// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ);
/// θ ← θ − η m̂ / (√v̂ + ε). State: <c>m</c>, <c>v</c>; t is <see cref="Optimizer{T}.StepCount"/>.
/// </summary>
public sealed class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _m;
    private readonly T[] _v;
    private readonly OptimizerState<T>[] _state;

    /// <summary>Creates Adam over <paramref name="parameters"/>.</summary>
    public Adam(ParameterSet<T> parameters, AdamConfig? config = null)
        : base(parameters, config ?? new AdamConfig())
    {
        _m = NewBuffer();
        _v = NewBuffer();
        _state = [new("m", _m), new("v", _v)];
    }

    /// <inheritdoc />
    public override IReadOnlyList<OptimizerState<T>> State => _state;

    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate)
    {
        var cfg = (AdamConfig)Config;
        OptimizerKernels.Adam(
            g,
            learningRate,
            cfg.Beta1,
            cfg.Beta2,
            cfg.Epsilon,
            StepCount,
            _m,
            _v,
            theta
        );
    }
}
