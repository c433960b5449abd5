// Adagrad (Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods"): each parameter's step is
// divided by the root of the sum of all its past squared gradients, so rarely updated parameters
// (rare characters' embeddings) keep large steps. min-char-rnn trains with it.
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Training;

/// <summary>G ← G + g²; θ ← θ − η g / (√G + ε). State: <c>G</c>.</summary>
public sealed class Adagrad<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _sumSq;
    private readonly OptimizerState<T>[] _state;

    /// <summary>Creates Adagrad over <paramref name="parameters"/>.</summary>
    public Adagrad(ParameterSet<T> parameters, AdagradConfig? config = null)
        : base(parameters, config ?? new AdagradConfig())
    {
        _sumSq = NewBuffer();
        _state = [new("G", _sumSq)];
    }

    /// <inheritdoc />
    public override IReadOnlyList<OptimizerState<T>> State => _state;

    /// <inheritdoc />
    protected override void Update(Span<T> theta, ReadOnlySpan<T> g, double learningRate)
    {
        var cfg = (AdagradConfig)Config;
        OptimizerKernels.Adagrad(g, learningRate, cfg.Epsilon, _sumSq, theta);
    }
}
