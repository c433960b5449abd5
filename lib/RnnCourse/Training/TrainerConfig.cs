// Trainer settings and the reports it emits (per step, per epoch, at the end).
using System.Text.Json.Serialization;

namespace RnnCourse.Training;

/// <summary>How the <see cref="Trainer{T, TBatch}"/> runs.</summary>
/// <param name="Epochs">10: enough passes for the course's small data sets to show a clear curve.</param>
/// <param name="ClipNorm">5: clip the global gradient norm at 5 (Pascanu et al. 2013; min-char-rnn's ±5 bound); null turns it off.</param>
/// <param name="ClipValue">null: clipping by value changes the gradient's direction, so it is off unless asked for.</param>
/// <param name="Schedule">null: constant learning rate; set a <see cref="LearningRateSchedule"/> to decay it.</param>
/// <param name="DivergenceFactor">10: stop when the loss exceeds 10× the first step's loss, far above mini-batch noise (only for a positive first loss; NaN/Inf always stop).</param>
/// <param name="Shuffle">true: reshuffle batch order every epoch (seeded) so the model does not learn the order.</param>
/// <param name="Seed">42: fixes the shuffles; the same seed and model give the same bytes.</param>
/// <param name="KeepHistory">
/// true: every <see cref="StepReport"/> is kept in <see cref="Trainer{T, TBatch}.History"/> and the
/// result of Fit, for charts (a list that grows by doubling: about 56 bytes per step, amortised).
/// false keeps none, so that a step allocates nothing (benchmarks, allocation tests, very long runs);
/// <see cref="Trainer{T, TBatch}.OnStep"/> still sees every report.
/// </param>
/// <param name="TrackParamNorm">
/// true: <see cref="StepReport.ParamNorm"/> is ‖θ‖₂ after each update, one more pass over all
/// parameters per step; false leaves it NaN, for benchmarks where that pass is a measurable share
/// of a small model's step.
/// </param>
public sealed record TrainerConfig(
    int Epochs = 10,
    double? ClipNorm = 5.0,
    double? ClipValue = null,
    LearningRateSchedule? Schedule = null,
    double DivergenceFactor = 10.0,
    bool Shuffle = true,
    ulong Seed = 42,
    bool KeepHistory = true,
    bool TrackParamNorm = true
)
{
    internal void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1.");
        }
        if (ClipNorm is { } n && !(double.IsFinite(n) && n > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(ClipNorm),
                n,
                "ClipNorm must be finite and > 0, or null to turn clipping off."
            );
        }
        if (ClipValue is { } v && !(double.IsFinite(v) && v > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(ClipValue),
                v,
                "ClipValue must be finite and > 0, or null to turn it off."
            );
        }
        if (!(DivergenceFactor > 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(DivergenceFactor),
                DivergenceFactor,
                "DivergenceFactor must be > 1 (use double.PositiveInfinity to only stop on NaN/Inf)."
            );
        }
    }
}

/// <summary>What happened in one optimizer step (emitted to <see cref="Trainer{T, TBatch}.OnStep"/>).</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Step">1-based global step count of the optimizer after this step.</param>
/// <param name="Loss">Mean loss of the batch, before the update.</param>
/// <param name="GradNorm">‖g‖₂ before clipping (above the clip threshold means clipping was active).</param>
/// <param name="ParamNorm">‖θ‖₂ after the update (steady growth can announce divergence); NaN with <see cref="TrainerConfig.TrackParamNorm"/> off.</param>
/// <param name="LearningRate">η used for this step (after the schedule).</param>
/// <param name="Clipped">True if clipping changed the gradient.</param>
public readonly record struct StepReport(
    int Epoch,
    long Step,
    double Loss,
    double GradNorm,
    double ParamNorm,
    double LearningRate,
    bool Clipped
);

/// <summary>Summary of one epoch (emitted to <see cref="Trainer{T, TBatch}.OnEpoch"/>).</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="MeanLoss">Mean of the step losses in this epoch.</param>
/// <param name="ValidationLoss">The validation hook's result, or null without a hook.</param>
/// <param name="Steps">Steps taken in this epoch.</param>
public readonly record struct EpochReport(
    int Epoch,
    double MeanLoss,
    double? ValidationLoss,
    int Steps
);

/// <summary>Why training ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StopReason>))]
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>The loss or the gradient became NaN/Inf, or the loss exceeded DivergenceFactor × its start.</summary>
    Diverged,

    /// <summary>A callback called <see cref="Trainer{T, TBatch}.RequestStop"/>.</summary>
    StoppedByRequest,
}

/// <summary>The outcome of <see cref="Trainer{T, TBatch}.Fit(IBatchSource{TBatch})"/>.</summary>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Message">For divergence: what went wrong and what to try; otherwise a one-line summary.</param>
/// <param name="Steps">Every step report, in order (for charts).</param>
/// <param name="Epochs">Every completed epoch's report.</param>
public sealed record TrainingResult(
    StopReason Reason,
    string Message,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<EpochReport> Epochs
)
{
    /// <summary>True if training stopped because it diverged.</summary>
    public bool Diverged => Reason == StopReason.Diverged;
}
