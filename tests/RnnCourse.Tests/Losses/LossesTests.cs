using RnnCourse.Correctness;
using RnnCourse.Layers;
using RnnCourse.Losses;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Losses;

public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void PerStep_MatchesHandComputationAndIgnoresMaskedSteps()
    {
        // T = 2, B = 1, V = 2; step 1 masked.
        var logits = Tensor<double>.From([0.0, Math.Log(3), 5, -5], 2, 1, 2);
        var targets = new TokenIds([1, 0], 2, 1);
        var r = SoftmaxCrossEntropy.PerStep(logits, targets, SequenceMask.FromLengths([1], 2));
        Assert.Equal(-Math.Log(0.75), r.Loss, 12);
        Assert.Equal(1, r.Count);
        Assert.Equal(
            new double[] { 0.25, -0.25, 0, 0 },
            r.Gradient.Data.Select(v => Math.Round(v, 12))
        );
    }

    [Fact]
    public void PerStep_GradientPassesCheck()
    {
        var logits = Tensor<double>.Zeros(3, 2, 4);
        new Rng(1).FillUniform<double>(logits.Span, -3, 3);
        var targets = new TokenIds([0, 3, 2, 1, 1, 0], 3, 2);
        var mask = SequenceMask.FromLengths([3, 2], 3);
        var r = SoftmaxCrossEntropy.PerStep(logits, targets, mask);
        var report = GradientCheck.Input(
            "logits",
            logits,
            () => SoftmaxCrossEntropy.PerStep(logits, targets, mask).Loss,
            r.Gradient
        );
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void LastStep_GradientPassesCheck()
    {
        var logits = Tensor<double>.Zeros(3, 5);
        new Rng(2).FillUniform<double>(logits.Span, -2, 2);
        int[] targets = [4, 0, 2];
        var r = SoftmaxCrossEntropy.LastStep(logits, targets);
        var report = GradientCheck.Input(
            "logits",
            logits,
            () => SoftmaxCrossEntropy.LastStep(logits, targets).Loss,
            r.Gradient
        );
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(3, r.Count);
    }

    [Fact]
    public void PerStep_ShapeMismatch_ThrowsNamingShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SoftmaxCrossEntropy.PerStep(
                Tensor<double>.Zeros(3, 2, 4),
                new TokenIds(new int[4], 2, 2)
            )
        );
        Assert.Contains("(3, 2, 4)", ex.Message);
        Assert.Contains("(2, 2)", ex.Message);
    }

    [Fact]
    public void LastStep_TargetOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SoftmaxCrossEntropy.LastStep(Tensor<double>.Zeros(1, 3), [3])
        );
        Assert.Contains("0..2", ex.Message);
    }
}

public class MeanSquaredErrorTests
{
    [Fact]
    public void Compute_MatchesHandComputation()
    {
        var r = MeanSquaredError.Compute(
            Tensor<double>.From([1.0, 2, 3], 3),
            Tensor<double>.From([0.0, 2, 5], 3)
        );
        Assert.Equal(5.0 / 3, r.Loss, 12);
        Assert.Equal(new double[] { 2.0 / 3, 0, -4.0 / 3 }, r.Gradient.Data);
    }

    [Fact]
    public void Compute_Masked_GradientPassesCheckAndPaddingIsIgnored()
    {
        var y = Tensor<double>.Zeros(3, 2, 2);
        var target = Tensor<double>.Zeros(3, 2, 2);
        var rng = new Rng(3);
        rng.FillUniform<double>(y.Span, -1, 1);
        rng.FillUniform<double>(target.Span, -1, 1);
        var mask = SequenceMask.FromLengths([3, 1], 3);
        var r = MeanSquaredError.Compute(y, target, mask);
        Assert.Equal(8, r.Count);
        var report = GradientCheck.Input(
            "y",
            y,
            () => MeanSquaredError.Compute(y, target, mask).Loss,
            r.Gradient
        );
        Assert.True(report.Passed, report.ToString());
        y[2, 1, 0] = 100; // a padded step
        Assert.Equal(r.Loss, MeanSquaredError.Compute(y, target, mask).Loss);
    }

    [Fact]
    public void Compute_ShapeMismatch_ThrowsNamingShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            MeanSquaredError.Compute(Tensor<double>.Zeros(3, 2), Tensor<double>.Zeros(2, 3))
        );
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(3, 2)", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() =>
            MeanSquaredError.Compute(
                Tensor<double>.Zeros(3, 2, 1),
                Tensor<double>.Zeros(3, 2, 1),
                SequenceMask.FromLengths([1, 1, 1], 3)
            )
        );
        Assert.Contains("(3, 3)", ex2.Message);
    }
}
