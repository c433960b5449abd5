// The common return type of the synthetic sequence tasks. Time-major like every RNN tensor of
// the course: Inputs (T, B, I); Targets (T, B, O) for per-step tasks or (B, O) for many-to-one
// tasks (the adding problem). Classification tasks also give ClassTargets (T, B) as ids for
// SoftmaxCrossEntropy, with −1 where no loss is taken.

namespace RnnCourse.Data;

/// <summary>A generated batch of a synthetic task: inputs, targets and the loss a trivial model reaches.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class SequenceTask<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a task batch (used by the generators).</summary>
    public SequenceTask(
        string name,
        Tensor<T> inputs,
        Tensor<T> targets,
        int[]? classTargets,
        double baselineLoss,
        string baselineDescription
    )
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ShapeCheck.InvalidIf(
            inputs.Rank != 3,
            $"Inputs must be (T, B, I); got {inputs.ShapeText}.",
            nameof(inputs)
        );
        Name = name;
        Inputs = inputs;
        Targets = targets;
        ClassTargets = classTargets;
        BaselineLoss = baselineLoss;
        BaselineDescription = baselineDescription;
    }

    /// <summary>The task's name, e.g. "adding".</summary>
    public string Name { get; }

    /// <summary>(T, B, I) inputs.</summary>
    public Tensor<T> Inputs { get; }

    /// <summary>(T, B, O) per-step targets, or (B, O) when <see cref="ManyToOne"/>.</summary>
    public Tensor<T> Targets { get; }

    /// <summary>(T, B) class ids for classification tasks (−1 = no loss at that step), else null.</summary>
    public int[]? ClassTargets { get; }

    /// <summary>
    /// The loss of the best model that ignores the inputs' history (mean squared error for
    /// regression, cross-entropy in nats for classification): a trained RNN must go below it.
    /// </summary>
    public double BaselineLoss { get; }

    /// <summary>What the baseline model does, in words.</summary>
    public string BaselineDescription { get; }

    /// <summary>T, the number of steps.</summary>
    public int Steps => Inputs.Shape[0];

    /// <summary>B, the batch size.</summary>
    public int Batch => Inputs.Shape[1];

    /// <summary>I, the input size.</summary>
    public int InputSize => Inputs.Shape[2];

    /// <summary>O, the target size.</summary>
    public int OutputSize => Targets.Shape[^1];

    /// <summary>True when the target is only given after the last step (Targets is (B, O)).</summary>
    public bool ManyToOne => Targets.Rank == 2;
}
