using RnnCourse.Correctness;
using RnnCourse.Layers;
using RnnCourse.Losses;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

/// <summary>
/// A sequence layer + Linear readout + per-step softmax cross-entropy (masked), in double, with
/// random parameters: the smallest complete model, for gradient checks of layers and losses.
/// </summary>
internal sealed class ModelRig
{
    public ModelRig(
        Func<ParameterLayout, ISequenceLayer<double>> build,
        int steps,
        int batch,
        int vocabulary,
        ulong seed,
        SequenceMask? mask = null
    )
    {
        Layout = new ParameterLayout();
        Layer = build(Layout);
        Head = new Linear<double>(Layer.OutputSize, vocabulary, Layout, "out.");
        P = new ParameterSet<double>(Layout);
        var rng = new Rng(seed);
        rng.FillUniform<double>(P.Values, -0.5, 0.5);
        X = Tensor<double>.Zeros(steps, batch, Layer.InputSize);
        rng.FillUniform<double>(X.Span, -1, 1);
        var ids = new int[steps * batch];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = rng.NextInt(vocabulary);
        }
        Targets = new TokenIds(ids, steps, batch);
        Mask = mask;
    }

    public ParameterLayout Layout { get; }
    public ISequenceLayer<double> Layer { get; }
    public Linear<double> Head { get; }
    public ParameterSet<double> P { get; }
    public Tensor<double> X { get; }
    public TokenIds Targets { get; }
    public SequenceMask? Mask { get; }
    public Action? BeforeForward { get; init; }
    public Tensor<double>? LastDx { get; private set; }

    public double LossOnly()
    {
        BeforeForward?.Invoke();
        var logits = Head.Forward(P, Layer.Forward(P, X, Mask));
        return SoftmaxCrossEntropy.PerStep(logits, Targets, Mask).Loss;
    }

    public double LossAndGradients()
    {
        P.ZeroGrad();
        BeforeForward?.Invoke();
        var logits = Head.Forward(P, Layer.Forward(P, X, Mask));
        var loss = SoftmaxCrossEntropy.PerStep(logits, Targets, Mask);
        LastDx = Layer.Backward(P, Head.Backward(P, loss.Gradient));
        return loss.Loss;
    }

    public GradientCheckReport CheckParameters() =>
        GradientCheck.Parameters(
            P,
            LossAndGradients,
            new GradientCheckOptions { Gates = Layer.GateMap }
        );

    public GradientCheckReport CheckInput()
    {
        LossAndGradients();
        return GradientCheck.Input("x", X, LossOnly, LastDx!);
    }
}
