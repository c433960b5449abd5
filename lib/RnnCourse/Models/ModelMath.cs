// Small helpers the topologies share: arg-max decoding and building one-step token inputs.

namespace RnnCourse.Models;

/// <summary>Helpers shared by the models.</summary>
public static class ModelMath
{
    /// <summary>The index of the largest value in each row of a (rows × cols) tensor (greedy decoding).</summary>
    public static int[] ArgMaxRows<T>(Tensor<T> logits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        int rows = logits.Rows,
            cols = logits.Cols;
        var result = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = logits.Span.Slice(r * cols, cols);
            int best = 0;
            for (int j = 1; j < cols; j++)
            {
                if (row[j] > row[best])
                {
                    best = j;
                }
            }
            result[r] = best;
        }
        return result;
    }
}
