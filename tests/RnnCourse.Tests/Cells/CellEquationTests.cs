using MathNet.Numerics.LinearAlgebra;
using RnnCourse.Cells;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Cells;

/// <summary>
/// Each cell's one-step Forward against its equations written independently with MathNet
/// matrices and vectors, one sequence at a time.
/// </summary>
public class CellEquationTests
{
    private const int B = 2,
        I = 3,
        H = 4;

    private static (
        ParameterSet<double> P,
        CellSlots Slots,
        double[] X,
        double[] HPrev,
        double[] CPrev
    ) Setup(CellConfig config, ulong seed)
    {
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var p = new ParameterSet<double>(layout);
        var rng = new Rng(seed);
        rng.FillUniform<double>(p.Values, -0.8, 0.8);
        var x = new double[B * I];
        var hPrev = new double[B * config.StateSize];
        var cPrev = new double[B * H];
        rng.FillUniform<double>(x, -1, 1);
        rng.FillUniform<double>(hPrev, -1, 1);
        rng.FillUniform<double>(cPrev, -1, 1);
        return (p, slots, x, hPrev, cPrev);
    }

    private static Matrix<double> M(ParameterSet<double> p, ParameterSlot s) =>
        Spectral.ToMatrix<double>(p.Value(s), s.Rows, s.Cols);

    private static Vector<double> V(ReadOnlySpan<double> s) =>
        Vector<double>.Build.DenseOfArray(s.ToArray());

    private static Vector<double> Row(double[] a, int b, int width) =>
        V(a.AsSpan(b * width, width));

    private static Vector<double> Sigma(Vector<double> a) => a.Map(v => 1 / (1 + Math.Exp(-v)));

    private static Vector<double> Tanh(Vector<double> a) => a.Map(Math.Tanh);

    private static void AssertRow(Vector<double> expected, double[] actual, int b)
    {
        for (int j = 0; j < expected.Count; j++)
        {
            Assert.Equal(expected[j], actual[b * expected.Count + j], 12);
        }
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    public void Elman_Forward_MatchesEquation(Activation f)
    {
        var config = new CellConfig(CellKind.Elman, I, H) { Activation = f };
        var (p, s, x, hPrev, _) = Setup(config, 1);
        var h = new double[B * H];
        new ElmanCell<double>(config, s).Forward(
            p,
            B,
            x,
            hPrev,
            h,
            new ElmanCache<double>(B, I, H)
        );
        for (int b = 0; b < B; b++)
        {
            // a_t = W s_{t−1} + U x_t + b  with W = Whh, U = Wxh, b = bh.
            var a = M(p, s.Wh) * Row(hPrev, b, H) + M(p, s.Wx) * Row(x, b, I) + V(p.Value(s.Bh!));
            AssertRow(f == Activation.Tanh ? Tanh(a) : a.Map(v => Math.Max(0, v)), h, b);
        }
    }

    [Fact]
    public void Jordan_Forward_MatchesEquation()
    {
        var config = new CellConfig(CellKind.Jordan, I, H)
        {
            OutputSize = 2,
            OutputActivation = Activation.Sigmoid,
        };
        var (p, s, x, yPrev, _) = Setup(config, 2);
        var y = new double[B * 2];
        new JordanCell<double>(config, s).Forward(
            p,
            B,
            x,
            yPrev,
            y,
            new JordanCache<double>(B, I, H, 2)
        );
        for (int b = 0; b < B; b++)
        {
            var hidden = Tanh(
                M(p, s.Wx) * Row(x, b, I) + M(p, s.Wh) * Row(yPrev, b, 2) + V(p.Value(s.Bh!))
            );
            AssertRow(Sigma(M(p, s.Why!) * hidden + V(p.Value(s.By!))), y, b);
        }
    }

    [Fact]
    public void Lstm_Forward_MatchesEquationInPyTorchGateOrder()
    {
        var config = new CellConfig(CellKind.Lstm, I, H);
        var (p, s, x, hPrev, cPrev) = Setup(config, 3);
        var h = new double[B * H];
        var c = new double[B * H];
        new LstmCell<double>(config, s).Forward(
            p,
            B,
            x,
            hPrev,
            cPrev,
            h,
            c,
            new LstmCache<double>(B, I, H)
        );
        for (int b = 0; b < B; b++)
        {
            var a =
                M(p, s.Wx) * Row(x, b, I)
                + V(p.Value(s.Bx!))
                + M(p, s.Wh) * Row(hPrev, b, H)
                + V(p.Value(s.Bh!));
            var i = Sigma(a.SubVector(0, H));
            var fg = Sigma(a.SubVector(H, H));
            var g = Tanh(a.SubVector(2 * H, H));
            var o = Sigma(a.SubVector(3 * H, H));
            var cNew = fg.PointwiseMultiply(Row(cPrev, b, H)) + i.PointwiseMultiply(g);
            AssertRow(cNew, c, b);
            AssertRow(o.PointwiseMultiply(Tanh(cNew)), h, b);
        }
    }

    [Fact]
    public void Gru_Forward_MatchesEquationInPyTorchFormulation()
    {
        var config = new CellConfig(CellKind.Gru, I, H);
        var (p, s, x, hPrev, _) = Setup(config, 4);
        var h = new double[B * H];
        new GruCell<double>(config, s).Forward(p, B, x, hPrev, h, new GruCache<double>(B, I, H));
        for (int b = 0; b < B; b++)
        {
            var gx = M(p, s.Wx) * Row(x, b, I) + V(p.Value(s.Bx!));
            var gh = M(p, s.Wh) * Row(hPrev, b, H) + V(p.Value(s.Bh!));
            var r = Sigma(gx.SubVector(0, H) + gh.SubVector(0, H));
            var z = Sigma(gx.SubVector(H, H) + gh.SubVector(H, H));
            var n = Tanh(gx.SubVector(2 * H, H) + r.PointwiseMultiply(gh.SubVector(2 * H, H)));
            var ones = Vector<double>.Build.Dense(H, 1.0);
            AssertRow(
                (ones - z).PointwiseMultiply(n) + z.PointwiseMultiply(Row(hPrev, b, H)),
                h,
                b
            );
        }
    }
}

public class JordanFeedbackTests
{
    [Fact]
    public void Engine_SecondStep_ReadsFirstStepsOutputAfterNonlinearity()
    {
        var config = new CellConfig(CellKind.Jordan, 2, 3)
        {
            OutputSize = 2,
            OutputActivation = Activation.Sigmoid,
        };
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var p = new ParameterSet<double>(layout);
        new Rng(5).FillUniform<double>(p.Values, -1, 1);
        var x = Tensor<double>.Zeros(2, 1, 2);
        new Rng(6).FillUniform<double>(x.Span, -1, 1);
        var hs = RnnCourse.Bptt.ReferenceEngine<double>.Factory(config, slots).Forward(p, x).Hs;
        Assert.All(hs.Data, v => Assert.InRange(v, 0.0, 1.0)); // outputs are sigmoid outputs
        var cell = new JordanCell<double>(config, slots);
        var y1 = new double[2];
        cell.Forward(p, 1, x.Slice(1), hs.Slice(0), y1, new JordanCache<double>(1, 2, 3, 2));
        Assert.Equal(y1, hs.Slice(1).ToArray());
    }
}
