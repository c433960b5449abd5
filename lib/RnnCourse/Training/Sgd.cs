// Plain SGD, the baseline every other optimizer is compared with (Robbins & Monro 1951).
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Training;

/// <summary>θ ← θ − η g. No state.</summary>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates SGD over <paramref name="parameters"/>.</summary>
    public Sgd(ParameterSet<T> parameters, SgdConfig? config = null)
        : base(parameters, config ?? new SgdConfig()) { }

    /// <inheritdoc />
    public override IReadOnlyList<OptimizerState<T>> State => [];

    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate)
    {
        OptimizerKernels.Sgd(g, learningRate, theta);
    }
}
