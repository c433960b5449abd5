// A 2-D discrete dynamical system s_t = f(W s_{t−1} + b), f ∈ {identity, tanh}: the RNN
// recurrence without inputs, so students see what the recurrent matrix alone does. With
// f = identity and W = ρ·R(θ) (a rotation scaled by ρ) the state spirals in (ρ < 1), circles
// (ρ = 1) or out (ρ > 1), the spectral-radius story of vanishing and exploding gradients; tanh
// bounds the state and bends the spiral into a limit cycle or fixed point.

namespace RnnCourse.Data;

/// <summary>Options of <see cref="SyntheticDynamicalSystem"/>.</summary>
/// <param name="Steps">T.</param>
/// <param name="Batch">B.</param>
/// <param name="W">The 2 × 2 matrix, row-major. Null: ρ·R(θ) from <paramref name="Radius"/> and <paramref name="Angle"/>.</param>
/// <param name="Bias">b (2 values). Null: zero.</param>
/// <param name="Activation">f: Identity or Tanh.</param>
/// <param name="Radius">ρ for the default W (0.95: a slow inward spiral).</param>
/// <param name="Angle">θ in radians for the default W (π/8: 16 steps per turn).</param>
/// <param name="NoiseStd">σ of Gaussian noise added to the observed inputs (0: exact states).</param>
public sealed record DynamicalSystemOptions(
    int Steps = 50,
    int Batch = 32,
    double[]? W = null,
    double[]? Bias = null,
    Activation Activation = Activation.Identity,
    double Radius = 0.95,
    double Angle = Math.PI / 8,
    double NoiseStd = 0
) : SyntheticOptions(Steps, Batch)
{
    /// <summary>The effective W (row-major 2 × 2).</summary>
    public double[] Matrix =>
        W
        ??
        [
            Radius * Math.Cos(Angle),
            -Radius * Math.Sin(Angle),
            Radius * Math.Sin(Angle),
            Radius * Math.Cos(Angle),
        ];
}

/// <summary>Trajectories of s_t = f(W s_{t−1} + b): Inputs (T, B, 2) = s_t (plus noise), Targets (T, B, 2) = s_{t+1}.</summary>
public static class SyntheticDynamicalSystem
{
    /// <summary>
    /// Generates a batch. Random draws, in order, per row b: s_0 ~ U(−1, 1)², then (if σ &gt; 0)
    /// 2T noise values.
    /// </summary>
    public static SequenceTask<T> Generate<T>(DynamicalSystemOptions options, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SyntheticCheck.Arguments(options, rng);
        double[] w = options.Matrix;
        double[] bias = options.Bias ?? [0, 0];
        ShapeCheck.InvalidIf(
            w.Length != 4 || bias.Length != 2,
            $"W must have 4 values (2 × 2, row-major) and Bias 2; got {w.Length} and {bias.Length}.",
            nameof(options)
        );
        ShapeCheck.InvalidIf(
            options.Activation is not (Activation.Identity or Activation.Tanh),
            $"f must be Identity or Tanh; got {options.Activation}.",
            nameof(options)
        );
        var x = Tensor<T>.Zeros(options.Steps, options.Batch, 2);
        var y = Tensor<T>.Zeros(options.Steps, options.Batch, 2);
        double sumSq = 0;
        for (int b = 0; b < options.Batch; b++)
        {
            double s0 = rng.Uniform(-1, 1),
                s1 = rng.Uniform(-1, 1);
            for (int t = 0; t < options.Steps; t++)
            {
                (double n0, double n1) = Step(w, bias, options.Activation, s0, s1);
                double e0 = options.NoiseStd > 0 ? rng.Normal(0, options.NoiseStd) : 0;
                double e1 = options.NoiseStd > 0 ? rng.Normal(0, options.NoiseStd) : 0;
                x[t, b, 0] = SyntheticCheck.C<T>(s0 + e0);
                x[t, b, 1] = SyntheticCheck.C<T>(s1 + e1);
                y[t, b, 0] = SyntheticCheck.C<T>(n0);
                y[t, b, 1] = SyntheticCheck.C<T>(n1);
                sumSq += ((n0 - s0) * (n0 - s0) + (n1 - s1) * (n1 - s1)) / 2;
                (s0, s1) = (n0, n1);
            }
        }
        return new SequenceTask<T>(
            "dynamical-system",
            x,
            y,
            null,
            sumSq / (options.Steps * options.Batch),
            "persistence: predict s_{t+1} = s_t (MSE measured on this batch)"
        );
    }

    /// <summary>One step: f(W s + b) for a 2-D state.</summary>
    public static (double S0, double S1) Step(
        double[] w,
        double[] bias,
        Activation f,
        double s0,
        double s1
    )
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(bias);
        double a0 = w[0] * s0 + w[1] * s1 + bias[0];
        double a1 = w[2] * s0 + w[3] * s1 + bias[1];
        return f == Activation.Tanh ? (Math.Tanh(a0), Math.Tanh(a1)) : (a0, a1);
    }
}
