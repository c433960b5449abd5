// The generating half shared by one-to-many and encoder–decoder models: a recurrent cell whose
// input at step t is the token produced at step t − 1 (a start token <s> at t = 0), with a readout
// to the vocabulary.
//   Training (teacher forcing, Williams & Zipser 1989): the input at t is the TRUE token y_{t−1},
//   so every step learns from a correct prefix and all T steps run as one sequence.
//   Inference (greedy decoding): the input at t is argmax of the model's own output at t − 1,
//   fed back one step at a time; the gap between the two regimes is "exposure bias".
// Shapes: targets (T × B) in 0..V−1 (−1 = padding), decoder inputs (T × B) in 0..V (V = <s>),
// state (B × S), logits (T·B × V).
using RnnCourse.Losses;

namespace RnnCourse.Models;

/// <summary>A token decoder started from a given state: teacher-forced loss and gradients, and greedy decoding.</summary>
public sealed class Decoder<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentLayer<T> _rnn;
    private readonly Linear<T> _readout;

    /// <summary>
    /// Declares the cell's parameters under <paramref name="prefix"/> and the readout
    /// <c>{prefix}out.Why</c>, <c>{prefix}out.by</c> in <paramref name="layout"/>. The cell's input size is
    /// V + 1 (the tokens and the start token) and its initial state is always given by the caller.
    /// </summary>
    public Decoder(
        ParameterLayout layout,
        string prefix,
        CellKind kind,
        int hidden,
        int vocabulary,
        RecurrentEngineFactory<T>? engine = null
    )
    {
        ArgumentNullException.ThrowIfNull(layout);
        ShapeCheck.PositiveSize(vocabulary, "vocabulary (V)");
        Vocabulary = vocabulary;
        var cell = new CellConfig(kind, vocabulary + 1, hidden)
        {
            InitialState = InitialStateMode.Given,
        };
        _rnn = new RecurrentLayer<T>(cell, layout, prefix, engine);
        _readout = new Linear<T>(_rnn.OutputSize, vocabulary, layout, prefix + "out.");
    }

    /// <summary>V: output tokens 0..V−1.</summary>
    public int Vocabulary { get; }

    /// <summary>The start token fed at t = 0 (id V).</summary>
    public int StartToken => Vocabulary;

    /// <summary>The decoder's cell (InputSize = V + 1, initial state given).</summary>
    public CellConfig Cell => _rnn.Config;

    /// <summary>Gate names of LSTM/GRU blocks, for gradient-check reports.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GateMap => _rnn.GateMap;

    /// <summary>Initialises the cell and the readout.</summary>
    public void Initialize(ParameterSet<T> p, Rng rng)
    {
        _rnn.Initialize(p, rng);
        _readout.Initialize(p, rng);
    }

    /// <summary>Teacher-forcing inputs: &lt;s&gt;, y_0, …, y_{T−2} for each sequence.</summary>
    public TokenIds ShiftRight(TokenIds targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        targets.RequireVocabulary(Vocabulary);
        int b = targets.Batch;
        var ids = new int[targets.Ids.Length];
        ids.AsSpan(0, b).Fill(StartToken);
        targets.Ids.AsSpan(0, ids.Length - b).CopyTo(ids.AsSpan(b));
        return new TokenIds(ids, targets.Steps, b);
    }

    /// <summary>
    /// Teacher-forced pass from <paramref name="initial"/>: returns the mean cross-entropy over the
    /// non-padding targets, adds the parameter gradients to <c>p.Grads</c>, and returns ∂L/∂(initial state).
    /// </summary>
    public (T Loss, RecurrentState<T> DInitial) LossAndGradients(
        ParameterSet<T> p,
        TokenIds targets,
        RecurrentState<T> initial
    )
    {
        ArgumentNullException.ThrowIfNull(initial);
        var hs = _rnn.Forward(p, ShiftRight(targets), null, initial);
        var loss = SoftmaxCrossEntropy.PerStep(_readout.Forward(p, hs), targets);
        _rnn.Backward(p, _readout.Backward(p, loss.Gradient), null);
        return (loss.Loss, _rnn.LastGradients!.DInitial);
    }

    /// <summary>
    /// Greedy decoding from <paramref name="initial"/>: at each step feed back the arg-max token.
    /// Returns (steps × B) ids, flat; after a sequence emits <paramref name="endToken"/> its
    /// remaining entries are −1.
    /// </summary>
    public int[] Greedy(
        ParameterSet<T> p,
        RecurrentState<T> initial,
        int steps,
        int? endToken = null
    )
    {
        ArgumentNullException.ThrowIfNull(initial);
        ShapeCheck.PositiveSize(steps, "steps");
        int b = initial.H.Rows;
        var result = new int[steps * b];
        var finished = new bool[b];
        var input = new int[b];
        Array.Fill(input, StartToken);
        var state = initial;
        for (int t = 0; t < steps; t++)
        {
            var hs = _rnn.Forward(p, new TokenIds((int[])input.Clone(), 1, b), null, state);
            state = _rnn.Last!.Value.Final;
            var next = ModelMath.ArgMaxRows(_readout.Forward(p, hs).Reshape(b, Vocabulary));
            for (int k = 0; k < b; k++)
            {
                result[t * b + k] = finished[k] ? -1 : next[k];
                finished[k] |= endToken == next[k];
                input[k] = next[k];
            }
        }
        return result;
    }
}
