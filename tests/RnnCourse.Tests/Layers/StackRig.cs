using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Correctness;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

/// <summary>
/// A StackedRnn in double under a fixed random linear functional of everything it returns,
/// L = Σ gOut ⊙ output + Σ gH ⊙ h_n (+ Σ gC ⊙ c_n), started from given h_0 (c_0) in PyTorch's
/// layout: the rig for finite-difference checks of the gradients of parameters, x, h_0 and c_0.
/// </summary>
internal sealed class StackRig
{
    public StackRig(CellConfig config, int layers, StackOptions options, bool packed, ulong seed)
    {
        const int steps = 3,
            batch = 2;
        var layout = new ParameterLayout();
        Stack = new StackedRnn<double>(config, layers, layout, "rnn.", options);
        P = new ParameterSet<double>(layout);
        var rng = new Rng(seed);
        rng.FillUniform<double>(P.Values, -0.6, 0.6);
        int entries = layers * Stack.Directions,
            s = config.StateSize;
        X = Random(
            rng,
            options.BatchFirst ? [batch, steps, config.InputSize] : [steps, batch, config.InputSize]
        );
        H0 = Random(rng, entries, batch, s);
        C0 = config.HasMemory ? Random(rng, entries, batch, config.HiddenSize) : null;
        var probe = Stack.Forward(P, X);
        GOut = Random(rng, [.. probe.Shape]);
        GH = Random(rng, entries, batch, s);
        GC = config.HasMemory ? Random(rng, entries, batch, config.HiddenSize) : null;
        Mask = packed ? SequenceMask.FromLengths([2, 3], steps) : null;
    }

    public StackedRnn<double> Stack { get; }
    public ParameterSet<double> P { get; }
    public Tensor<double> X { get; }
    public Tensor<double> H0 { get; }
    public Tensor<double>? C0 { get; }
    public Tensor<double> GOut { get; }
    public Tensor<double> GH { get; }
    public Tensor<double>? GC { get; }
    public SequenceMask? Mask { get; }
    public Tensor<double>? Dx { get; private set; }
    public RecurrentState<double>? DInitial { get; private set; }

    public double Loss()
    {
        var output = Stack.Forward(P, X, Mask, new RecurrentState<double>(H0, C0));
        var final = Stack.Final;
        return Dot(GOut, output) + Dot(GH, final.H) + (GC is null ? 0 : Dot(GC, final.C!));
    }

    public double LossAndGradients()
    {
        P.ZeroGrad();
        double loss = Loss();
        Dx = Stack.Backward(P, GOut, new RecurrentState<double>(GH, GC));
        DInitial = Stack.InitialGradient;
        return loss;
    }

    /// <summary>The checks of parameters, x, h_0 and c_0, each a report.</summary>
    public IEnumerable<GradientCheckReport> Check()
    {
        yield return GradientCheck.Parameters(
            P,
            LossAndGradients,
            new GradientCheckOptions { Gates = Stack.GateMap }
        );
        LossAndGradients();
        var (dx, dInitial) = (Dx!.Clone(), DInitial!);
        yield return GradientCheck.Input("x", X, Loss, dx);
        yield return GradientCheck.Input("h0", H0, Loss, dInitial.H.Clone());
        if (C0 is not null)
        {
            yield return GradientCheck.Input("c0", C0, Loss, dInitial.C!.Clone());
        }
    }

    private static double Dot(Tensor<double> a, Tensor<double> b)
    {
        Assert.Equal(a.Shape.ToArray(), b.Shape.ToArray());
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a.Data[i] * b.Data[i];
        }
        return sum;
    }

    private static Tensor<double> Random(Rng rng, params int[] shape)
    {
        var t = Tensor<double>.Zeros(shape);
        rng.FillUniform<double>(t.Span, -1, 1);
        return t;
    }
}
