// Softmax cross-entropy for next-token prediction and classification:
//     p = softmax(z)     L = −(1/N) Σ_{counted rows} log p[target]     ∂L/∂z = (p − onehot(target)) / N
// Per step (many-to-many: every valid (t, b) has a target), or on the last step only
// (many-to-one: one target per sequence, from SequenceOps.LastStep). The gradient is returned
// with the loss, as softmax and cross-entropy are always differentiated together: it is the
// simplest and the numerically stable way.
// Shapes: logits (T × B × V) with targets (T × B), or (B × V) with targets (B).

namespace RnnCourse.Losses;

/// <summary>A loss value and its gradient with respect to the loss input.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="Loss">The mean loss over counted entries.</param>
/// <param name="Gradient">∂Loss/∂input, same shape as the input (0 at ignored entries).</param>
/// <param name="Count">How many rows (or elements) were counted.</param>
public sealed record LossResult<T>(T Loss, Tensor<T> Gradient, int Count)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Softmax cross-entropy with its backward.</summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Mean cross-entropy over every valid step: logits (T × B × V), targets (T × B) as token ids.
    /// Steps masked out (or with target −1) count for nothing.
    /// </summary>
    public static LossResult<T> PerStep<T>(
        Tensor<T> logits,
        TokenIds targets,
        SequenceMask? mask = null
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        ShapeCheck.WrongShapeIf(
            logits.Rank != 3
                || logits.Shape[0] != targets.Steps
                || logits.Shape[1] != targets.Batch
                || logits.Shape[2] == 0,
            logits,
            $", expected (T, B, V) = ({targets.Steps}, {targets.Batch}, V) to match targets (T, B) = ({targets.Steps}, {targets.Batch})"
        );
        mask?.Require(targets.Steps, targets.Batch);
        var ids = (int[])targets.Ids.Clone();
        if (mask is not null)
        {
            for (int t = 0; t < targets.Steps; t++)
            {
                for (int b = 0; b < targets.Batch; b++)
                {
                    if (!mask.IsValid(t, b))
                    {
                        ids[t * targets.Batch + b] = -1;
                    }
                }
            }
        }
        return Rows(logits, ids, targets.Steps * targets.Batch, logits.Shape[2]);
    }

    /// <summary>
    /// Mean cross-entropy of one prediction per row: logits (B × V), targets (B) (−1 = ignore).
    /// Use with <see cref="SequenceOps.LastStep{T}"/> for sequence classification.
    /// </summary>
    public static LossResult<T> LastStep<T>(Tensor<T> logits, IReadOnlyList<int> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        ShapeCheck.WrongShapeIf(
            logits.Rank != 2 || logits.Shape[0] != targets.Count || logits.Length == 0,
            logits,
            $", expected (B, V) = ({targets.Count}, V) to match {targets.Count} targets"
        );
        return Rows(logits, [.. targets], targets.Count, logits.Shape[1]);
    }

    private static LossResult<T> Rows<T>(Tensor<T> logits, int[] ids, int rows, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int id in ids)
        {
            ShapeCheck.InvalidIf(
                id < -1 || id >= classes,
                $"Target {id} is outside the {classes} classes (valid: 0..{classes - 1}, or −1 to ignore).",
                "targets"
            );
        }
        var gradient = Tensor<T>.Zeros(logits.Shape.ToArray());
        T loss = Activations.SoftmaxCrossEntropy<T>(rows, classes, logits.Span, ids, gradient.Span);
        return new LossResult<T>(loss, gradient, ids.Count(i => i >= 0));
    }
}
