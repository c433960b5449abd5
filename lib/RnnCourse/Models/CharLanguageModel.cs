// The character-level language model of the engine benchmarks and of min-char-rnn, at full
// speed: token ids in (one-hot, I = V), one recurrent layer, a linear readout to V logits,
// softmax cross-entropy over ALL steps, full BPTT. It computes the loss and the gradients only;
// the Trainer clips them and runs the optimizer, as for every other model.
// Every buffer is allocated in the constructor (and the engine's workspace on the first call),
// so with the FusedEngine a steady-state Trainer.TrainStep allocates 0 bytes (asserted by a test).
// At B ≥ CharLanguageModelOptions.SplitBatch the batch is cut into two parts
// (CharLanguageModel.Part.cs) that each run the whole forward and backward of their rows, one per
// core with MaxThreads = 2, in sequence with 1: the same arithmetic either way, so one and two
// threads give the same bytes.
// Shapes: ids/targets (T × B), hs (T·B × H), logits (T·B × V), Why (V × H), by (V).
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Models;

/// <summary>A one-layer char model whose loss and gradients allocate nothing (see the file header).</summary>
public sealed partial class CharLanguageModel : ITrainableModel<float, TokenBatch>
{
    private readonly ParameterSlot _why,
        _by;
    private readonly Part[] _parts;

    /// <summary>Builds the model for batches of <paramref name="steps"/> × <paramref name="batch"/> tokens.</summary>
    /// <param name="cell">The recurrent cell; its InputSize is the vocabulary V.</param>
    /// <param name="steps">T per batch.</param>
    /// <param name="batch">B per batch.</param>
    /// <param name="engine">
    /// The engine factory, called once per batch part (default: a single-threaded
    /// <see cref="FusedEngine"/>: the parts are what runs on the two cores).
    /// </param>
    /// <param name="options">Threads, batch split and phase timer (default: two threads from B = 16).</param>
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
    /// those of the caller's batch part (with two parts on two cores, the other part runs alongside).
    /// </summary>
    public static IReadOnlyList<string> PhaseNames { get; } =
    [
        "copy ids",
        "engine forward",
        "readout forward + loss",
        "readout backward",
        "engine backward",
        "other part + grad sum",
    ];

    /// <summary>Bytes of parameters + gradients (the optimizer's state is the optimizer's).</summary>
    public long ModelBytes => 4L * 2L * Parameters.Count;

    /// <summary>
    /// Bytes of the step's activations and scratch: per batch part its logits, their gradient,
    /// ∂L/∂hs and engine workspace; with two parts, the second part's gradient buffer.
    /// </summary>
    public long ActivationBytes =>
        _parts.Sum(part => part.ActivationBytes) + (_parts.Length > 1 ? 4L * Parameters.Count : 0);

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
        var work = new PartsWork(_parts, batch.Inputs, batch.Targets, scale, timer);
        if (_parts.Length == 1)
        {
            work.Execute(0);
        }
        else if (Options.MaxThreads >= 2)
        {
            WorkerPair.Shared.Run(ref work);
        }
        else
        {
            work.Execute(0);
            work.Execute(1);
        }
        float lossSum = _parts[0].LossSum;
        if (_parts.Length > 1)
        {
            // The one exchange between the parts: part 1's gradient into part 0's (= Parameters.Grads).
            lossSum += _parts[1].LossSum;
            System.Numerics.Tensors.TensorPrimitives.Add(
                Parameters.Grads,
                _parts[1].P.Grads,
                Parameters.Grads
            );
        }
        timer.Mark(5);
        return lossSum * scale;
    }
}
