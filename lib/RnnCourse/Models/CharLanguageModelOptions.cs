// The settings of CharLanguageModel that are the model's own: how its batch is split over the
// cores and the profiler's hook. The update rule, the learning rate and the clipping are the
// Trainer's (OptimizerConfig, TrainerConfig), as for every model.
namespace RnnCourse.Models;

/// <summary>Settings of a <see cref="CharLanguageModel"/>; each default says why.</summary>
public sealed record CharLanguageModelOptions
{
    /// <summary>
    /// Most threads a step uses, its caller's included (through <see cref="Numerics.WorkerPool.Shared"/>).
    /// Default: the processors this process may use (<see cref="Environment.ProcessorCount"/>);
    /// the batch caps it further (one thread per part). 1 runs the parts one after the other.
    /// Any value gives the same bytes: the parts depend on the batch only.
    /// </summary>
    public int MaxThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The threads to run on. Null (default): <see cref="Numerics.WorkerPool.Shared"/>, one thread per
    /// processor. Tests pass their own pool (3 or 4 threads, even on a 2-core machine) to show
    /// that the thread count does not change the bytes.
    /// </summary>
    public Numerics.WorkerPool? Pool { get; init; }

    /// <summary>
    /// From this batch on the model runs as several batch parts (at least 2), each the whole
    /// forward and backward of its rows. 16: each part then has at least 8 sequences, enough
    /// rows per step for the packed GEMM path. <see cref="int.MaxValue"/> keeps one part (tests
    /// compare one part with several that way).
    /// </summary>
    public int SplitBatch { get; init; } = 16;

    /// <summary>
    /// Rows per batch part from B = 2 · PartRows on: B / PartRows parts (the rows shared out
    /// evenly), so B = 64 has work for 4 cores and B = 256 for 16. 16: a part's recurrent
    /// product still fills two 8-row GEMM tiles; smaller parts read Wh once per fewer rows each
    /// step. On one core, B = 64 in parts of 32 instead of 16 measured 1 % faster for an LSTM
    /// with H = 256 and 3 % faster with H = 512 (its 4 MB Wh is read from L3 once per part per
    /// step), where on 4 cores parts of 16 use twice the cores.
    /// </summary>
    public int PartRows { get; init; } = 16;

    /// <summary>
    /// Told when each phase of <see cref="CharLanguageModel.ComputeLossAndGradients"/> ends (a
    /// profiler's hook, see <see cref="IStepPhaseTimer"/>). The default times nothing: an untimed
    /// step reads no clock.
    /// </summary>
    public IStepPhaseTimer PhaseTimer { get; init; } = NoStepPhaseTimer.Instance;
}
