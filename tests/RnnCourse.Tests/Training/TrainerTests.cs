using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

public class TrainerTests
{
    private static Trainer<double, int> Make(
        QuadraticModel model,
        OptimizerConfig? opt = null,
        TrainerConfig? cfg = null
    ) =>
        Trainer.Create(
            model,
            (opt ?? new SgdConfig(0.05)).Create(model.Parameters),
            cfg ?? new TrainerConfig(Epochs: 20, ClipNorm: null)
        );

    [Fact]
    public void Fit_Quadratic_ReachesTheMeanTarget()
    {
        var model = new QuadraticModel();
        var result = Make(
                model,
                new SgdConfig(0.02),
                new TrainerConfig(Epochs: 200, ClipNorm: null)
            )
            .Fit(QuadraticModel.Batches);
        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.True(result.Epochs[^1].MeanLoss < result.Epochs[0].MeanLoss / 2);
        // Mean of the targets per coordinate: (2, 2, 2). SGD with a constant step hovers close to it.
        Assert.All(model.Parameters.Values, v => Assert.Equal(2.0, v, 1));
    }

    [Fact]
    public void Fit_CallbacksFirePerStepAndPerEpoch()
    {
        var model = new QuadraticModel();
        var trainer = Make(model, cfg: new TrainerConfig(Epochs: 3, ClipNorm: null));
        var steps = new List<StepReport>();
        var epochs = new List<EpochReport>();
        trainer.OnStep = steps.Add;
        trainer.OnEpoch = epochs.Add;
        int validations = 0;
        trainer.Validate = () => ++validations * 10.0;
        var result = trainer.Fit(QuadraticModel.Batches);
        Assert.Equal(12, steps.Count);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), steps.Select(s => s.Step));
        Assert.Equal([0, 1, 2], epochs.Select(e => e.Epoch));
        Assert.Equal([10.0, 20.0, 30.0], epochs.Select(e => e.ValidationLoss!.Value));
        Assert.Equal(steps, result.Steps);
        Assert.Equal(steps.Take(4).Average(s => s.Loss), epochs[0].MeanLoss, 12);
        Assert.All(steps, s => Assert.True(s.GradNorm > 0 && s.ParamNorm > 0));
    }

    [Fact]
    public void Fit_SameSeed_GivesSameBytes_DifferentSeed_DifferentOrder()
    {
        double[] Run(ulong seed, out List<double> losses)
        {
            var model = new QuadraticModel();
            var t = Make(model, new AdamConfig(0.1), new TrainerConfig(Epochs: 5, Seed: seed));
            losses = t.Fit(QuadraticModel.Batches).Steps.Select(s => s.Loss).ToList();
            return model.Parameters.Values;
        }
        var a = Run(7, out var la);
        var b = Run(7, out var lb);
        Run(8, out var lc);
        Assert.Equal(a, b);
        Assert.Equal(la, lb);
        Assert.NotEqual(la, lc);
    }

    [Fact]
    public void Fit_ShuffleOff_VisitsBatchesInOrder()
    {
        var model = new QuadraticModel();
        var t = Make(model, cfg: new TrainerConfig(Epochs: 1, Shuffle: false, ClipNorm: null));
        var losses = t.Fit(QuadraticModel.Batches).Steps.Select(s => s.Loss).ToArray();
        // At θ = 0, the first batch's loss is ½(1·1 + 3·4 + 10·9) = 51.5.
        Assert.Equal(51.5, losses[0], 12);
    }

    [Fact]
    public void Fit_LearningRateTooHigh_StopsAsDivergedWithAdvice()
    {
        var model = new QuadraticModel();
        // η·a = 0.5·10 = 5 > 2: the stiff coordinate's error grows ×4 per step.
        var result = Make(model, new SgdConfig(0.5), new TrainerConfig(Epochs: 50, ClipNorm: null))
            .Fit(QuadraticModel.Batches);
        Assert.True(result.Diverged);
        Assert.Contains("above 10 × the first loss", result.Message);
        Assert.Contains("lower the learning rate", result.Message);
        Assert.Contains("clip gradients", result.Message);
        Assert.True(result.Steps.Count < 20);
        Assert.All(model.Parameters.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Fit_NaNLoss_StopsWithoutApplyingThatStep()
    {
        var model = new QuadraticModel { Poison = (5, double.NaN) };
        var trainer = Make(model);
        double[]? before = null;
        trainer.OnStep = _ => before = (double[])model.Parameters.Values.Clone();
        var result = trainer.Fit(QuadraticModel.Batches);
        Assert.True(result.Diverged);
        Assert.Contains("the loss is NaN at step 6", result.Message);
        Assert.Equal(5, result.Steps.Count);
        Assert.Equal(before, model.Parameters.Values);
    }

    [Fact]
    public void TrainStep_InfiniteLoss_ThrowsDivergedException()
    {
        var model = new QuadraticModel { Poison = (0, double.PositiveInfinity) };
        var ex = Assert.Throws<TrainingDivergedException>(() => Make(model).TrainStep(0));
        Assert.Contains("Infinity", ex.Message);
        Assert.All(model.Parameters.Values, v => Assert.Equal(0, v));
    }

    [Fact]
    public void TrainStep_KeepHistoryFalse_ReportsEveryStepButKeepsNone()
    {
        var model = new QuadraticModel();
        var trainer = Make(model, cfg: new TrainerConfig(Epochs: 2, KeepHistory: false));
        var seen = new List<StepReport>();
        trainer.OnStep = seen.Add;
        var report = trainer.TrainStep(0);
        var result = trainer.Fit(QuadraticModel.Batches);
        Assert.Equal(1 + 2 * QuadraticModel.Batches.Count, seen.Count);
        Assert.Equal(report, seen[0]);
        Assert.Empty(trainer.History);
        Assert.Empty(result.Steps);
        Assert.Equal(2, result.Epochs.Count);
    }

    [Fact]
    public void TrainStep_TrackParamNormFalse_ReportsNaNAndTheSameUpdate()
    {
        var tracked = new QuadraticModel();
        var lean = new QuadraticModel();
        var a = Make(tracked).TrainStep(0);
        var b = Make(lean, cfg: new TrainerConfig(ClipNorm: null, TrackParamNorm: false))
            .TrainStep(0);
        Assert.True(a.ParamNorm > 0);
        Assert.True(double.IsNaN(b.ParamNorm));
        Assert.Equal(tracked.Parameters.Values, lean.Parameters.Values);
    }

    [Fact]
    public void TrainStep_ClipValueThenNorm_NormClipSeesTheValueClippedGradient()
    {
        // g = (49, 144, 470): by value at 1 → (1, 1, 1), norm √3 ≈ 1.73 > 1.5 → scaled to norm 1.5.
        var (report, moved) = FirstStepFrom50(
            new SgdConfig(1),
            new TrainerConfig(ClipValue: 1, ClipNorm: 1.5)
        );
        Assert.True(report.Clipped);
        Assert.Equal(1.5, moved, 12);
    }

    /// <summary>One step of the quadratic model from θ = 50 (gradients ≫ 1): its report and ‖Δθ‖₂.</summary>
    private static (StepReport Report, double Moved) FirstStepFrom50(
        OptimizerConfig opt,
        TrainerConfig cfg
    )
    {
        var model = new QuadraticModel(start: 50);
        var trainer = Make(model, opt, cfg);
        var before = (double[])model.Parameters.Values.Clone();
        var report = trainer.TrainStep(0);
        double moved = Math.Sqrt(
            before.Zip(model.Parameters.Values, (x, y) => (x - y) * (x - y)).Sum()
        );
        return (report, moved);
    }

    [Fact]
    public void Fit_ClipNorm_BoundsEveryUpdate()
    {
        var (report, moved) = FirstStepFrom50(
            new SgdConfig(0.01),
            new TrainerConfig(Epochs: 1, ClipNorm: 1.0)
        );
        Assert.True(report.Clipped);
        Assert.True(report.GradNorm > 100);
        Assert.Equal(0.01, moved, 12); // η · clip
    }

    [Fact]
    public void Fit_Schedule_SetsTheRateOfEachStep()
    {
        var model = new QuadraticModel();
        var cfg = new TrainerConfig(
            Epochs: 2,
            ClipNorm: null,
            Schedule: new StepDecaySchedule(4, 0.5)
        );
        var steps = Make(model, new SgdConfig(0.04), cfg).Fit(QuadraticModel.Batches).Steps;
        Assert.Equal(
            [0.04, 0.04, 0.04, 0.04, 0.02, 0.02, 0.02, 0.02],
            steps.Select(s => s.LearningRate)
        );
    }

    [Fact]
    public void RequestStop_FromStepCallback_StopsAfterThatStep()
    {
        var model = new QuadraticModel();
        var trainer = Make(model);
        trainer.OnStep = s =>
        {
            if (s.Step == 6)
            {
                trainer.RequestStop();
            }
        };
        var result = trainer.Fit(QuadraticModel.Batches);
        Assert.Equal(StopReason.StoppedByRequest, result.Reason);
        Assert.Equal(6, result.Steps.Count);
    }

    [Fact]
    public void Create_OptimizerOverOtherParameters_Throws()
    {
        var model = new QuadraticModel();
        var other = new SgdConfig().Create(new QuadraticModel().Parameters);
        var ex = Assert.Throws<ArgumentException>(() => Trainer.Create(model, other));
        Assert.Contains("different ParameterSet", ex.Message);
    }

    [Fact]
    public void Create_BadConfig_ThrowsNamingTheField()
    {
        var model = new QuadraticModel();
        var opt = new SgdConfig().Create(model.Parameters);
        Assert.Contains(
            "Epochs",
            Assert
                .Throws<ArgumentOutOfRangeException>(() =>
                    Trainer.Create(model, opt, new TrainerConfig(Epochs: 0))
                )
                .Message
        );
        Assert.Contains(
            "ClipNorm",
            Assert
                .Throws<ArgumentOutOfRangeException>(() =>
                    Trainer.Create(model, opt, new TrainerConfig(ClipNorm: -1))
                )
                .Message
        );
    }

    [Fact]
    public void MeanLoss_AveragesBatchesAndLeavesGradientsZero()
    {
        var model = new QuadraticModel();
        // At θ = 0: batch 0 → ½(1 + 12 + 90) = 51.5, batch 2 → ½(4 + 0 + 40) = 22.
        Assert.Equal((51.5 + 22) / 2, model.MeanLoss([0, 2]), 12);
        Assert.All(model.Parameters.Grads, g => Assert.Equal(0, g));
        Assert.All(model.Parameters.Values, v => Assert.Equal(0, v));
        Assert.Throws<ArgumentException>(() => model.MeanLoss(Array.Empty<int>()));
    }

    [Fact]
    public void Fit_ValidateWithMeanLoss_ReportsFallingValidationLoss()
    {
        var model = new QuadraticModel();
        var trainer = Make(
            model,
            new SgdConfig(0.02),
            new TrainerConfig(Epochs: 5, ClipNorm: null)
        );
        trainer.Validate = () => model.MeanLoss([0, 1, 2, 3]);
        var epochs = trainer.Fit(QuadraticModel.Batches).Epochs;
        Assert.True(epochs[^1].ValidationLoss < epochs[0].ValidationLoss);
    }

    private sealed class CountingResets(QuadraticModel inner)
        : ITrainableModel<double, int>,
            IStatefulModel
    {
        public int Resets { get; private set; }

        public RnnCourse.Numerics.ParameterSet<double> Parameters => inner.Parameters;

        public double ComputeLossAndGradients(int batch) => inner.ComputeLossAndGradients(batch);

        public void ResetState() => Resets++;
    }

    [Fact]
    public void Fit_StatefulModel_IsResetAtEveryEpochStart()
    {
        var model = new CountingResets(new QuadraticModel());
        var trainer = Trainer.Create(
            model,
            new SgdConfig(0.01).Create(model.Parameters),
            new TrainerConfig(Epochs: 3)
        );
        int resetsSeenAtFirstStep = -1;
        trainer.OnStep = s =>
            resetsSeenAtFirstStep = s.Step == 1 ? model.Resets : resetsSeenAtFirstStep;
        trainer.Fit(QuadraticModel.Batches);
        Assert.Equal(3, model.Resets);
        Assert.Equal(1, resetsSeenAtFirstStep);
    }
}
