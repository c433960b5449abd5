using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Correctness;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Cells;

/// <summary>
/// A single cell run by an engine under a random linear loss L = Σ w ⊙ hs + Σ u ⊙ h_T (+ Σ v ⊙ c_T),
/// whose gradients ∂L/∂hs = w, ∂L/∂h_T = u are known, so every path of BPTT is exercised.
/// </summary>
internal sealed class CellRig
{
    public CellRig(
        CellConfig config,
        int steps,
        int batch,
        ulong seed,
        RecurrentEngineFactory<double>? factory = null,
        SequenceMask? mask = null
    )
    {
        Config = config;
        Layout = new ParameterLayout();
        Slots = CellParameters.Declare(config, Layout, "cell.");
        P = new ParameterSet<double>(Layout);
        var rng = new Rng(seed);
        CellParameters.Initialize(config, Slots, P, rng);
        // Random (not the init) values everywhere, biases and learned states included, so no
        // gradient is trivially zero.
        rng.FillUniform<double>(P.Values, -0.6, 0.6);
        Engine = (factory ?? ReferenceEngine<double>.Factory)(config, Slots);
        Mask = mask;
        X = Tensor<double>.Zeros(steps, batch, config.InputSize);
        rng.FillUniform<double>(X.Span, -1, 1);
        W = Tensor<double>.Zeros(steps, batch, config.StateSize);
        rng.FillUniform<double>(W.Span, -1, 1);
        U = Tensor<double>.Zeros(batch, config.StateSize);
        rng.FillUniform<double>(U.Span, -1, 1);
        V = config.HasMemory ? Tensor<double>.Zeros(batch, config.HiddenSize) : null;
        if (V is not null)
        {
            rng.FillUniform<double>(V.Span, -1, 1);
        }
        if (config.InitialState == InitialStateMode.Given)
        {
            Initial = RecurrentState<double>.Zeros(config, batch);
            rng.FillUniform<double>(Initial.H.Span, -0.5, 0.5);
            if (Initial.C is not null)
            {
                rng.FillUniform<double>(Initial.C.Span, -0.5, 0.5);
            }
        }
    }

    public CellConfig Config { get; }
    public ParameterLayout Layout { get; }
    public CellSlots Slots { get; }
    public ParameterSet<double> P { get; }
    public IRecurrentEngine<double> Engine { get; }
    public SequenceMask? Mask { get; }
    public Tensor<double> X { get; }
    public Tensor<double> W { get; }
    public Tensor<double> U { get; }
    public Tensor<double>? V { get; }
    public RecurrentState<double>? Initial { get; }
    public SequenceGradients<double>? LastGradients { get; private set; }

    public double Loss(SequenceOutput<double> o)
    {
        double l = Dot(W, o.Hs) + Dot(U, o.Final.H);
        if (V is not null)
        {
            l += Dot(V, o.Final.C!);
        }
        return l;
    }

    public double LossAndGradients()
    {
        P.ZeroGrad();
        var o = Engine.Forward(P, X, Mask, Initial);
        LastGradients = Engine.Backward(P, o, W, new RecurrentState<double>(U, V));
        return Loss(o);
    }

    public double LossOnly() => Loss(Engine.Forward(P, X, Mask, Initial));

    public GradientCheckReport CheckParameters() =>
        GradientCheck.Parameters(
            P,
            LossAndGradients,
            new GradientCheckOptions { Gates = GradientCheck.GatesOf(Config, Slots) }
        );

    public GradientCheckReport CheckInput()
    {
        LossAndGradients();
        return GradientCheck.Input("x", X, LossOnly, LastGradients!.Dx!);
    }

    private static double Dot(Tensor<double> a, Tensor<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a.Data[i] * b.Data[i];
        }
        return s;
    }
}
