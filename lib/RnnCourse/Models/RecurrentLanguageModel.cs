// A one-layer recurrent language model on the optimized engine, for notebook 05: token ids in
// (one-hot, I = V), one recurrent layer (any cell; LSTM in the notebook), a linear readout to V
// logits, softmax cross-entropy at every step with a target (−1 = none).
//   h_t = cell(x_t, h_{t−1}),  o_t = Why h_t + by,  p(x_{t+1} | x_≤t) = softmax(o_t).
// The Trainer trains it by truncated BPTT over (T, B) batches; the model computes the loss and
// the gradients, the trainer clips them and runs the optimizer. With CarryState the final state
// of one batch is the initial state of the next (stateful training over Batching.Sequential
// batches: row b of batch k+1 continues row b of batch k); the state is a copy, so no gradient
// flows into the previous batch ("detach"). Without it every batch starts from h0 = 0 (reset
// every batch). The trainer's Fit resets the carried state at the start of every epoch.
// The model is also an ILanguageModel (one token at a time, B = 1), so TextGenerator samples from
// it and LanguageModelEvaluation scores it like the n-gram baseline; that side, and the scoring of
// streams and windows, is RecurrentLanguageModel.Scoring.cs (read by evaluation, not training).
// Shapes: ids/targets (T × B), hs (T·B × H), logits (T·B × V), Why (V × H), by (V).
using RnnCourse.Text;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Models;

/// <summary>A one-layer recurrent language model with stateful truncated BPTT (see the file header).</summary>
public sealed partial class RecurrentLanguageModel
    : ILanguageModel,
        ITrainableModel<float, TokenBatch>,
        IStatefulModel
{
    private readonly IRecurrentEngine<float> _engine;
    private readonly WorkerPool? _workers;
    private readonly ParameterSlot _why,
        _by;
    private float[] _logits = [],
        _dLogits = [];
    private Tensor<float>? _dHs;
    private RecurrentState<float>? _carried;
    private RecurrentState<float> _observeState;

    /// <summary>Builds the model and initialises its weights.</summary>
    /// <param name="cell">The recurrent cell; its InputSize is the vocabulary V.</param>
    /// <param name="rng">Initialisation (the cell's own scheme, Xavier for the readout).</param>
    /// <param name="maxThreads">
    /// Most threads the engine and the readout GEMMs use; default: every processor this process
    /// may use (<see cref="Environment.ProcessorCount"/>). Any value gives the same bytes.
    /// </param>
    public RecurrentLanguageModel(CellConfig cell, Rng rng, int? maxThreads = null)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(rng);
        cell.Validate();
        if (cell.Kind == CellKind.Jordan)
        {
            throw new ArgumentException(
                "A Jordan cell feeds back its output, not a hidden state; use Elman, LSTM or GRU for a language model.",
                nameof(cell)
            );
        }
        int threads = maxThreads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(maxThreads));
        Cell = cell;
        MaxThreads = threads;
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cell, layout, "rnn.");
        _why = layout.Add("Why", VocabularySize, HiddenSize);
        _by = layout.Add("by", VocabularySize);
        Parameters = new ParameterSet<float>(layout);
        CellParameters.Initialize(cell, slots, Parameters, rng);
        rng.FillXavier(Parameters.Value(_why), HiddenSize, VocabularySize);
        _engine = new FusedEngine(cell, slots, new FusedEngineOptions { MaxThreads = threads });
        _observeState = RecurrentState<float>.Zeros(cell, 1);
        _workers = threads >= 2 ? WorkerPool.Shared.WithMaxThreads(threads) : null;
    }

    /// <summary>The recurrent cell (InputSize = V).</summary>
    public CellConfig Cell { get; }

    /// <summary>Most threads the engine and the readout use.</summary>
    public int MaxThreads { get; }

    /// <summary>
    /// true (default): a training batch starts from the final state of the previous one when it
    /// has the same B (stateful truncated BPTT over <see cref="Batching.Sequential"/> batches);
    /// false: every training batch starts from h0 = 0 (independent windows, or a reset-every-batch run).
    /// </summary>
    public bool CarryState { get; set; } = true;

    /// <summary>All parameters (cell as <c>rnn.*</c>, then <c>Why</c>, <c>by</c>) and their gradients.</summary>
    public ParameterSet<float> Parameters { get; }

    /// <inheritdoc />
    public int VocabularySize => Cell.InputSize;

    /// <summary>H: hidden units.</summary>
    public int HiddenSize => Cell.HiddenSize;

    /// <summary>
    /// Forward from the carried state (see <see cref="CarryState"/>) or from zero, loss, backward
    /// through these T steps only, on <paramref name="batch"/>. Returns the mean cross-entropy in
    /// nats over the targets ≠ −1 and adds ∂loss/∂θ to <see cref="ParameterSet{T}.Grads"/>
    /// (zeroed by the trainer); the final state is kept for the next batch.
    /// </summary>
    public float ComputeLossAndGradients(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var p = Parameters;
        var f = ForwardLogits(batch.Inputs, batch.Steps, batch.Batch, Initial(batch));
        int rows = batch.Steps * batch.Batch,
            v = VocabularySize,
            h = HiddenSize;
        float loss = Activations.SoftmaxCrossEntropy<float>(
            rows,
            v,
            _logits.AsSpan(0, rows * v),
            batch.Targets,
            _dLogits.AsSpan(0, rows * v)
        );
        _carried = f.Final.Clone(); // detach: a copy, before the engine reuses its buffers
        var workers = Workers(rows);
        var dLogits = _dLogits.AsSpan(0, rows * v);
        Gemm.AtB(v, rows, h, dLogits, f.Hs.Data, p.Grad(_why), true, workers);
        var dby = p.Grad(_by);
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(dby, dLogits.Slice(r * v, v), dby);
        }
        if (_dHs is null || _dHs.Length != rows * h || _dHs.Shape[0] != batch.Steps)
        {
            _dHs = Tensor<float>.Zeros(batch.Steps, batch.Batch, h);
        }
        Gemm.AB(rows, v, h, dLogits, p.Value(_why), _dHs.Data, false, workers);
        _engine.Backward(p, f, _dHs);
        return loss;
    }

    /// <summary>Forgets the carried training state: the next training batch starts from zero.</summary>
    public void ResetState() => _carried = null;

    /// <summary>Evaluation passes have no backward: return their workspace to the engine's pool.</summary>
    private void Recycle(SequenceOutput<float> f)
    {
        if (_engine is FusedEngine fused)
        {
            fused.Recycle(f);
        }
    }

    private RecurrentState<float>? Initial(TokenBatch batch) =>
        CarryState && _carried is not null && _carried.H.Shape[0] == batch.Batch ? _carried : null;

    // Recurrence, then logits = hs·Whyᵀ + by into _logits for the steps firstStep..T−1 only
    // ((T − firstStep)·B × V; scoring a window's target needs only its last step).
    private SequenceOutput<float> ForwardLogits(
        int[] inputs,
        int steps,
        int batch,
        RecurrentState<float>? initial,
        int firstStep = 0
    )
    {
        int rows = (steps - firstStep) * batch,
            v = VocabularySize,
            h = HiddenSize;
        if (_logits.Length < rows * v)
        {
            _logits = new float[rows * v];
            _dLogits = new float[rows * v];
        }
        var f = _engine.Forward(Parameters, new TokenIds(inputs, steps, batch), null, initial);
        var logits = _logits.AsSpan(0, rows * v);
        var hs = f.Hs.Data.AsSpan(firstStep * batch * h, rows * h);
        Gemm.ABt(rows, h, v, hs, Parameters.Value(_why), logits, false, Workers(rows));
        var by = Parameters.Value(_by);
        for (int r = 0; r < rows; r++)
        {
            var row = logits.Slice(r * v, v);
            TensorPrimitives.Add(row, by, row);
        }
        return f;
    }

    private WorkerPool? Workers(int rows) => rows >= 16 ? _workers : null;
}
