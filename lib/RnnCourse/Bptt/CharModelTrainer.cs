// One character-level language model training step, the workload of the engine benchmarks and
// of min-char-rnn: token ids in (one-hot, I = V), one recurrent layer, a linear readout to V
// logits, softmax cross-entropy over ALL steps, full BPTT, clipping, an optimizer update.
// Every buffer is allocated in the constructor (and the engine's workspace on the first step),
// so with the FusedEngine a steady-state Step allocates 0 bytes (asserted by a test).
// At B ≥ CharTrainerOptions.SplitBatch the batch is cut into two parts (CharModelTrainer.Part.cs)
// that each run the whole forward and backward of their rows, one per core with MaxThreads = 2,
// in sequence with 1: the same arithmetic either way, so one and two threads give the same bytes.
// The update is one of the shared OptimizerKernels, with the Training configs' β and ε.
// Shapes: ids/targets (T × B), hs (T·B × H), logits (T·B × V), Why (V × H), by (V).
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Bptt;

/// <summary>A one-layer char model with an allocation-free training step (see the file header).</summary>
public sealed partial class CharModelTrainer
{
    /// <summary>Adam's β₁, β₂, ε and Adagrad's ε: the defaults of the Training configs (PyTorch's).</summary>
    private static readonly AdamConfig DefaultAdam = new();
    private static readonly AdagradConfig DefaultAdagrad = new();

    private readonly ParameterSlot _why,
        _by;
    private readonly Part[] _parts;
    private readonly float[] _m,
        _v;
    private readonly int[] _targets;
    private int _step;

    /// <summary>Builds the model for sequences of <paramref name="steps"/> × <paramref name="batch"/> tokens.</summary>
    /// <param name="cell">The recurrent cell; its InputSize is the vocabulary V.</param>
    /// <param name="steps">T per training step.</param>
    /// <param name="batch">B per training step.</param>
    /// <param name="engine">
    /// The engine factory, called once per batch part (default: a single-threaded
    /// <see cref="FusedEngine"/>: the parts are what runs on the two cores).
    /// </param>
    /// <param name="options">Optimizer and clipping (default: Adam 2e-3, clip norm 5).</param>
    /// <param name="rng">Initialises the weights (PyTorch-uniform for the cell, Xavier for the readout).</param>
    public CharModelTrainer(
        CellConfig cell,
        int steps,
        int batch,
        RecurrentEngineFactory<float>? engine,
        CharTrainerOptions? options,
        Rng rng
    )
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(rng);
        ShapeCheck.PositiveSize(steps, "steps (T)");
        ShapeCheck.PositiveSize(batch, "batch (B)");
        Options = options ?? new CharTrainerOptions();
        Steps = steps;
        Batch = batch;
        Vocabulary = cell.InputSize;
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cell, layout, "rnn.");
        int s = cell.StateSize;
        _why = layout.Add("Why", Vocabulary, s);
        _by = layout.Add("by", Vocabulary);
        Parameters = new ParameterSet<float>(layout);
        CellParameters.Initialize(cell, slots, Parameters, rng);
        rng.FillXavier(Parameters.Value(_why), s, Vocabulary);
        // Each part's engine runs on its part's thread only, so the default engine is single-threaded.
        var factory = engine ?? FusedEngine.FactoryWith(new FusedEngineOptions { MaxThreads = 1 });
        _parts =
            batch >= Math.Max(2, Options.SplitBatch)
                ?
                [
                    new Part(this, cell, slots, factory, Parameters, 0, batch / 2),
                    new Part(
                        this,
                        cell,
                        slots,
                        factory,
                        Parameters.SharingValues(),
                        batch / 2,
                        batch
                    ),
                ]
                : [new Part(this, cell, slots, factory, Parameters, 0, batch)];
        _targets = new int[steps * batch];
        int stateCopies = Options.Optimizer switch
        {
            CharOptimizer.Adam => 2,
            CharOptimizer.Adagrad => 1,
            _ => 0,
        };
        _m = stateCopies >= 1 ? new float[Parameters.Count] : [];
        _v = stateCopies >= 2 ? new float[Parameters.Count] : [];
    }

    /// <summary>The optimizer and clipping settings.</summary>
    public CharTrainerOptions Options { get; }

    /// <summary>All parameters (cell, then Why and by) and their gradients.</summary>
    public ParameterSet<float> Parameters { get; }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>V (= the cell's input size I).</summary>
    public int Vocabulary { get; }

    /// <summary>
    /// The phases of a step in the order a <see cref="CharTrainerOptions.PhaseTimer"/> is told
    /// they end; the first five are those of the caller's batch part (with two parts on two
    /// cores, the other part runs alongside).
    /// </summary>
    public static IReadOnlyList<string> PhaseNames { get; } =
    [
        "copy ids + zero grads",
        "engine forward",
        "readout forward + loss",
        "readout backward",
        "engine backward",
        "other part + grad sum",
        "grad norm + clip",
        "optimizer",
    ];

    /// <summary>The global gradient norm of the last step, before clipping.</summary>
    public float LastGradNorm { get; private set; }

    /// <summary>Bytes of parameters + gradients + optimizer state.</summary>
    public long ModelBytes => 4L * (2L * Parameters.Count + _m.Length + _v.Length);

    /// <summary>
    /// Bytes of the step's activations and scratch: per batch part its logits, their gradient,
    /// ∂L/∂hs and engine workspace; with two parts, the second part's gradient buffer.
    /// </summary>
    public long ActivationBytes =>
        _parts.Sum(part => part.ActivationBytes)
        + 4L * _targets.Length
        + (_parts.Length > 1 ? 4L * Parameters.Count : 0);

    /// <summary>
    /// One training step on <paramref name="inputs"/> (T × B ids) predicting
    /// <paramref name="targets"/> (T·B ids, −1 = ignore): forward, loss, backward, clip, update.
    /// Returns the mean cross-entropy (nats per character) before the update.
    /// </summary>
    public float Step(TokenIds inputs, ReadOnlySpan<int> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Steps != Steps || inputs.Batch != Batch || targets.Length != Steps * Batch)
        {
            throw new ArgumentException(
                $"inputs are ({inputs.Steps}, {inputs.Batch}) with {targets.Length} targets; this trainer was built for (T, B) = ({Steps}, {Batch}) and T·B = {Steps * Batch} targets."
            );
        }
        // Checked here, not only in the parts' engines: the message then names (t, b) in the
        // caller's batch, not in a part of it.
        inputs.RequireVocabulary(Vocabulary);
        var p = Parameters;
        int counted = Activations.CountTargets(targets, Vocabulary);
        float scale = counted == 0 ? 0f : 1f / counted;
        targets.CopyTo(_targets); // the parts may run on the worker thread: no spans across
        var timer = Options.PhaseTimer;
        var work = new PartsWork(_parts, inputs.Ids, _targets, scale, timer);
        var workers = _parts.Length > 1 && Options.MaxThreads >= 2 ? WorkerPair.Shared : null;
        if (_parts.Length == 1)
        {
            work.Execute(0);
        }
        else if (workers is not null)
        {
            workers.Run(ref work);
        }
        else
        {
            work.Execute(0);
            work.Execute(1);
        }
        float lossSum = _parts[0].LossSum;
        if (_parts.Length > 1)
        {
            // The one exchange between the parts: part 1's gradient into part 0's (= p.Grads).
            lossSum += _parts[1].LossSum;
            System.Numerics.Tensors.TensorPrimitives.Add(p.Grads, _parts[1].P.Grads, p.Grads);
        }
        float loss = lossSum * scale;
        timer.Mark(5);
        // Clip, then update.
        LastGradNorm = p.GradNorm();
        switch (Options.Clip)
        {
            case CharClip.GlobalNorm when LastGradNorm > Options.ClipThreshold:
                System.Numerics.Tensors.TensorPrimitives.Multiply(
                    p.Grads,
                    Options.ClipThreshold / LastGradNorm,
                    p.Grads
                );
                break;
            case CharClip.Value:
                System.Numerics.Tensors.TensorPrimitives.Clamp(
                    p.Grads,
                    -Options.ClipThreshold,
                    Options.ClipThreshold,
                    p.Grads
                );
                break;
        }
        timer.Mark(6);
        _step++;
        switch (Options.Optimizer)
        {
            case CharOptimizer.Adam:
                OptimizerKernels.Adam<float>(
                    p.Grads,
                    Options.LearningRate,
                    DefaultAdam.Beta1,
                    DefaultAdam.Beta2,
                    DefaultAdam.Epsilon,
                    _step,
                    _m,
                    _v,
                    p.Values
                );
                break;
            case CharOptimizer.Adagrad:
                OptimizerKernels.Adagrad<float>(
                    p.Grads,
                    Options.LearningRate,
                    DefaultAdagrad.Epsilon,
                    _m,
                    p.Values
                );
                break;
            default:
                OptimizerKernels.Sgd<float>(p.Grads, Options.LearningRate, p.Values);
                break;
        }
        timer.Mark(7);
        return loss;
    }
}
