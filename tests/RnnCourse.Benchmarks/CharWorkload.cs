// The benchmarks' workload: a CharLanguageModel and the one Trainer that drives it, with the
// memory figures engine-compare reports (model bytes include the optimizer's state, as they did
// when the step and the update lived in one class).
using RnnCourse.Models;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Benchmarks;

/// <summary>A char model and its trainer; <see cref="Step"/> is one Trainer.TrainStep.</summary>
internal sealed class CharWorkload(CharLanguageModel model, Trainer<float, TokenBatch> trainer)
{
    /// <summary>The model.</summary>
    public CharLanguageModel Model { get; } = model;

    /// <summary>The trainer (optimizer, clipping).</summary>
    public Trainer<float, TokenBatch> Trainer { get; } = trainer;

    /// <summary>Bytes of parameters, gradients and optimizer state.</summary>
    public long ModelBytes =>
        Model.ModelBytes + Trainer.Optimizer.State.Sum(s => 4L * s.Buffer.Length);

    /// <summary>Bytes of the step's activations and scratch.</summary>
    public long ActivationBytes => Model.ActivationBytes;

    /// <summary>One training step; returns the loss before the update.</summary>
    public double Step(TokenBatch data) => Trainer.TrainStep(data).Loss;
}
