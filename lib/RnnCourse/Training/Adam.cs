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
        // Bias corrections depend only on t: computed once per step, in double.
        double bc1 = 1 - Math.Pow(cfg.Beta1, StepCount);
        double bc2 = 1 - Math.Pow(cfg.Beta2, StepCount);
        T stepSize = C(learningRate / bc1); // η / (1 − β₁ᵗ) multiplies m to give η m̂
        T invSqrtBc2 = C(1 / Math.Sqrt(bc2)); // √v̂ = √v / √(1 − β₂ᵗ)
        OptimizerKernels.Adam(
            g,
            stepSize,
            C(cfg.Beta1),
            C(1 - cfg.Beta1),
            C(cfg.Beta2),
            C(1 - cfg.Beta2),
            invSqrtBc2,
            C(cfg.Epsilon),
            _m,
            _v,
            theta
        );
    }
}
