// The settings of CharModelTrainer: the update rule, the clipping and the thread count, each
// default with its reason.
namespace RnnCourse.Bptt;

/// <summary>The update rule of <see cref="CharModelTrainer"/>.</summary>
public enum CharOptimizer
{
    /// <summary>Plain gradient descent.</summary>
    Sgd,

    /// <summary>Adagrad, min-char-rnn's choice (PyTorch's formula, ε outside the root; ε = 1e-8).</summary>
    Adagrad,

    /// <summary>Adam (PyTorch's formula and defaults β = (0.9, 0.999), eps = 1e-8).</summary>
    Adam,
}

/// <summary>How <see cref="CharModelTrainer"/> clips gradients before the update.</summary>
public enum CharClip
{
    /// <summary>No clipping.</summary>
    None,

    /// <summary>Scale all gradients so the global L2 norm is at most the threshold (torch.nn.utils.clip_grad_norm_).</summary>
    GlobalNorm,

    /// <summary>Clamp each gradient to [−threshold, threshold] (min-char-rnn's np.clip).</summary>
    Value,
}

/// <summary>Settings of a <see cref="CharModelTrainer"/>; each default says why.</summary>
public sealed record CharTrainerOptions
{
    /// <summary>Adam: the usual default for char models; robust to the learning rate.</summary>
    public CharOptimizer Optimizer { get; init; } = CharOptimizer.Adam;

    /// <summary>2e-3: Adam's sweet spot for char-level RNNs (Karpathy's char-rnn).</summary>
    public float LearningRate { get; init; } = 2e-3f;

    /// <summary>Global-norm clipping: keeps one exploding step from wrecking training.</summary>
    public CharClip Clip { get; init; } = CharClip.GlobalNorm;

    /// <summary>5: the threshold min-char-rnn and char-rnn both use.</summary>
    public float ClipThreshold { get; init; } = 5f;

    /// <summary>
    /// 2 (default): at B ≥ <see cref="SplitBatch"/> the two halves of the batch run on two
    /// cores; 1 runs them one after the other (same result). Smaller batches always run on one
    /// thread: half of a small batch is too little work to repay the hand-off.
    /// </summary>
    public int MaxThreads { get; init; } = 2;

    /// <summary>
    /// From this batch on the step runs as two batch parts (on two cores with MaxThreads = 2).
    /// 16: each core then gets 8 sequences, enough rows per step for the packed GEMM path.
    /// <see cref="int.MaxValue"/> keeps one part (tests compare one part with two that way).
    /// </summary>
    public int SplitBatch { get; init; } = 16;

    /// <summary>
    /// Told when each phase of a step ends (a profiler's hook, see <see cref="IStepPhaseTimer"/>).
    /// The default times nothing: an untimed step reads no clock.
    /// </summary>
    public IStepPhaseTimer PhaseTimer { get; init; } = NoStepPhaseTimer.Instance;
}
