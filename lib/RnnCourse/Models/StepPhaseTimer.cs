// The hook a profiler uses to time the phases of CharLanguageModel's loss and gradients (the
// benchmarks' engine-profile keeps its clock and its tick counters on its own side, and times
// the trainer's share of a step, the norm, clipping and optimizer, around the call). The model
// tells the timer when each phase ends; the default timer does nothing, so an untimed step reads
// no clock.
namespace RnnCourse.Models;

/// <summary>
/// Told when each phase of <see cref="CharLanguageModel.ComputeLossAndGradients"/> ends, in the
/// order of <see cref="CharLanguageModel.PhaseNames"/>. Only the caller's batch part reports its
/// phases (with two parts on two cores, the other part runs alongside).
/// </summary>
public interface IStepPhaseTimer
{
    /// <summary>Phase <paramref name="phase"/> (an index into <see cref="CharLanguageModel.PhaseNames"/>) has just ended; −1: a step starts.</summary>
    void Mark(int phase);
}

/// <summary>The default <see cref="IStepPhaseTimer"/>: times nothing.</summary>
public sealed class NoStepPhaseTimer : IStepPhaseTimer
{
    private NoStepPhaseTimer() { }

    /// <summary>The one instance.</summary>
    public static NoStepPhaseTimer Instance { get; } = new();

    /// <inheritdoc />
    public void Mark(int phase) { }
}
