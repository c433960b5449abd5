using RnnCourse.Correctness;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

public class LinearTests
{
    [Fact]
    public void Forward_MatchesFormulaPerStep()
    {
        var layout = new ParameterLayout();
        var lin = new Linear<double>(2, 3, layout);
        var p = new ParameterSet<double>(layout);
        double[] w = [1, 2, 3, 4, 5, 6]; // rows: [1 2], [3 4], [5 6]
        w.CopyTo(p.Value("Why"));
        double[] b = [0.5, -1, 2];
        b.CopyTo(p.Value("by"));
        var y = lin.Forward(p, Tensor<double>.From([1.0, -1, 2, 0], 2, 1, 2));
        Assert.Equal([2, 1, 3], y.Shape.ToArray());
        Assert.Equal(new double[] { -0.5, -2, 1, 2.5, 5, 12 }, y.Data);
    }

    [Fact]
    public void Backward_PassesGradientCheck()
    {
        var layout = new ParameterLayout();
        var lin = new Linear<double>(3, 2, layout, "out.");
        var p = new ParameterSet<double>(layout);
        var rng = new Rng(6);
        rng.FillUniform<double>(p.Values, -1, 1);
        var x = Tensor<double>.Zeros(4, 2, 3);
        rng.FillUniform<double>(x.Span, -1, 1);
        var w = Tensor<double>.Zeros(4, 2, 2);
        rng.FillUniform<double>(w.Span, -1, 1);
        Tensor<double>? dx = null;
        double Loss()
        {
            var y = lin.Forward(p, x);
            return y.Data.Zip(w.Data, (a, c) => a * c * a).Sum();
        }
        double LossAndGradients()
        {
            p.ZeroGrad();
            var y = lin.Forward(p, x);
            var dy = Tensor<double>.Zeros(4, 2, 2);
            for (int i = 0; i < y.Length; i++)
            {
                dy.Data[i] = 2 * w.Data[i] * y.Data[i];
            }
            dx = lin.Backward(p, dy);
            return y.Data.Zip(w.Data, (a, c) => a * c * a).Sum();
        }
        var report = GradientCheck.Parameters(p, LossAndGradients);
        Assert.True(report.Passed, report.ToString());
        LossAndGradients();
        var input = GradientCheck.Input("x", x, Loss, dx!);
        Assert.True(input.Passed, input.ToString());
    }

    [Fact]
    public void Forward_WrongWidth_ThrowsNamingShapes()
    {
        var layout = new ParameterLayout();
        var lin = new Linear<double>(3, 2, layout);
        var ex = Assert.Throws<ArgumentException>(() =>
            lin.Forward(new ParameterSet<double>(layout), Tensor<double>.Zeros(4, 2, 5))
        );
        Assert.Contains("(4, 2, 5)", ex.Message);
        Assert.Contains("(4, 2, 3)", ex.Message);
    }

    [Fact]
    public void Constructor_ZeroSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Linear<double>(0, 2, new ParameterLayout()));
        Assert.Throws<ArgumentException>(() => new Linear<double>(2, -1, new ParameterLayout()));
    }
}
