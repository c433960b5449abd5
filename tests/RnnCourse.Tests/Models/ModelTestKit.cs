using RnnCourse.Correctness;
using RnnCourse.Training;

namespace RnnCourse.Tests.Models;

/// <summary>Shared helpers: a finite-difference check of a whole model, and a short training run.</summary>
internal static class ModelTestKit
{
    /// <summary>Checks every parameter of a double-precision model on one batch (max relative error ≤ 1e-6).</summary>
    public static void AssertGradientsMatch<TBatch>(
        ITrainableModel<double, TBatch> model,
        TBatch batch
    )
    {
        var p = model.Parameters;
        var report = GradientCheck.Parameters(
            p,
            () =>
            {
                p.ZeroGrad();
                return model.ComputeLossAndGradients(batch);
            }
        );
        Assert.True(report.Passed, report.ToString());
        Assert.True(report.MaxRelativeError <= 1e-6, report.ToString());
    }

    /// <summary>Trains with Adam and returns the result; the loss curve is in <c>result.Epochs</c>.</summary>
    public static TrainingResult Train<TBatch>(
        ITrainableModel<float, TBatch> model,
        IReadOnlyList<TBatch> batches,
        int epochs,
        double learningRate
    )
    {
        var trainer = Trainer.Create(
            model,
            new AdamConfig(learningRate).Create(model.Parameters),
            new TrainerConfig(Epochs: epochs, ClipNorm: 5, Seed: 3)
        );
        var result = trainer.Fit(batches);
        Assert.Equal(StopReason.Completed, result.Reason);
        return result;
    }

    /// <summary>Asserts the last epoch's mean loss is below <paramref name="fraction"/> of the first's.</summary>
    public static void AssertLossFell(TrainingResult result, double fraction)
    {
        double first = result.Epochs[0].MeanLoss,
            last = result.Epochs[^1].MeanLoss;
        Assert.True(
            last < fraction * first,
            $"loss went from {first:G4} to {last:G4}; expected below {fraction} × the start"
        );
    }
}
