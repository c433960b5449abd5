// Perplexity and bits per character of a language model on a held-out id sequence.
//   NLL = −(1/N) Σ_t ln P(x_t | x_<t)        (nats per predicted token)
//   perplexity = e^NLL                       (the effective branching factor; uniform over V → V)
//   bits per token = NLL / ln 2
//   bits per character = (Σ_t −log₂ P(x_t | x_<t)) / (characters of the text)
// Bits per character make a word model and a character model comparable on the same text; a
// word model that maps rare words to <unk> looks better than it is, so count the <unk> targets.
using System.Numerics.Tensors;

namespace RnnCourse.Text;

/// <summary>The result of scoring a model on a sequence.</summary>
/// <param name="Predictions">N: how many tokens were scored.</param>
/// <param name="TotalNats">−Σ ln P over the scored tokens.</param>
/// <param name="Characters">Characters of the scored text, for bits per character.</param>
/// <param name="UnknownTargets">How many scored tokens were &lt;unk&gt; (when its id was given).</param>
public sealed record EvaluationResult(
    long Predictions,
    double TotalNats,
    long Characters,
    long UnknownTargets
)
{
    /// <summary>Mean negative log-likelihood in nats per token (the cross-entropy loss).</summary>
    public double MeanNll => Predictions == 0 ? double.NaN : TotalNats / Predictions;

    /// <summary>e^NLL.</summary>
    public double Perplexity => Math.Exp(MeanNll);

    /// <summary>NLL / ln 2.</summary>
    public double BitsPerToken => MeanNll / Math.Log(2);

    /// <summary>Total bits / characters.</summary>
    public double BitsPerCharacter =>
        Characters == 0 ? double.NaN : TotalNats / Math.Log(2) / Characters;
}

/// <summary>Scores an <see cref="ILanguageModel"/> on held-out ids.</summary>
public static class LanguageModelEvaluation
{
    /// <summary>
    /// Resets the model and scores every token of <paramref name="ids"/> after the first, given
    /// the ones before it (N = L − 1 predictions); with <paramref name="startToken"/> (e.g.
    /// &lt;bos&gt;) the model first observes it and the first token is scored too (N = L).
    /// <paramref name="characters"/> is the length of the scored text for bits per character
    /// (null: one character per prediction, right for a character model).
    /// </summary>
    public static EvaluationResult Evaluate(
        ILanguageModel model,
        ReadOnlySpan<int> ids,
        long? characters = null,
        int? startToken = null,
        int? unknownId = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        int first = startToken is null ? 1 : 0;
        ShapeCheck.InvalidIf(
            ids.Length - first < 1,
            $"{ids.Length} ids leave nothing to score; pass at least {first + 1} (or a startToken).",
            nameof(ids)
        );
        int v = model.VocabularySize;
        var logits = new float[v];
        var scratch = new float[v];
        model.Reset();
        if (startToken is int s)
        {
            model.Observe(s, logits);
        }
        else
        {
            model.Observe(ids[0], logits);
        }
        double nats = 0;
        long unknown = 0;
        for (int t = first; t < ids.Length; t++)
        {
            int target = ids[t];
            OneHot.CheckId(target, v);
            nats -= LogSoftmaxAt(logits, target, scratch);
            if (target == unknownId)
            {
                unknown++;
            }
            if (t + 1 < ids.Length)
            {
                model.Observe(target, logits);
            }
        }
        long n = ids.Length - first;
        return new EvaluationResult(n, nats, characters ?? n, unknown);
    }

    /// <summary>
    /// ln softmax(z)[j] = z_j − max − ln Σ_i e^(z_i − max). Vectorised (TensorPrimitives) into
    /// <paramref name="scratch"/> (length ≥ V): a word model has V ≈ 20 000 and is scored once
    /// per token, so this loop dominates evaluation. The sum is accumulated in double.
    /// </summary>
    public static double LogSoftmaxAt(ReadOnlySpan<float> z, int j, Span<float> scratch)
    {
        ShapeCheck.InvalidIf(
            scratch.Length < z.Length,
            $"scratch has length {scratch.Length}; it needs at least V = {z.Length}.",
            nameof(scratch)
        );
        var e = scratch[..z.Length];
        float max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, e);
        TensorPrimitives.Exp(e, e);
        double sum = 0;
        const int chunk = 1024; // float partial sums of ≤ 1024 terms in [0, 1], then double
        for (int i = 0; i < e.Length; i += chunk)
        {
            sum += TensorPrimitives.Sum<float>(e.Slice(i, Math.Min(chunk, e.Length - i)));
        }
        return z[j] - max - Math.Log(sum);
    }
}
