// The settings of CharLanguageModel that are the model's own: how its batch is split over the
// cores and the profiler's hook. The update rule, the learning rate and the clipping are the
// Trainer's (OptimizerConfig, TrainerConfig), as for every model.
namespace RnnCourse.Models;

/// <summary>Settings of a <see cref="CharLanguageModel"/>; each default says why.</summary>
public sealed record CharLanguageModelOptions
{
    /// <summary>
    /// 2 (default): at B ≥ <see cref="SplitBatch"/> the two halves of the batch run on two
    /// cores; 1 runs them one after the other (same result). Smaller batches always run on one
    /// thread: half of a small batch is too little work to repay the hand-off.
    /// </summary>
    public int MaxThreads { get; init; } = 2;

    /// <summary>
    /// From this batch on the model runs as two batch parts (on two cores with MaxThreads = 2).
    /// 16: each core then gets 8 sequences, enough rows per step for the packed GEMM path.
    /// <see cref="int.MaxValue"/> keeps one part (tests compare one part with two that way).
    /// </summary>
    public int SplitBatch { get; init; } = 16;

    /// <summary>
    /// Told when each phase of <see cref="CharLanguageModel.ComputeLossAndGradients"/> ends (a
    /// profiler's hook, see <see cref="IStepPhaseTimer"/>). The default times nothing: an untimed
    /// step reads no clock.
    /// </summary>
    public IStepPhaseTimer PhaseTimer { get; init; } = NoStepPhaseTimer.Instance;
}
