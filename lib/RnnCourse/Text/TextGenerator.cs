// Decoding from any ILanguageModel: prime with a prefix, then repeatedly pick a next token and
// feed it back. Picking rules:
//   greedy        j* = argmax_j z_j (deterministic, tends to loop: "de la de la de la…");
//   temperature   P(j) ∝ exp(z_j / τ): τ < 1 sharpens towards greedy, τ > 1 flattens to uniform;
//   top-k         keep the k largest z_j, renormalise, sample (Fan et al., 2018): no rare junk.

namespace RnnCourse.Text;

/// <summary>How the next token is chosen from the logits.</summary>
/// <param name="Temperature">τ &gt; 0; 1 samples the model's own distribution (default), 0.5–0.8 reads better.</param>
/// <param name="TopK">Sample only among the k most likely tokens; 0 = all (default).</param>
/// <param name="Greedy">Always take the most likely token (ignores τ and k; no randomness).</param>
public sealed record SamplingOptions(double Temperature = 1.0, int TopK = 0, bool Greedy = false)
{
    /// <summary>Greedy decoding.</summary>
    public static SamplingOptions ArgMax { get; } = new(Greedy: true);
}

/// <summary>Greedy decoding and sampling with temperature and top-k from an <see cref="ILanguageModel"/>.</summary>
public static class TextGenerator
{
    /// <summary>
    /// Resets <paramref name="model"/>, feeds it the <paramref name="prime"/> ids (at least one;
    /// e.g. &lt;bos&gt; or the prompt's ids), then generates <paramref name="count"/> ids, stopping
    /// early after <paramref name="stopToken"/> if given. Returns the generated ids only.
    /// </summary>
    public static int[] Generate(
        ILanguageModel model,
        ReadOnlySpan<int> prime,
        int count,
        SamplingOptions options,
        Rng rng,
        int? stopToken = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        ShapeCheck.InvalidIf(
            prime.IsEmpty,
            "The prime is empty; a model needs at least one token to predict from. Pass <bos> or a prompt's ids.",
            nameof(prime)
        );
        ShapeCheck.OutOfRangeIf(
            count < 0,
            count,
            "The number of tokens to generate cannot be negative."
        );
        var logits = new float[model.VocabularySize];
        model.Reset();
        foreach (int id in prime)
        {
            model.Observe(id, logits);
        }
        var output = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            int next = Pick(logits, options, rng);
            output.Add(next);
            if (next == stopToken)
            {
                break;
            }
            if (i + 1 < count)
            {
                model.Observe(next, logits);
            }
        }
        return output.ToArray();
    }

    /// <summary>Generates text: encodes <paramref name="prompt"/> with the codec, generates, decodes prompt + continuation.</summary>
    public static string Generate(
        ILanguageModel model,
        TextCodec codec,
        string prompt,
        int count,
        SamplingOptions options,
        Rng rng
    )
    {
        ArgumentNullException.ThrowIfNull(codec);
        int[] prime = codec.Encode(prompt);
        if (prime.Length == 0 && codec.Vocabulary.HasReserved)
        {
            prime = [codec.Vocabulary.BosId];
        }
        int[] generated = Generate(
            model,
            prime,
            count,
            options,
            rng,
            codec.Vocabulary.HasReserved ? codec.Vocabulary.EosId : null
        );
        return codec.Decode([.. prime, .. generated]);
    }

    /// <summary>Chooses one id from <paramref name="logits"/> according to <paramref name="options"/>.</summary>
    public static int Pick(ReadOnlySpan<float> logits, SamplingOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        ShapeCheck.InvalidIf(
            logits.IsEmpty,
            "The logits are empty; V must be at least 1.",
            nameof(logits)
        );
        if (options.Greedy)
        {
            return ArgMax(logits);
        }
        if (!(options.Temperature > 0) || double.IsInfinity(options.Temperature))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"Temperature {options.Temperature} must be a positive finite number; for τ → 0 use Greedy = true."
            );
        }
        if (options.TopK < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                $"TopK {options.TopK} cannot be negative; 0 means all tokens."
            );
        }
        // Threshold: the k-th largest logit (ties at the threshold are all kept).
        float threshold = float.NegativeInfinity;
        if (options.TopK > 0 && options.TopK < logits.Length)
        {
            var sorted = logits.ToArray();
            Array.Sort(sorted);
            threshold = sorted[^options.TopK];
        }
        float max = float.NegativeInfinity;
        foreach (float z in logits)
        {
            max = Math.Max(max, z);
        }
        var weights = new double[logits.Length];
        for (int j = 0; j < logits.Length; j++)
        {
            weights[j] =
                logits[j] >= threshold ? Math.Exp((logits[j] - max) / options.Temperature) : 0;
        }
        return rng.Categorical<double>(weights);
    }

    /// <summary>The index of the largest logit (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int j = 1; j < logits.Length; j++)
        {
            if (logits[j] > logits[best])
            {
                best = j;
            }
        }
        return best;
    }
}
