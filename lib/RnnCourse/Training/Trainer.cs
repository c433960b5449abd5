// The training loop, written once for every model: zero grads → loss and gradients → check for
// divergence → clip → schedule η → optimizer step → report. It knows nothing about cells; a model
// only has to implement ITrainableModel. Callbacks per step and per epoch let a notebook update a
// live chart; the Rng seeded from the config makes batch order (and thus the run) reproducible.
using System.Globalization;

namespace RnnCourse.Training;

/// <summary>Type-inferring factory: <c>Trainer.Create(model, optimizer)</c>.</summary>
public static class Trainer
{
    /// <summary>A trainer for <paramref name="model"/> with <paramref name="optimizer"/> (which must update the model's parameters).</summary>
    public static Trainer<T, TBatch> Create<T, TBatch>(
        ITrainableModel<T, TBatch> model,
        Optimizer<T> optimizer,
        TrainerConfig? config = null
    )
        where T : unmanaged, IFloatingPointIeee754<T> => new(model, optimizer, config);
}

/// <summary>Runs epochs of optimizer steps over a batch source, with clipping, schedules, callbacks and divergence detection.</summary>
public sealed class Trainer<T, TBatch>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<StepReport> _steps = [];
    private readonly List<EpochReport> _epochs = [];
    private double _firstLoss = double.NaN;
    private bool _stopRequested;

    /// <summary>Creates a trainer. The optimizer must be bound to the model's <see cref="ITrainableModel{T, TBatch}.Parameters"/>.</summary>
    /// <exception cref="ArgumentException">The optimizer updates a different parameter set.</exception>
    public Trainer(
        ITrainableModel<T, TBatch> model,
        Optimizer<T> optimizer,
        TrainerConfig? config = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ShapeCheck.InvalidIf(
            !ReferenceEquals(model.Parameters, optimizer.Parameters),
            "The optimizer was built over a different ParameterSet than the model's; "
                + $"create it with config.Create(model.Parameters).",
            nameof(optimizer)
        );
        Config = config ?? new TrainerConfig();
        Config.Validate();
        Model = model;
        Optimizer = optimizer;
        Rng = new Rng(Config.Seed);
        BaseLearningRate = optimizer.LearningRate;
    }

    /// <summary>The model being trained.</summary>
    public ITrainableModel<T, TBatch> Model { get; }

    /// <summary>The optimizer (its <see cref="Optimizer{T}.StepCount"/> is the global step).</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The settings.</summary>
    public TrainerConfig Config { get; }

    /// <summary>The seeded generator used for batch shuffles.</summary>
    public Rng Rng { get; }

    /// <summary>η₀, the rate the schedule scales (the optimizer's rate when the trainer was created).</summary>
    public double BaseLearningRate { get; set; }

    /// <summary>Called after every step (e.g. to append a point to a live loss chart).</summary>
    public Action<StepReport>? OnStep { get; set; }

    /// <summary>Called after every epoch, after validation.</summary>
    public Action<EpochReport>? OnEpoch { get; set; }

    /// <summary>Validation hook run at the end of each epoch; its value becomes <see cref="EpochReport.ValidationLoss"/>.</summary>
    public Func<double>? Validate { get; set; }

    /// <summary>
    /// Every step so far (across calls to Fit and TrainStep), kept while
    /// <see cref="TrainerConfig.KeepHistory"/> is true; empty otherwise.
    /// </summary>
    public IReadOnlyList<StepReport> History => _steps;

    /// <summary>Asks the loop to stop after the current step (call it from a callback).</summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>Trains for <see cref="TrainerConfig.Epochs"/> epochs over a list of batches.</summary>
    public TrainingResult Fit(IReadOnlyList<TBatch> batches) =>
        Fit(BatchSource.FromList(batches, Config.Shuffle));

    /// <summary>Trains for <see cref="TrainerConfig.Epochs"/> epochs over <paramref name="source"/>.</summary>
    public TrainingResult Fit(IBatchSource<TBatch> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _stopRequested = false;
        int startSteps = _steps.Count;
        int startEpochs = _epochs.Count;
        for (int epoch = 0; epoch < Config.Epochs; epoch++)
        {
            double sum = 0;
            int count = 0;
            (Model as IStatefulModel)?.ResetState();
            foreach (var batch in source.Batches(epoch, Rng))
            {
                var (report, problem) = Step(batch, epoch);
                if (problem is not null)
                {
                    return Result(StopReason.Diverged, problem, startSteps, startEpochs);
                }
                sum += report.Loss;
                count++;
                if (_stopRequested)
                {
                    return Result(
                        StopReason.StoppedByRequest,
                        $"Stopped on request at step {report.Step}.",
                        startSteps,
                        startEpochs
                    );
                }
            }
            if (count == 0)
            {
                throw new InvalidOperationException(
                    $"The batch source produced no batches in epoch {epoch}; check that it yields at least one."
                );
            }
            double? validation = Validate?.Invoke();
            var epochReport = new EpochReport(epoch, sum / count, validation, count);
            _epochs.Add(epochReport);
            OnEpoch?.Invoke(epochReport);
            if (_stopRequested)
            {
                return Result(
                    StopReason.StoppedByRequest,
                    $"Stopped on request after epoch {epoch}.",
                    startSteps,
                    startEpochs
                );
            }
        }
        var last = _epochs[^1];
        return Result(
            StopReason.Completed,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Completed {Config.Epochs} epochs; last epoch mean loss {last.MeanLoss:G5}."
            ),
            startSteps,
            startEpochs
        );
    }

    /// <summary>
    /// One step on one batch (for hand-written loops). Throws <see cref="TrainingDivergedException"/>
    /// instead of returning a result when the step diverges; the parameters are not updated then.
    /// </summary>
    public StepReport TrainStep(TBatch batch, int epoch = 0)
    {
        var (report, problem) = Step(batch, epoch);
        return problem is null ? report : throw new TrainingDivergedException(problem);
    }

    private (StepReport Report, string? Problem) Step(TBatch batch, int epoch)
    {
        var p = Model.Parameters;
        p.ZeroGrad();
        double loss = double.CreateChecked(Model.ComputeLossAndGradients(batch));
        T norm = p.GradNorm();
        double gradNorm = double.CreateChecked(norm);
        long step = Optimizer.StepCount + 1;
        double lr =
            Config.Schedule?.RateAt(BaseLearningRate, Optimizer.StepCount) ?? BaseLearningRate;

        if (Diverged(loss, gradNorm))
        {
            // The update is skipped: the parameters stay those that produced the last finite loss.
            return (
                new StepReport(epoch, step, loss, gradNorm, double.NaN, lr, false),
                DivergenceMessage(loss, gradNorm, step, epoch, lr)
            );
        }
        if (double.IsNaN(_firstLoss))
        {
            _firstLoss = loss;
        }

        bool clipped = false;
        if (Config.ClipValue is { } maxValue)
        {
            if (GradientClipping.ClipByValue<T>(p.Grads, T.CreateChecked(maxValue)) > 0)
            {
                clipped = true;
                norm = p.GradNorm(); // the norm clip below acts on the value-clipped gradient
            }
        }
        if (Config.ClipNorm is { } maxNorm)
        {
            // The norm is already known: scaling needs no second pass over the gradient.
            clipped |= GradientClipping.ScaleToNorm<T>(p.Grads, norm, T.CreateChecked(maxNorm));
        }
        Optimizer.LearningRate = lr;
        Optimizer.Step();
        var report = new StepReport(
            epoch,
            Optimizer.StepCount,
            loss,
            gradNorm,
            Config.TrackParamNorm ? double.CreateChecked(p.ValueNorm()) : double.NaN,
            lr,
            clipped
        );
        if (Config.KeepHistory)
        {
            _steps.Add(report);
        }
        OnStep?.Invoke(report);
        return (report, null);
    }

    // Checked every step, so it builds no message (a step must not allocate); the message is
    // written only when this says the run diverged.
    private bool Diverged(double loss, double gradNorm) =>
        !double.IsFinite(loss)
        || !double.IsFinite(gradNorm)
        || (_firstLoss > 0 && loss > Config.DivergenceFactor * _firstLoss);

    private string DivergenceMessage(double loss, double gradNorm, long step, int epoch, double lr)
    {
        string where = string.Create(
            CultureInfo.InvariantCulture,
            $"at step {step} (epoch {epoch}, learning rate {lr:G4})"
        );
        string advice =
            " Try: lower the learning rate 3–10×; clip gradients (TrainerConfig.ClipNorm = 1 to 5); "
            + "check the inputs and targets for NaN or out-of-range ids; use a smaller initialisation "
            + "or a gated cell (LSTM/GRU) for long sequences. The parameters were not updated by this step.";
        if (!double.IsFinite(loss))
        {
            return $"Training diverged: the loss is {Text(loss)} {where}.{advice}";
        }
        if (!double.IsFinite(gradNorm))
        {
            return $"Training diverged: the gradient norm is {Text(gradNorm)} {where} (loss {Text(loss)}).{advice}";
        }
        return string.Create(
                CultureInfo.InvariantCulture,
                $"Training diverged: the loss {loss:G5} {where} is above {Config.DivergenceFactor:G3} × the first loss {_firstLoss:G5}."
            ) + advice;
    }

    private static string Text(double v) => v.ToString("G5", CultureInfo.InvariantCulture);

    private TrainingResult Result(
        StopReason reason,
        string message,
        int startSteps,
        int startEpochs
    ) =>
        new(
            reason,
            message,
            _steps.GetRange(startSteps, _steps.Count - startSteps),
            _epochs.GetRange(startEpochs, _epochs.Count - startEpochs)
        );
}

/// <summary>Thrown by <see cref="Trainer{T, TBatch}.TrainStep"/> when a step diverges; the message says what to try.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
