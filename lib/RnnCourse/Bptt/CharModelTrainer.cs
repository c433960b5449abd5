// One character-level language model training step, the workload of the engine benchmarks and
// of min-char-rnn: token ids in (one-hot, I = V), one recurrent layer, a linear readout to V
// logits, softmax cross-entropy over ALL steps, full BPTT, clipping, an optimizer update.
// Every buffer is allocated in the constructor (and the engine's workspace on the first step),
// so with the FusedEngine a steady-state Step allocates 0 bytes (asserted by a test).
// Shapes: ids/targets (T × B), hs (T·B × H), logits (T·B × V), Why (V × H), by (V).
using System.Diagnostics;
using RnnCourse.Bptt.Kernels;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Bptt;

/// <summary>The update rule of <see cref="CharModelTrainer"/>.</summary>
public enum CharOptimizer
{
    /// <summary>Plain gradient descent.</summary>
    Sgd,

    /// <summary>Adagrad, min-char-rnn's choice.</summary>
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
    /// 2 (default): at B ≥ 16 the readout GEMMs and, with the default engine, the recurrence use
    /// the second core; 1 keeps the step on one thread. Smaller batches always run on one thread.
    /// </summary>
    public int MaxThreads { get; init; } = 2;
}

/// <summary>A one-layer char model with an allocation-free training step (see the file header).</summary>
public sealed class CharModelTrainer
{
    private readonly IRecurrentEngine<float> _engine;
    private readonly ParameterSlot _why,
        _by;
    private readonly float[] _logits,
        _dLogits;
    private readonly Tensor<float> _dHs;
    private readonly float[] _m,
        _v;
    private readonly float[] _halfLoss = new float[2];
    private readonly float[] _dbySecond;
    private readonly int[] _targets;
    private int _step;

    /// <summary>Builds the model for sequences of <paramref name="steps"/> × <paramref name="batch"/> tokens.</summary>
    /// <param name="cell">The recurrent cell; its InputSize is the vocabulary V.</param>
    /// <param name="steps">T per training step.</param>
    /// <param name="batch">B per training step.</param>
    /// <param name="engine">The engine factory (default: <see cref="FusedEngine.Factory"/>).</param>
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
        _engine = (
            engine
            ?? FusedEngine.FactoryWith(new FusedEngineOptions { MaxThreads = Options.MaxThreads })
        )(cell, slots);
        int rows = steps * batch;
        _logits = new float[rows * Vocabulary];
        _dLogits = new float[rows * Vocabulary];
        _dHs = new Tensor<float>(new float[rows * s], steps, batch, s);
        _dbySecond = new float[Vocabulary];
        _targets = new int[rows];
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

    /// <summary>The phases <see cref="PhaseTicks"/> times, in order.</summary>
    internal static readonly string[] PhaseNames =
    [
        "zero grads",
        "engine forward",
        "readout forward + loss",
        "readout backward",
        "engine backward",
        "grad norm + clip",
        "optimizer",
    ];

    /// <summary>
    /// For the benchmarks' engine-profile: when set (one slot per <see cref="PhaseNames"/>),
    /// each Step adds the Stopwatch ticks it spent in each phase. Null (the default) times nothing.
    /// </summary>
    internal long[]? PhaseTicks { get; set; }

    /// <summary>The global gradient norm of the last step, before clipping.</summary>
    public float LastGradNorm { get; private set; }

    /// <summary>Bytes of parameters + gradients + optimizer state.</summary>
    public long ModelBytes => 4L * (2L * Parameters.Count + _m.Length + _v.Length);

    /// <summary>Bytes of the step's activations and scratch (logits, their gradient, ∂L/∂hs, the engine's workspace).</summary>
    public long ActivationBytes =>
        4L * (_logits.Length + _dLogits.Length + _dHs.Length)
        + (_engine is FusedEngine f ? f.WorkspaceBytes : 0);

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
        var p = Parameters;
        long mark = PhaseTicks is null ? 0 : Stopwatch.GetTimestamp();
        p.ZeroGrad();
        mark = Mark(0, mark);
        int rows = Steps * Batch,
            v = Vocabulary,
            s = _engine.Config.StateSize;
        // Same rule as the engine: the second core only at B ≥ 16; one thread stays the default at B = 1.
        var workers = Options.MaxThreads >= 2 && Batch >= 16 ? WorkerPair.Shared : null;

        // Forward: recurrence, then the readout over all T·B rows at once.
        var f = _engine.Forward(p, inputs);
        mark = Mark(1, mark);
        var why = p.Value(_why);
        Gemm.ABt(rows, s, v, f.Hs.Data, why, _logits, false, workers);
        // Bias, softmax cross-entropy and ∂L/∂by over two halves of the rows: one per core at
        // B ≥ 16, else one after the other; the halves are combined in the same order either way.
        int counted = Activations.CountTargets(targets, v);
        targets.CopyTo(_targets); // the halves may run on the worker thread: no spans across
        var halves = new ReadoutHalves(this, p, counted == 0 ? 0f : 1f / counted);
        if (workers is { IsParallel: true, IsBusy: false })
        {
            workers.Run(ref halves);
        }
        else
        {
            halves.Execute(0);
            halves.Execute(1);
        }
        float loss = (_halfLoss[0] + _halfLoss[1]) * halves.Scale;
        System.Numerics.Tensors.TensorPrimitives.Add(p.Grad(_by), _dbySecond, p.Grad(_by));
        mark = Mark(2, mark);

        // Backward: readout gradients by one GEMM each, then BPTT.
        Gemm.AtB(v, rows, s, _dLogits, f.Hs.Data, p.Grad(_why), true, workers);
        Gemm.AB(rows, v, s, _dLogits, why, _dHs.Data, false, workers);
        mark = Mark(3, mark);
        _engine.Backward(p, f, _dHs);
        mark = Mark(4, mark);

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
        mark = Mark(5, mark);
        _step++;
        switch (Options.Optimizer)
        {
            case CharOptimizer.Adam:
                OptimizerKernels.Adam(p.Values, p.Grads, _m, _v, _step, Options.LearningRate);
                break;
            case CharOptimizer.Adagrad:
                OptimizerKernels.Adagrad(p.Values, p.Grads, _m, Options.LearningRate);
                break;
            default:
                OptimizerKernels.Sgd(p.Values, p.Grads, Options.LearningRate);
                break;
        }
        Mark(6, mark);
        return loss;
    }

    /// <summary>Adds the ticks since <paramref name="since"/> to phase <paramref name="phase"/>; returns now (0 when not timing).</summary>
    private long Mark(int phase, long since)
    {
        if (PhaseTicks is null)
        {
            return 0;
        }
        long now = Stopwatch.GetTimestamp();
        PhaseTicks[phase] += now - since;
        return now;
    }

    /// <summary>
    /// Part 0: rows [0, R/2) of the readout, ∂L/∂by into the gradient; part 1: rows [R/2, R),
    /// ∂L/∂by into a scratch row the caller adds afterwards. Each writes its loss sum.
    /// </summary>
    private readonly struct ReadoutHalves(
        CharModelTrainer owner,
        ParameterSet<float> p,
        float scale
    ) : IPairWork
    {
        public float Scale => scale;

        public void Execute(int part)
        {
            int rows = owner.Steps * owner.Batch,
                v = owner.Vocabulary,
                half = rows / 2,
                r0 = part == 0 ? 0 : half,
                r1 = part == 0 ? half : rows;
            var by = p.Value(owner._by);
            var dby = part == 0 ? p.Grad(owner._by) : owner._dbySecond.AsSpan();
            if (part == 1)
            {
                dby.Clear();
            }
            for (int r = r0; r < r1; r++)
            {
                var row = owner._logits.AsSpan(r * v, v);
                System.Numerics.Tensors.TensorPrimitives.Add(row, by, row);
            }
            owner._halfLoss[part] = Activations.SoftmaxCrossEntropySum<float>(
                r1 - r0,
                v,
                owner._logits.AsSpan(r0 * v, (r1 - r0) * v),
                owner._targets.AsSpan(r0, r1 - r0),
                owner._dLogits.AsSpan(r0 * v, (r1 - r0) * v),
                scale
            );
            for (int r = r0; r < r1; r++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(
                    dby,
                    owner._dLogits.AsSpan(r * v, v),
                    dby
                );
            }
        }
    }
}
