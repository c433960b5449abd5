// Mean squared error for regression on sequences (e.g. predicting the next value of a sine):
//     L = (1/N) Σ (y − target)²          ∂L/∂y = 2 (y − target) / N
// N counts the elements that count: all of them, or those of valid steps under a mask.
// Shapes: y and target the same, any rank; with a mask, (T × B × K) and mask (T × B).

namespace RnnCourse.Losses;

/// <summary>Mean squared error with its backward.</summary>
public static class MeanSquaredError
{
    /// <summary>The mean of (y − target)² over all elements (or the valid steps' elements) and its gradient.</summary>
    public static LossResult<T> Compute<T>(Tensor<T> y, Tensor<T> target, SequenceMask? mask = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(target);
        target.RequireShape(nameof(target), y.Shape.ToArray());
        ShapeCheck.InvalidIf(
            y.Length == 0,
            $"y has shape {y.ShapeText}: nothing to compare.",
            nameof(y)
        );
        int width = 1;
        if (mask is not null)
        {
            ShapeCheck.InvalidIf(
                y.Rank != 3,
                $"A mask needs y of shape (T, B, K); got {y.ShapeText}.",
                nameof(mask)
            );
            mask.Require(y.Shape[0], y.Shape[1]);
            width = y.Shape[2];
        }
        int batch = mask?.Batch ?? 1;
        var gradient = Tensor<T>.Zeros(y.Shape.ToArray());
        int count = 0;
        for (int i = 0; i < y.Length; i++)
        {
            int row = i / width;
            if (mask is null || mask.IsValid(row / batch, row % batch))
            {
                count++;
            }
        }
        if (count == 0)
        {
            return new LossResult<T>(T.Zero, gradient, 0);
        }
        T scale = T.One / T.CreateChecked(count);
        T two = T.CreateChecked(2);
        T loss = T.Zero;
        for (int i = 0; i < y.Length; i++)
        {
            int row = i / width;
            if (mask is not null && !mask.IsValid(row / batch, row % batch))
            {
                continue;
            }
            T e = y.Data[i] - target.Data[i];
            loss += e * e;
            gradient.Data[i] = two * e * scale;
        }
        return new LossResult<T>(loss * scale, gradient, count);
    }
}
