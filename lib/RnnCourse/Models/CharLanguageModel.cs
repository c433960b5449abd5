// The character-level language model of the engine benchmarks and of min-char-rnn, at full
// speed: token ids in (one-hot, I = V), one recurrent layer, a linear readout to V logits,
// softmax cross-entropy over ALL steps, full BPTT. It computes the loss and the gradients only;
// the Trainer clips them and runs the optimizer, as for every other model.
// Every buffer is allocated in the constructor (and the engine's workspace on the first call),
// so with the FusedEngine a steady-state Trainer.TrainStep allocates 0 bytes (asserted by a test).
// At B ≥ CharLanguageModelOptions.SplitBatch the batch is cut into parts of about PartRows rows
// (CharLanguageModel.Part.cs) that each run the whole forward and backward of their rows; the
// pool's threads take the parts one by one, and the parts' gradients are added in part order.
// The partition depends on B only, never on the thread count, so 1, 2, 3 or 16 threads give the
// same bytes.
// Shapes: ids/targets (T × B), hs (T·B × H), logits (T·B × V), Why (V × H), by (V).
using RnnCourse.Text;

namespace RnnCourse.Models;

/// <summary>A one-layer char model whose loss and gradients allocate nothing (see the file header).</summary>
public sealed partial class CharLanguageModel : ITrainableModel<float, TokenBatch>
{
    private readonly ParameterSlot _why,
        _by;
    private readonly Part[] _parts;
    private readonly WorkerPool _workers; // at most MaxThreads threads; with 1, parts run in order here
    private readonly PackedB? _packedWh, // Wh packed once per step for every part's engine
        _packedWhBack;

    // True when the gradients of parts 1, 2, … are zero: new, or cleared by the last step's sum
    // (a step that threw before its sum leaves it false, and the next step zeroes them first).
    private bool _partGradientsZero = true;

    /// <summary>Builds the model for batches of <paramref name="steps"/> × <paramref name="batch"/> tokens.</summary>
    /// <param name="cell">The recurrent cell; its InputSize is the vocabulary V.</param>
    /// <param name="steps">T per batch.</param>
    /// <param name="batch">B per batch.</param>
    /// <param name="engine">
    /// The engine factory, called once per batch part (default: a single-threaded
    /// <see cref="FusedEngine"/>: the parts are what runs on the two cores).
    /// </param>
    /// <param name="options">Threads, batch split and phase timer (default: every core, parts from B = 16).</param>
    /// <param name="rng">Initialises the weights (the cell's scheme, Xavier for the readout).</param>
    public CharLanguageModel(
        CellConfig cell,
        int steps,
        int batch,
        RecurrentEngineFactory<float>? engine,
        CharLanguageModelOptions? options,
        Rng rng
    )
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(rng);
        ShapeCheck.PositiveSize(steps, "steps (T)");
        ShapeCheck.PositiveSize(batch, "batch (B)");
        Options = options ?? new CharLanguageModelOptions();
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
        int count = PartCount(batch, Options);
        _parts = new Part[count];
        for (int i = 0; i < count; i++)
        {
            // Part 0 accumulates into the model's gradient; the others into their own buffers.
            _parts[i] = new Part(
                this,
                cell,
                slots,
                factory,
                i == 0 ? Parameters : Parameters.SharingValues(),
                (int)((long)batch * i / count),
                (int)((long)batch * (i + 1) / count)
            );
        }
        // Every part's forward steps read Wh in the packed GEMM layout (parts have more rows than
        // the small-row kernels take, Jordan aside): pack it once per step for all of them.
        if (
            count >= 2
            && cell.Kind != CellKind.Jordan
            && batch / count > GemmDriver.SmallM
            && _parts.All(part => part.Engine is FusedEngine)
        )
        {
            (_packedWh, _packedWhBack) = (new PackedB(), new PackedB());
            foreach (var part in _parts)
            {
                ((FusedEngine)part.Engine).UseRecurrentWeightsPackedBy(_packedWh, _packedWhBack);
            }
        }
        _workers = (Options.Pool ?? WorkerPool.Shared).WithMaxThreads(
            Math.Max(1, Options.MaxThreads)
        );
    }

    /// <summary>
    /// How many parts a batch of <paramref name="batch"/> rows is cut into: 1 below
    /// <see cref="CharLanguageModelOptions.SplitBatch"/>, else B / PartRows and at least 2. A
    /// function of the batch and the options only, so the bytes never depend on the thread count.
    /// </summary>
    public static int PartCount(int batch, CharLanguageModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return batch < Math.Max(2, options.SplitBatch)
            ? 1
            : Math.Max(2, batch / Math.Max(1, options.PartRows));
    }

    /// <summary>Threads, batch split and phase timer.</summary>
    public CharLanguageModelOptions Options { get; }

    /// <summary>All parameters (cell as <c>rnn.*</c>, then Why and by) and their gradients.</summary>
    public ParameterSet<float> Parameters { get; }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>V (= the cell's input size I).</summary>
    public int Vocabulary { get; }

    /// <summary>
    /// The phases of <see cref="ComputeLossAndGradients"/> in the order a
    /// <see cref="CharLanguageModelOptions.PhaseTimer"/> is told they end; the first five are
    /// those of batch part 0 (the other parts run alongside it on other cores, or after it).
    /// </summary>
    public static IReadOnlyList<string> PhaseNames { get; } =
    [
        "pack Wh + copy ids",
        "engine forward",
        "readout forward + loss",
        "readout backward",
        "engine backward",
        "other parts + grad sum",
    ];

    /// <summary>Bytes of parameters + gradients (the optimizer's state is the optimizer's).</summary>
    public long ModelBytes => 4L * 2L * Parameters.Count;

    /// <summary>
    /// Bytes of the step's activations and scratch: per batch part its logits, their gradient,
    /// ∂L/∂hs and engine workspace; every part after the first, its gradient buffer.
    /// </summary>
    public long ActivationBytes =>
        _parts.Sum(part => part.ActivationBytes) + (_parts.Length - 1) * 4L * Parameters.Count;

    /// <summary>How many batch parts a step runs (see <see cref="PartCount"/>).</summary>
    public int Parts => _parts.Length;

    /// <summary>
    /// Forward and backward on <paramref name="batch"/> (T × B input ids, each target the id to
    /// predict, −1 = ignore): returns the mean cross-entropy (nats per counted character) and
    /// adds ∂loss/∂θ to <see cref="ParameterSet{T}.Grads"/> (zeroed by the trainer).
    /// </summary>
    /// <exception cref="ArgumentException">The batch is not T × B, or an id is outside 0..V−1.</exception>
    public float ComputeLossAndGradients(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Steps != Steps || batch.Batch != Batch)
        {
            throw new ArgumentException(
                $"The batch is (T, B) = ({batch.Steps}, {batch.Batch}); this model was built for (T, B) = ({Steps}, {Batch}).",
                nameof(batch)
            );
        }
        // Checked here, not only in the parts' engines: the message then names (t, b) in the
        // caller's batch, not in a part of it.
        TokenIds.RequireVocabulary(batch.Inputs, Batch, Vocabulary);
        int counted = Activations.CountTargets(batch.Targets, Vocabulary);
        float scale = counted == 0 ? 0f : 1f / counted;
        var timer = Options.PhaseTimer;
        timer.Mark(-1);
        if (_packedWh is not null)
        {
            ((FusedEngine)_parts[0].Engine).PackRecurrentWeights(
                Parameters,
                _packedWh,
                _packedWhBack!
            );
        }
        var work = new PartsWork(
            _parts,
            batch.Inputs,
            batch.Targets,
            scale,
            !_partGradientsZero,
            timer
        );
        _partGradientsZero = false;
        _workers.Run(ref work, _parts.Length);
        float lossSum = 0f;
        foreach (var part in _parts)
        {
            lossSum += part.LossSum;
        }
        if (_parts.Length > 1)
        {
            // The one exchange between the parts: their gradients into part 0's (= Parameters.Grads).
            int slices = Math.Clamp(Parameters.Count / GradientSum.MinSlice, 1, _workers.Threads);
            var sum = new GradientSum(_parts, Parameters.Grads, slices);
            _workers.Run(ref sum, slices);
            _partGradientsZero = true;
        }
        timer.Mark(5);
        return lossSum * scale;
    }
}
