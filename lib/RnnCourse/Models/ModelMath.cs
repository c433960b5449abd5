// Small helpers the topologies share: arg-max decoding and the check of a batch of input vectors.

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

    /// <summary>Refuses anything but a batch of input vectors x (B × I) with I = <paramref name="inputs"/>.</summary>
    /// <exception cref="ArgumentException">x has another shape; the message names both.</exception>
    internal static void RequireVectors<T>(
        Tensor<T> x,
        int inputs,
        [CallerArgumentExpression(nameof(x))] string name = ""
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x, name);
        ShapeCheck.WrongShapeIf(
            x.Rank != 2 || x.Shape[1] != inputs,
            x,
            $", expected (B, I) = (B, {inputs})",
            name
        );
    }
}
