using RnnCourse.Data;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Data;

public class SyntheticSineTests
{
    [Fact]
    public void Generate_Clean_TargetIsNextInput()
    {
        var task = SyntheticSine.Generate<double>(new SineOptions(Steps: 30, Batch: 4), new Rng(1));
        Assert.Equal([30, 4, 1], task.Inputs.Shape.ToArray());
        Assert.Equal([30, 4, 1], task.Targets.Shape.ToArray());
        for (int b = 0; b < 4; b++)
        {
            for (int t = 0; t + 1 < 30; t++)
            {
                Assert.Equal(task.Inputs[t + 1, b, 0], task.Targets[t, b, 0], 12);
            }
        }
        // Period 25: x_{t+25} = x_t.
        Assert.Equal(task.Inputs[0, 2, 0], task.Inputs[25, 2, 0], 12);
    }

    [Fact]
    public void Generate_Noisy_InputNoiseHasRequestedStdAndTargetsStayClean()
    {
        var opts = new SineOptions(Steps: 100, Batch: 200, NoiseStd: 0.1);
        var noisy = SyntheticSine.Generate<double>(opts, new Rng(5));
        Assert.Equal("noisy-sine", noisy.Name);
        double sumSq = 0;
        int n = 0;
        for (int b = 0; b < 200; b++)
        {
            for (int t = 0; t + 1 < 100; t++)
            {
                double e = noisy.Inputs[t + 1, b, 0] - noisy.Targets[t, b, 0];
                sumSq += e * e;
                n++;
            }
        }
        Assert.InRange(Math.Sqrt(sumSq / n), 0.095, 0.105);
    }

    [Fact]
    public void Generate_PersistenceBaseline_MatchesFormula()
    {
        var task = SyntheticSine.Generate<double>(
            new SineOptions(Steps: 50, Batch: 2000),
            new Rng(3)
        );
        double mse = 0;
        for (int i = 0; i < task.Inputs.Length; i++)
        {
            double e = task.Targets.Data[i] - task.Inputs.Data[i];
            mse += e * e;
        }
        mse /= task.Inputs.Length;
        Assert.Equal(1 - Math.Cos(2 * Math.PI / 25), task.BaselineLoss, 12);
        Assert.InRange(mse, task.BaselineLoss * 0.95, task.BaselineLoss * 1.05);
    }

    [Fact]
    public void Generate_SameSeed_SameBytes()
    {
        var a = SyntheticSine.Generate<float>(new SineOptions(NoiseStd: 0.2), new Rng(11));
        var b = SyntheticSine.Generate<float>(new SineOptions(NoiseStd: 0.2), new Rng(11));
        Assert.Equal(a.Inputs.Data, b.Inputs.Data);
        Assert.Equal(a.Targets.Data, b.Targets.Data);
    }
}

public class SyntheticAddingTests
{
    [Fact]
    public void Generate_OneMarkerPerHalf_TargetIsMarkedSum()
    {
        var task = SyntheticAdding.Generate<double>(
            new AddingOptions(Steps: 21, Batch: 50),
            new Rng(2)
        );
        Assert.Equal([21, 50, 2], task.Inputs.Shape.ToArray());
        Assert.Equal([50, 1], task.Targets.Shape.ToArray());
        Assert.True(task.ManyToOne);
        for (int b = 0; b < 50; b++)
        {
            var marked = Enumerable.Range(0, 21).Where(t => task.Inputs[t, b, 1] == 1).ToArray();
            Assert.Equal(2, marked.Length);
            Assert.InRange(marked[0], 0, 9); // first half: [0, ⌊21/2⌋ = 10)
            Assert.InRange(marked[1], 10, 20);
            Assert.Equal(
                task.Inputs[marked[0], b, 0] + task.Inputs[marked[1], b, 0],
                task.Targets[b, 0],
                12
            );
            Assert.Equal(2, Enumerable.Range(0, 21).Sum(t => task.Inputs[t, b, 1]));
        }
    }

    [Fact]
    public void Generate_PredictOne_MseNearOneSixth()
    {
        var task = SyntheticAdding.Generate<double>(
            new AddingOptions(Steps: 10, Batch: 20000),
            new Rng(8)
        );
        double mse = task.Targets.Data.Average(y => (y - 1) * (y - 1));
        Assert.InRange(mse, 1.0 / 6 - 0.005, 1.0 / 6 + 0.005);
    }
}

public class SyntheticCopyTests
{
    [Fact]
    public void Generate_TargetsRepeatSymbolsAfterDelimiter()
    {
        var o = new CopyOptions(Length: 5, Delay: 3, Symbols: 4, Batch: 6);
        var task = SyntheticCopy.Generate<float>(o, new Rng(4));
        Assert.Equal([13, 6, 6], task.Inputs.Shape.ToArray()); // T = 5 + 3 + 5, I = K + 2
        Assert.Equal([13, 6, 5], task.Targets.Shape.ToArray()); // O = K + 1
        for (int b = 0; b < 6; b++)
        {
            for (int t = 0; t < 13; t++)
            {
                int active = Enumerable.Range(0, 6).Single(i => task.Inputs[t, b, i] == 1);
                int cls = task.ClassTargets![t * 6 + b];
                Assert.Equal(1f, task.Targets[t, b, cls]);
                if (t < 5)
                {
                    Assert.InRange(active, 1, 4);
                    Assert.Equal(active, task.ClassTargets[(t + 8) * 6 + b]); // recalled after L + D
                    Assert.Equal(0, cls);
                }
                else
                {
                    Assert.Equal(t == 7 ? 5 : 0, active); // delimiter at L + D − 1
                }
                if (t < 8)
                {
                    Assert.Equal(0, cls);
                }
            }
        }
        Assert.Equal(5 * Math.Log(4) / 13, task.BaselineLoss, 12);
    }
}

public class SyntheticParityTests
{
    [Fact]
    public void Generate_TargetIsRunningXor_FinalOnlyMasksEarlierSteps()
    {
        var per = SyntheticParity.Generate<double>(
            new ParityOptions(Steps: 12, Batch: 8),
            new Rng(6)
        );
        var fin = SyntheticParity.Generate<double>(
            new ParityOptions(Steps: 12, Batch: 8, FinalOnly: true),
            new Rng(6)
        );
        Assert.Equal(per.Inputs.Data, fin.Inputs.Data);
        for (int b = 0; b < 8; b++)
        {
            int p = 0;
            for (int t = 0; t < 12; t++)
            {
                p ^= (int)per.Inputs[t, b, 0];
                Assert.Equal(p, per.Targets[t, b, 0]);
                Assert.Equal(p, per.ClassTargets![t * 8 + b]);
                Assert.Equal(t == 11 ? p : -1, fin.ClassTargets![t * 8 + b]);
            }
        }
        double ones = per.Inputs.Data.Average();
        Assert.InRange(ones, 0.3, 0.7);
    }
}

public class SyntheticLogisticMapTests
{
    [Fact]
    public void Generate_FollowsMap()
    {
        var task = SyntheticLogisticMap.Generate<double>(
            new LogisticMapOptions(Steps: 20, Batch: 3, R: 3.7),
            new Rng(9)
        );
        for (int b = 0; b < 3; b++)
        {
            for (int t = 0; t < 20; t++)
            {
                double x = task.Inputs[t, b, 0];
                Assert.Equal(3.7 * x * (1 - x), task.Targets[t, b, 0], 12);
                if (t > 0)
                {
                    Assert.Equal(task.Targets[t - 1, b, 0], x, 12);
                }
                Assert.InRange(x, 0, 1);
            }
        }
    }

    [Fact]
    public void Generate_ROutsideRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SyntheticLogisticMap.Generate<float>(new LogisticMapOptions(R: 4.5), new Rng(1))
        );
    }
}

public class SyntheticDynamicalSystemTests
{
    [Fact]
    public void Generate_IdentityRotation_NormShrinksByRadiusEachStep()
    {
        var task = SyntheticDynamicalSystem.Generate<double>(
            new DynamicalSystemOptions(Steps: 40, Batch: 5, Radius: 0.9),
            new Rng(12)
        );
        Assert.Equal([40, 5, 2], task.Inputs.Shape.ToArray());
        for (int b = 0; b < 5; b++)
        {
            for (int t = 0; t < 40; t++)
            {
                double nx = Math.Sqrt(
                    Math.Pow(task.Inputs[t, b, 0], 2) + Math.Pow(task.Inputs[t, b, 1], 2)
                );
                double ny = Math.Sqrt(
                    Math.Pow(task.Targets[t, b, 0], 2) + Math.Pow(task.Targets[t, b, 1], 2)
                );
                Assert.Equal(0.9 * nx, ny, 12);
            }
        }
    }

    [Fact]
    public void Generate_Tanh_AppliesTanhOfAffineMap()
    {
        double[] w = [1.5, -0.4, 0.3, 0.8];
        double[] bias = [0.1, -0.2];
        var task = SyntheticDynamicalSystem.Generate<double>(
            new DynamicalSystemOptions(
                Steps: 10,
                Batch: 2,
                W: w,
                Bias: bias,
                Activation: Activation.Tanh
            ),
            new Rng(13)
        );
        for (int t = 0; t < 10; t++)
        {
            double s0 = task.Inputs[t, 1, 0],
                s1 = task.Inputs[t, 1, 1];
            Assert.Equal(Math.Tanh(1.5 * s0 - 0.4 * s1 + 0.1), task.Targets[t, 1, 0], 12);
            Assert.Equal(Math.Tanh(0.3 * s0 + 0.8 * s1 - 0.2), task.Targets[t, 1, 1], 12);
        }
    }

    [Fact]
    public void Generate_WrongMatrixSize_ThrowsNamingSizes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SyntheticDynamicalSystem.Generate<float>(
                new DynamicalSystemOptions(W: [1, 0, 0]),
                new Rng(1)
            )
        );
        Assert.Contains("got 3", e.Message);
    }

    [Fact]
    public void Generate_SameSeed_SameBytes()
    {
        var o = new DynamicalSystemOptions(Activation: Activation.Tanh, NoiseStd: 0.05);
        Assert.Equal(
            SyntheticDynamicalSystem.Generate<float>(o, new Rng(21)).Inputs.Data,
            SyntheticDynamicalSystem.Generate<float>(o, new Rng(21)).Inputs.Data
        );
    }
}
