// Learning-rate schedules as records: η_t = η₀ · factor(t), t = 0, 1, 2, … counting optimizer steps.
// A large step early makes progress; a smaller one late lets the loss settle into a minimum.
// The polymorphic-JSON header (one JsonDerivedType per record) is a deliberate twin of
// OptimizerConfig's: both are serialised into checkpoints by a "kind" discriminator.
using System.Text.Json.Serialization;

namespace RnnCourse.Training;

/// <summary>A learning-rate schedule: <see cref="Factor"/> multiplies the optimizer's base rate at step t.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ConstantSchedule), "constant")]
[JsonDerivedType(typeof(StepDecaySchedule), "step")]
[JsonDerivedType(typeof(ExponentialSchedule), "exponential")]
[JsonDerivedType(typeof(CosineSchedule), "cosine")]
public abstract record LearningRateSchedule
{
    /// <summary>The multiplier of the base learning rate at step <paramref name="step"/> (0-based).</summary>
    public abstract double Factor(long step);

    /// <summary>η_t = <paramref name="baseRate"/> · <see cref="Factor"/>(t).</summary>
    public double RateAt(double baseRate, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return baseRate * Factor(step);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> "name must be expected." unless <paramref name="ok"/>.</summary>
    private protected static void Require(
        bool ok,
        object value,
        string expected,
        [CallerArgumentExpression(nameof(value))] string name = ""
    )
    {
        ShapeCheck.OutOfRangeIf(!ok, value, $"{name} must be {expected}.", name);
    }

    /// <summary>Requires a decay factor γ in (0, 1].</summary>
    private protected static void RequireGamma(double gamma) =>
        Require(gamma > 0 && gamma <= 1, gamma, "in (0, 1]", "Gamma");
}

/// <summary>η_t = η₀: no decay (the default).</summary>
public sealed record ConstantSchedule : LearningRateSchedule
{
    /// <inheritdoc />
    public override double Factor(long step) => 1.0;
}

/// <summary>Step decay: η_t = η₀ · γ^⌊t / StepSize⌋ (PyTorch's StepLR).</summary>
/// <param name="StepSize">Steps between two decays; must be ≥ 1.</param>
/// <param name="Gamma">0.5: halving is a common, gentle decay; must be in (0, 1].</param>
public sealed record StepDecaySchedule(int StepSize, double Gamma = 0.5) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double Factor(long step)
    {
        Require(StepSize >= 1, StepSize, "≥ 1 (the number of steps between two decays)");
        RequireGamma(Gamma);
        return Math.Pow(Gamma, step / StepSize);
    }
}

/// <summary>Exponential decay: η_t = η₀ · γᵗ (PyTorch's ExponentialLR, per step).</summary>
/// <param name="Gamma">0.999: halves η in about 700 steps (ln 2 / 0.001), slow enough for short course runs; must be in (0, 1].</param>
public sealed record ExponentialSchedule(double Gamma = 0.999) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double Factor(long step)
    {
        RequireGamma(Gamma);
        return Math.Pow(Gamma, step);
    }
}

/// <summary>
/// Cosine annealing (Loshchilov &amp; Hutter 2017, SGDR, without restarts):
/// η_t = η₀ · (m + (1 − m) · ½(1 + cos(π · min(t, N) / N))), m = <paramref name="MinFactor"/>, N = <paramref name="TotalSteps"/>.
/// </summary>
/// <param name="TotalSteps">Steps over which η goes from η₀ down to m·η₀; it stays there afterwards.</param>
/// <param name="MinFactor">0: anneal all the way down, as in the paper; raise it to keep learning at the end.</param>
public sealed record CosineSchedule(int TotalSteps, double MinFactor = 0.0) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double Factor(long step)
    {
        Require(TotalSteps >= 1, TotalSteps, "≥ 1 (usually epochs × batches per epoch)");
        Require(MinFactor >= 0 && MinFactor <= 1, MinFactor, "in [0, 1]");
        double progress = Math.Min(step, TotalSteps) / (double)TotalSteps;
        return MinFactor + (1 - MinFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
