// The reading side of RecurrentLanguageModel (its training side is RecurrentLanguageModel.cs):
// scoring a long stream with the state carried between chunks, scoring the windows of a labeled
// dataset, the hidden states for heatmaps, and the ILanguageModel interface (one token at a time,
// B = 1) through which TextGenerator samples and LanguageModelEvaluation scores it.
// Shapes: ids (N), windows (n × B), logits (rows × V), hidden states (T × H).
using RnnCourse.Text;

namespace RnnCourse.Models;

public sealed partial class RecurrentLanguageModel
{
    /// <summary>
    /// Scores a long id stream the way it was trained: cut into <paramref name="batch"/> contiguous
    /// rows (<see cref="Batching.Sequential"/>), read <paramref name="steps"/> at a time with the
    /// state carried between chunks. Every id after the first of its row is predicted.
    /// <paramref name="characters"/> is the text length for bits per character (null: one per prediction).
    /// With <paramref name="carryState"/> false every chunk starts from zero instead (how a model
    /// trained with a reset every batch sees its input).
    /// </summary>
    public EvaluationResult EvaluateStream(
        ReadOnlySpan<int> ids,
        int batch = 16,
        int steps = 256,
        long? characters = null,
        bool carryState = true
    )
    {
        RecurrentState<float>? state = null;
        double nats = 0;
        long predictions = 0;
        foreach (var b in Batching.Sequential(ids, batch, steps))
        {
            var f = ForwardLogits(b.Inputs, b.Steps, b.Batch, carryState ? state : null);
            state = f.Final.Clone();
            Recycle(f);
            nats += SumNll(b.Steps * b.Batch, b.Targets);
            predictions += b.Steps * b.Batch;
        }
        return new EvaluationResult(predictions, nats, characters ?? predictions, 0);
    }

    /// <summary>
    /// −ln p(target | window) for every window of <paramref name="data"/> (the labeled dataset of
    /// the seeds): each window is read from h0 = 0 and only its target is scored. Returns N values.
    /// </summary>
    public double[] WindowLosses(LabeledDataset data, int batch = 256)
    {
        ArgumentNullException.ThrowIfNull(data);
        ShapeCheck.PositiveSize(batch, nameof(batch));
        int n = data.NGramSize,
            v = VocabularySize;
        var result = new double[data.Count];
        var scratch = new float[v];
        for (int start = 0; start < data.Count; start += batch)
        {
            int b = Math.Min(batch, data.Count - start);
            var inputs = new int[n * b];
            for (int i = 0; i < b; i++)
            {
                var window = data.Input(start + i);
                for (int t = 0; t < n; t++)
                {
                    inputs[t * b + i] = window[t];
                }
            }
            // The last step predicts the target; no backward follows, so the workspace goes back.
            Recycle(ForwardLogits(inputs, n, b, null, firstStep: n - 1));
            for (int i = 0; i < b; i++)
            {
                result[start + i] = -LanguageModelEvaluation.LogSoftmaxAt(
                    _logits.AsSpan(i * v, v),
                    data.Targets[start + i],
                    scratch
                );
            }
        }
        return result;
    }

    /// <summary>
    /// Training batches from windows of the labeled dataset: for the windows listed in
    /// <paramref name="rows"/>, inputs are the n ids of each window and the targets the same ids
    /// shifted by one, ending with the window's label (so every step predicts its next word).
    /// With <paramref name="lastStepOnly"/> only the label is a target (−1 elsewhere). Shape (n, B).
    /// </summary>
    public static TokenBatch WindowBatch(
        LabeledDataset data,
        ReadOnlySpan<int> rows,
        bool lastStepOnly = false
    )
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.NGramSize,
            b = rows.Length;
        ShapeCheck.PositiveSize(b, "rows");
        var inputs = new int[n * b];
        var targets = new int[n * b];
        for (int i = 0; i < b; i++)
        {
            if ((uint)rows[i] >= (uint)data.Count)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(rows),
                    $"Window {rows[i]} does not exist; the dataset has N = {data.Count} windows (0..{data.Count - 1})."
                );
            }
            var window = data.Input(rows[i]);
            for (int t = 0; t < n; t++)
            {
                inputs[t * b + i] = window[t];
                targets[t * b + i] =
                    t == n - 1 ? data.Targets[rows[i]]
                    : lastStepOnly ? -1
                    : window[t + 1];
            }
        }
        return new TokenBatch(inputs, targets, n, b);
    }

    /// <summary>The hidden states h_t (T × H) while reading <paramref name="ids"/> from h0 = 0 (for heatmaps).</summary>
    public Tensor<float> HiddenStates(ReadOnlySpan<int> ids)
    {
        ShapeCheck.PositiveSize(ids.Length, "ids");
        var f = _engine.Forward(Parameters, new TokenIds(ids.ToArray(), ids.Length, 1));
        var hs = f.Hs.Reshape(ids.Length, HiddenSize).Clone();
        Recycle(f);
        return hs;
    }

    /// <inheritdoc />
    public void Reset() => _observeState = RecurrentState<float>.Zeros(Cell, 1);

    /// <inheritdoc />
    public void Observe(int token, Span<float> logits)
    {
        if (logits.Length != VocabularySize)
        {
            throw new ArgumentException(
                $"logits has length {logits.Length}; it must have V = {VocabularySize}.",
                nameof(logits)
            );
        }
        OneHotCheck(token);
        var f = ForwardLogits([token], 1, 1, _observeState);
        _observeState = f.Final.Clone();
        Recycle(f);
        _logits.AsSpan(0, VocabularySize).CopyTo(logits);
    }

    private double SumNll(int rows, int[] targets)
    {
        int v = VocabularySize;
        var scratch = new float[v];
        double nats = 0;
        for (int r = 0; r < rows; r++)
        {
            nats -= LanguageModelEvaluation.LogSoftmaxAt(
                _logits.AsSpan(r * v, v),
                targets[r],
                scratch
            );
        }
        return nats;
    }

    private void OneHotCheck(int token)
    {
        if ((uint)token >= (uint)VocabularySize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(token),
                $"Token id {token} is outside the vocabulary of size V = {VocabularySize} (valid: 0..{VocabularySize - 1})."
            );
        }
    }
}
