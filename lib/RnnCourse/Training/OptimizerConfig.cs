// Optimizer hyperparameters as immutable records. Each default carries the reason it was chosen,
// so a learner can see where a number comes from. The records serialise to JSON (polymorphic, with
// a "kind" discriminator) so a checkpoint can store the exact configuration it was trained with.
// RmsPropConfig and AdamConfig are deliberate twins in form (positional defaults, Create,
// Validate): one record per optimizer, each default documented where it is declared.
using System.Text.Json.Serialization;

namespace RnnCourse.Training;

/// <summary>Hyperparameters of an optimizer; <see cref="Create{T}"/> builds the optimizer over a parameter set.</summary>
/// <param name="LearningRate">Base step size η (a schedule may scale it per step).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SgdConfig), "sgd")]
[JsonDerivedType(typeof(MomentumConfig), "momentum")]
[JsonDerivedType(typeof(AdagradConfig), "adagrad")]
[JsonDerivedType(typeof(RmsPropConfig), "rmsprop")]
[JsonDerivedType(typeof(AdamConfig), "adam")]
public abstract record OptimizerConfig(double LearningRate)
{
    /// <summary>Builds the optimizer; its state buffers are allocated once, in the layout of <paramref name="parameters"/>.</summary>
    public abstract Optimizer<T> Create<T>(ParameterSet<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad hyperparameter and a sensible range.</summary>
    internal static void Require(bool ok, string name, double value, string expected)
    {
        ShapeCheck.OutOfRangeIf(
            !ok,
            value,
            $"{name} = {value} is invalid: expected {expected}.",
            name
        );
    }

    /// <summary>Requires a decay rate (momentum, ρ, β) in [0, 1).</summary>
    internal static void RequireDecay(double value, string name, string expected) =>
        Require(value >= 0 && value < 1, name, value, expected);

    /// <summary>Requires ε &gt; 0, the term that keeps an adaptive step's division finite.</summary>
    internal static void RequireEpsilon(double epsilon) =>
        Require(epsilon > 0, "Epsilon", epsilon, "a small value > 0 (typical 1e-8)");

    /// <summary>Checks the hyperparameters shared by every optimizer.</summary>
    internal virtual void Validate() =>
        Require(
            double.IsFinite(LearningRate) && LearningRate > 0,
            nameof(LearningRate),
            LearningRate,
            "a finite value > 0 (typical: 1e-3 for Adam, 0.1 for SGD)"
        );
}

/// <summary>Plain stochastic gradient descent: θ ← θ − η g (Robbins &amp; Monro 1951).</summary>
/// <param name="LearningRate">0.1: a common SGD starting point for small RNNs with clipping; SGD has no per-parameter scaling, so it needs a larger η than Adam.</param>
public sealed record SgdConfig(double LearningRate = 0.1) : OptimizerConfig(LearningRate)
{
    /// <inheritdoc />
    public override Optimizer<T> Create<T>(ParameterSet<T> parameters) =>
        new Sgd<T>(parameters, this);
}

/// <summary>
/// Heavy-ball momentum (Polyak 1964) in PyTorch's form v ← μ v + g, θ ← θ − η v; with
/// <paramref name="Nesterov"/>, θ ← θ − η (g + μ v) (Sutskever et al. 2013).
/// </summary>
/// <param name="LearningRate">0.01: with μ = 0.9 the effective step is about η / (1 − μ) = 10 η, so η is 10× smaller than plain SGD's.</param>
/// <param name="Momentum">0.9: the value used by Sutskever et al. (2013) for most of training; it averages about the last 10 gradients.</param>
/// <param name="Nesterov">false: classical momentum by default; Nesterov looks ahead along v and is often slightly more stable.</param>
public sealed record MomentumConfig(
    double LearningRate = 0.01,
    double Momentum = 0.9,
    bool Nesterov = false
) : OptimizerConfig(LearningRate)
{
    /// <inheritdoc />
    public override Optimizer<T> Create<T>(ParameterSet<T> parameters) =>
        new MomentumSgd<T>(parameters, this);

    internal override void Validate()
    {
        base.Validate();
        RequireDecay(Momentum, nameof(Momentum), "0 ≤ μ < 1 (typical 0.9)");
    }
}

/// <summary>Adagrad (Duchi, Hazan &amp; Singer 2011): G ← G + g², θ ← θ − η g / (√G + ε).</summary>
/// <param name="LearningRate">0.01: PyTorch's default; the accumulated G shrinks the effective step over time, so η can start large.</param>
/// <param name="Epsilon">1e-8: only prevents division by zero for parameters that have never had a gradient.</param>
public sealed record AdagradConfig(double LearningRate = 0.01, double Epsilon = 1e-8)
    : OptimizerConfig(LearningRate)
{
    /// <inheritdoc />
    public override Optimizer<T> Create<T>(ParameterSet<T> parameters) =>
        new Adagrad<T>(parameters, this);

    internal override void Validate()
    {
        base.Validate();
        RequireEpsilon(Epsilon);
    }
}

/// <summary>
/// RMSProp (Tieleman &amp; Hinton 2012, Coursera lecture 6e): s ← ρ s + (1 − ρ) g²,
/// θ ← θ − η g / (√s + ε).
/// </summary>
/// <param name="LearningRate">1e-3: the value suggested in the lecture; the update is normalised, so η is roughly the step size per parameter.</param>
/// <param name="Rho">0.9: the lecture's decay, averaging about the last 10 squared gradients (PyTorch defaults to 0.99).</param>
/// <param name="Epsilon">1e-8: keeps the division finite when s is tiny.</param>
public sealed record RmsPropConfig(
    double LearningRate = 1e-3,
    double Rho = 0.9,
    double Epsilon = 1e-8
) : OptimizerConfig(LearningRate)
{
    /// <inheritdoc />
    public override Optimizer<T> Create<T>(ParameterSet<T> parameters) =>
        new RmsProp<T>(parameters, this);

    internal override void Validate()
    {
        base.Validate();
        RequireDecay(Rho, nameof(Rho), "0 ≤ ρ < 1 (typical 0.9 or 0.99)");
        RequireEpsilon(Epsilon);
    }
}

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1): m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g²,
/// m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), θ ← θ − η m̂ / (√v̂ + ε).
/// </summary>
/// <param name="LearningRate">1e-3: Kingma &amp; Ba's default; works for most small RNNs without tuning.</param>
/// <param name="Beta1">0.9: Kingma &amp; Ba's default; the first moment averages about the last 10 gradients.</param>
/// <param name="Beta2">0.999: Kingma &amp; Ba's default; the second moment averages about the last 1000 squared gradients.</param>
/// <param name="Epsilon">1e-8: Kingma &amp; Ba's default; only matters when v̂ is near zero.</param>
public sealed record AdamConfig(
    double LearningRate = 1e-3,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8
) : OptimizerConfig(LearningRate)
{
    /// <inheritdoc />
    public override Optimizer<T> Create<T>(ParameterSet<T> parameters) =>
        new Adam<T>(parameters, this);

    internal override void Validate()
    {
        base.Validate();
        RequireDecay(Beta1, nameof(Beta1), "0 ≤ β₁ < 1 (typical 0.9)");
        RequireDecay(Beta2, nameof(Beta2), "0 ≤ β₂ < 1 (typical 0.999)");
        RequireEpsilon(Epsilon);
    }
}
