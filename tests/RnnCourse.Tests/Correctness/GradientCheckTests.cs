using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Correctness;
using RnnCourse.Numerics;
using RnnCourse.Tests.Cells;

namespace RnnCourse.Tests.Correctness;

public class GradientCheckTests
{
    [Theory]
    [InlineData(CellKind.Lstm, "f")]
    [InlineData(CellKind.Lstm, "o")]
    [InlineData(CellKind.Gru, "n")]
    [InlineData(CellKind.Gru, "r")]
    public void Parameters_GateGradientCorrupted_NamesParameterAndGate(CellKind kind, string gate)
    {
        var rig = new CellRig(new CellConfig(kind, 3, 4), 4, 2, seed: 21);
        var config = rig.Config;
        int g = config.GateNames.ToList().IndexOf(gate);
        var wh = rig.Slots.Wh;
        int rows = config.HiddenSize;
        // A backward that gets one gate's recurrent-weight gradient 5% wrong.
        double Broken()
        {
            double loss = rig.LossAndGradients();
            var block = rig.P.Grad(wh).Slice(g * rows * wh.Cols, rows * wh.Cols);
            foreach (ref double v in block)
            {
                v *= 1.05;
            }
            return loss;
        }
        var report = GradientCheck.Parameters(
            rig.P,
            Broken,
            new GradientCheckOptions { Gates = GradientCheck.GatesOf(config, rig.Slots) }
        );
        Assert.False(report.Passed);
        Assert.Equal("cell.Wh", report.Worst!.Parameter);
        Assert.Equal(gate, report.Worst.Gate);
        Assert.All(report.Failures, e => Assert.Equal($"cell.Wh[{gate}]", e.Label));
        Assert.Contains($"cell.Wh[{gate}]", report.ToString());
        Assert.Contains("FAILED", report.ToString());
        Assert.InRange(report.MaxRelativeError, 0.02, 0.1);
        // The worst entry lies in the gate's rows of Wh (H × H): rows g·H … (g+1)·H − 1.
        Assert.InRange(report.Worst.WorstIndex / wh.Cols, g * rows, (g + 1) * rows - 1);
        Assert.Contains($"at {report.Worst.WorstPosition}", report.ToString());
    }

    /// <summary>A realistic bug: backward uses σ' where forward used tanh.</summary>
    private sealed class WrongDerivativeElman(CellConfig config, CellSlots slots)
        : IRecurrentCell<double>
    {
        private readonly ElmanCell<double> _forward = new(config, slots);
        private readonly ElmanCell<double> _backward = new(
            config with
            {
                Activation = Activation.Sigmoid,
            },
            slots
        );

        public CellConfig Config => config;
        public CellSlots Slots => slots;

        public object CreateCache(int batch) =>
            new ElmanCache<double>(batch, config.InputSize, config.HiddenSize);

        public void Step(ParameterSet<double> p, int batch, CellStep<double> step, object cache) =>
            _forward.Forward(p, batch, step.X, step.HPrev, step.H, (ElmanCache<double>)cache);

        public void StepBackward(
            ParameterSet<double> p,
            int batch,
            object cache,
            CellStepGradients<double> gradients
        ) =>
            _backward.Backward(
                p,
                batch,
                (ElmanCache<double>)cache,
                gradients.Dh,
                gradients.Dx,
                gradients.DhPrev
            );
    }

    [Fact]
    public void Parameters_WrongActivationDerivative_IsCaught()
    {
        var config = new CellConfig(CellKind.Elman, 3, 4);
        var rig = new CellRig(
            config,
            4,
            2,
            seed: 2,
            factory: (c, s) => new ReferenceEngine<double>(new WrongDerivativeElman(c, s))
        );
        var report = rig.CheckParameters();
        Assert.False(report.Passed, report.ToString());
        Assert.True(report.MaxRelativeError > 0.1);
        Assert.Contains(report.Failures, e => e.Parameter == "cell.Wxh");
        Assert.Contains(report.Failures, e => e.Parameter == "cell.bh");
    }

    [Fact]
    public void Parameters_CorrectQuadratic_PassesWithTinyError()
    {
        // L = Σ θ_k² / 2 + θ_0 θ_1 has gradient θ_k (+ the cross terms).
        var layout = new ParameterLayout();
        layout.Add("a", 2, 3);
        layout.Add("b", 4);
        var p = new ParameterSet<double>(layout);
        new Rng(3).FillUniform<double>(p.Values, -1, 1);
        double Loss()
        {
            p.ZeroGrad();
            double l = p.Values[0] * p.Values[1];
            for (int k = 0; k < p.Count; k++)
            {
                l += 0.5 * p.Values[k] * p.Values[k];
                p.Grads[k] = p.Values[k];
            }
            p.Grads[0] += p.Values[1];
            p.Grads[1] += p.Values[0];
            return l;
        }
        var report = GradientCheck.Parameters(p, Loss);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(2, report.Entries.Count);
        Assert.Equal(6, report.Entries[0].Checked);
        Assert.True(report.MaxRelativeError < 1e-8);
        Assert.Contains("PASSED", report.ToString());
    }

    [Fact]
    public void Parameters_MaxPerBlock_ChecksThatMany()
    {
        var rig = new CellRig(new CellConfig(CellKind.Gru, 3, 4), 3, 2, seed: 4);
        var report = GradientCheck.Parameters(
            rig.P,
            rig.LossAndGradients,
            new GradientCheckOptions { MaxPerBlock = 5 }
        );
        Assert.True(report.Passed, report.ToString());
        Assert.All(report.Entries, e => Assert.Equal(5, e.Checked));
    }

    [Fact]
    public void Parameters_RestoresValuesAndAnalyticGradients()
    {
        var rig = new CellRig(new CellConfig(CellKind.Lstm, 2, 3), 3, 2, seed: 8);
        var before = (double[])rig.P.Values.Clone();
        rig.LossAndGradients();
        var grads = (double[])rig.P.Grads.Clone();
        rig.CheckParameters();
        Assert.Equal(before, rig.P.Values);
        Assert.Equal(grads, rig.P.Grads);
    }

    [Fact]
    public void Input_WrongAnalyticGradient_IsCaught()
    {
        var x = Tensor<double>.From([1.0, 2.0, -3.0], 3);
        // L = Σ x², true gradient 2x; pass x instead.
        double Loss() => x.Data.Sum(v => v * v);
        var report = GradientCheck.Input("x", x, Loss, x.Clone());
        Assert.False(report.Passed);
        Assert.Equal("x", report.Worst!.Parameter);
        Assert.Equal(0.5, report.MaxRelativeError, 6);
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Parameters_FourPoint_ReachesTighterTolerance(CellKind kind)
    {
        var rig = new CellRig(new CellConfig(kind, 3, 4), 4, 2, seed: 27);
        var options = new GradientCheckOptions { FourPoint = true, Tolerance = 1e-9 };
        var report = GradientCheck.Parameters(rig.P, rig.LossAndGradients, options);
        Assert.True(report.Passed, report.ToString());
    }
}
