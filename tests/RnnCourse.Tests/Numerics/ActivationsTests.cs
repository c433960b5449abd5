using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

public class ActivationsTests
{
    public static TheoryData<int> Lengths() => [0, 1, 3, 7, 8, 9, 15, 16, 17, 33, 100];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Apply_EveryActivation_MatchesScalarFormula(int n)
    {
        var rng = new Rng((ulong)n + 11);
        var x = new double[n];
        rng.FillUniform<double>(x, -4, 4);
        var y = new double[n];
        foreach (var f in Enum.GetValues<Activation>())
        {
            Activations.Apply<double>(f, x, y);
            for (int i = 0; i < n; i++)
            {
                double expected = f switch
                {
                    Activation.Tanh => Math.Tanh(x[i]),
                    Activation.Sigmoid => 1 / (1 + Math.Exp(-x[i])),
                    Activation.Relu => Math.Max(0, x[i]),
                    _ => x[i],
                };
                Assert.Equal(expected, y[i], 12);
            }
        }
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Identity)]
    public void Backward_EachActivation_MatchesFiniteDifference(Activation f)
    {
        var rng = new Rng(5);
        const int n = 17;
        var x = new double[n];
        rng.FillUniform<double>(x, -3, 3);
        var dy = new double[n];
        rng.FillNormal<double>(dy);
        var y = new double[n];
        Activations.Apply<double>(f, x, y);
        var dx = new double[n];
        Activations.Backward<double>(f, y, dy, dx);
        const double eps = 1e-6;
        var yp = new double[1];
        var ym = new double[1];
        for (int i = 0; i < n; i++)
        {
            if (f == Activation.Relu && Math.Abs(x[i]) < 1e-3)
            {
                continue; // kink: no derivative
            }
            Activations.Apply<double>(f, [x[i] + eps], yp);
            Activations.Apply<double>(f, [x[i] - eps], ym);
            double numeric = dy[i] * (yp[0] - ym[0]) / (2 * eps);
            Assert.True(
                Math.Abs(numeric - dx[i]) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                $"{f} at {x[i]}: analytic {dx[i]} numeric {numeric}"
            );
        }
    }

    [Fact]
    public void Softmax_LargeLogits_RowsSumToOneWithoutOverflow()
    {
        double[] z = [1000, 1001, 1002, -5, 0, 5];
        var p = new double[6];
        Activations.Softmax<double>(2, 3, z, p);
        Assert.Equal(1.0, p[0] + p[1] + p[2], 12);
        Assert.Equal(1.0, p[3] + p[4] + p[5], 12);
        Assert.True(p[2] > p[1] && p[1] > p[0]);
        var logp = new double[6];
        Activations.LogSoftmax<double>(2, 3, z, logp);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(Math.Log(p[i]), logp[i], 10);
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_Gradient_MatchesFiniteDifference()
    {
        const int rows = 4,
            cols = 5;
        var rng = new Rng(9);
        var z = new double[rows * cols];
        rng.FillNormal<double>(z, 0, 2);
        int[] targets = [1, 4, -1, 0]; // row 2 is padding
        var dz = new double[rows * cols];
        double loss = Activations.SoftmaxCrossEntropy<double>(rows, cols, z, targets, dz);
        Assert.True(loss > 0);
        var scratch = new double[rows * cols];
        const double eps = 1e-6;
        for (int i = 0; i < z.Length; i++)
        {
            double keep = z[i];
            z[i] = keep + eps;
            double lp = Activations.SoftmaxCrossEntropy<double>(rows, cols, z, targets, scratch);
            z[i] = keep - eps;
            double lm = Activations.SoftmaxCrossEntropy<double>(rows, cols, z, targets, scratch);
            z[i] = keep;
            Assert.Equal((lp - lm) / (2 * eps), dz[i], 8);
        }
        for (int j = 0; j < cols; j++)
        {
            Assert.Equal(0.0, dz[2 * cols + j]);
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_TargetOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Activations.SoftmaxCrossEntropy<float>(1, 3, new float[3], [3], new float[3])
        );
        Assert.Contains("outside the 3 classes", ex.Message);
    }
}
