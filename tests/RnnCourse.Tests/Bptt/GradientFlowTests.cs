// GradientFlow against cases with a closed form (a linear recurrence with a scaled orthogonal
// W_hh; an LSTM whose gates are constants, so only the cell carousel carries the gradient) and
// against an independent computation: the reference engine's ∂L/∂(initial state) on the suffix
// of the sequence that starts after step t.
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Bptt;

public sealed class GradientFlowTests
{
    private static (CellSlots Slots, ParameterSet<double> P) Declare(CellConfig config)
    {
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        return (slots, new ParameterSet<double>(layout));
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var a in v)
        {
            s += a * a;
        }
        return Math.Sqrt(s);
    }

    [Fact]
    public void FromLastStep_LinearScaledOrthogonal_NormsAreGainPowers()
    {
        const int I = 2,
            H = 5,
            T = 12;
        const double gain = 0.9;
        var config = new CellConfig(CellKind.Elman, I, H) { Activation = Activation.Identity };
        var (slots, p) = Declare(config);
        new Rng(1).FillOrthogonal(p.Value(slots.Wh), H, H, gain);
        new Rng(2).FillNormal<double>(p.Value(slots.Wx));
        var x = Tensor<double>.Zeros(T, 1, I);
        new Rng(3).FillNormal<double>(x.Span);
        var u = new double[H];
        new Rng(4).FillNormal<double>(u);

        var norms = GradientFlow.FromLastStep(Cell.Create<double>(config, slots), p, x, u);

        // ∂L/∂h_t = (Whhᵀ)^(T−1−t) u, and a scaled orthogonal matrix scales every norm by the gain.
        for (int t = 0; t < T; t++)
        {
            Assert.Equal(Norm(u) * Math.Pow(gain, T - 1 - t), norms.H[t], 1e-12);
            Assert.Equal(0, norms.C[t]);
        }
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Lstm)]
    public void FromLastStep_RandomCell_MatchesEngineGradientOnSuffix(CellKind kind)
    {
        const int I = 3,
            H = 4,
            T = 7;
        var config = new CellConfig(kind, I, H);
        var (slots, p) = Declare(config);
        CellParameters.Initialize(config, slots, p, new Rng(5));
        new Rng(6).FillNormal<double>(p.Values.AsSpan(), 0, 0.6);
        var x = Tensor<double>.Zeros(T, 1, I);
        new Rng(7).FillNormal<double>(x.Span);
        var u = new double[H];
        new Rng(8).FillNormal<double>(u);

        var norms = GradientFlow.FromLastStep(Cell.Create<double>(config, slots), p, x, u);

        var engine = new ReferenceEngine<double>(config, slots);
        Assert.Equal(Norm(u), norms.H[T - 1], 1e-12);
        for (int t = 0; t < T - 1; t++)
        {
            // The state after step t, then the rest of the sequence from it: ∂L/∂(that initial state).
            var prefix = engine.Forward(p, Slice(x, 0, t + 1));
            var suffix = engine.Forward(p, Slice(x, t + 1, T), initial: prefix.Final);
            var dHs = Tensor<double>.Zeros(T - 1 - t, 1, H);
            u.CopyTo(dHs.Slice(T - 2 - t));
            var d = engine.Backward(p, suffix, dHs);
            Assert.Equal(Norm(d.DInitial.H.Span), norms.H[t], 1e-10);
        }
    }

    [Fact]
    public void FromLastStep_LstmConstantGates_CellGradientDecaysLikeForgetGate()
    {
        const int I = 2,
            H = 3,
            T = 9;
        var config = new CellConfig(CellKind.Lstm, I, H);
        var (slots, p) = Declare(config);
        // No weights: every gate is a constant set by its bias, and h never feeds back.
        double bi = 0.3,
            bf = 1.2,
            bg = -0.4,
            bo = 0.5;
        var bx = p.Value(slots.Bx!);
        bx.Slice(0, H).Fill(bi);
        bx.Slice(H, H).Fill(bf);
        bx.Slice(2 * H, H).Fill(bg);
        bx.Slice(3 * H, H).Fill(bo);
        var x = Tensor<double>.Zeros(T, 1, I);
        new Rng(9).FillNormal<double>(x.Span);
        var u = new double[] { 1.0, -2.0, 0.5 };

        var norms = GradientFlow.FromLastStep(Cell.Create<double>(config, slots), p, x, u);

        double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        double i = Sigmoid(bi),
            f = Sigmoid(bf),
            g = Math.Tanh(bg),
            o = Sigmoid(bo);
        double c = 0;
        for (int t = 0; t < T; t++)
        {
            c = f * c + i * g;
        }
        double cellAtT = Norm(u) * o * (1 - Math.Tanh(c) * Math.Tanh(c));
        for (int t = 0; t < T; t++)
        {
            // The constant error carousel: ∂L/∂c_t = f^(T−1−t) ∂L/∂c_T, and h_t (t < T) reaches no loss.
            Assert.Equal(cellAtT * Math.Pow(f, T - 1 - t), norms.C[t], 1e-12);
            Assert.Equal(t == T - 1 ? Norm(u) : 0, norms.H[t], 1e-12);
        }
    }

    [Fact]
    public void FromLastStep_BatchOfTwo_ThrowsNamingOneSequence()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            FromLastStep(new CellConfig(CellKind.Elman, 2, 3), steps: 4, batch: 2, uLength: 3)
        );
        Assert.Contains("one sequence", e.Message);
    }

    [Fact]
    public void FromLastStep_WrongLengthU_ThrowsNamingStateSize()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            FromLastStep(new CellConfig(CellKind.Elman, 2, 3), steps: 4, batch: 1, uLength: 2)
        );
        Assert.Contains("S = 3", e.Message);
    }

    // GradientFlow.FromLastStep on a fresh cell, a zero input (steps, batch, I) and a zero u.
    private static void FromLastStep(CellConfig config, int steps, int batch, int uLength)
    {
        var (slots, p) = Declare(config);
        GradientFlow.FromLastStep(
            Cell.Create<double>(config, slots),
            p,
            Tensor<double>.Zeros(steps, batch, config.InputSize),
            new double[uLength]
        );
    }

    private static Tensor<double> Slice(Tensor<double> x, int from, int to)
    {
        int stepSize = x.Shape[1] * x.Shape[2];
        var part = Tensor<double>.Zeros(to - from, x.Shape[1], x.Shape[2]);
        x.Span.Slice(from * stepSize, (to - from) * stepSize).CopyTo(part.Span);
        return part;
    }

    [Fact]
    public void FromLastStep_ProjectedLstm_RefusesNamingProjSize()
    {
        var ex = Assert.Throws<NotSupportedException>(() =>
            FromLastStep(
                new CellConfig(CellKind.Lstm, 2, 3) { ProjectionSize = 2 },
                steps: 3,
                batch: 1,
                uLength: 2
            )
        );
        Assert.Contains("ProjectionSize (PyTorch proj_size) is 2", ex.Message);
    }
}
