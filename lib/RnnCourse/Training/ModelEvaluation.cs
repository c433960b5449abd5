// Validation helpers over the ITrainableModel contract: the mean loss of a model on held-out
// batches, for Trainer.Validate. The contract has no forward-only call, so this runs the backward
// pass too and then zeroes the gradients (cheap for course-sized models, and it keeps every model
// to one method). Turn dropout off (e.g. model.Training = false) before measuring.

namespace RnnCourse.Training;

/// <summary>Evaluation helpers for trainable models.</summary>
public static class ModelEvaluation
{
    /// <summary>The mean of the per-batch losses over <paramref name="batches"/>; leaves the gradients zeroed and the parameters unchanged.</summary>
    /// <exception cref="ArgumentException"><paramref name="batches"/> is empty.</exception>
    public static double MeanLoss<T, TBatch>(
        this ITrainableModel<T, TBatch> model,
        IEnumerable<TBatch> batches
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        double sum = 0;
        int count = 0;
        foreach (var batch in batches)
        {
            model.Parameters.ZeroGrad();
            sum += double.CreateChecked(model.ComputeLossAndGradients(batch));
            count++;
        }
        model.Parameters.ZeroGrad();
        ShapeCheck.InvalidIf(
            count == 0,
            "No validation batches: pass at least one batch.",
            nameof(batches)
        );
        return sum / count;
    }
}
