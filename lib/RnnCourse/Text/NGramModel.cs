// The count-based baseline an RNN must beat: an n-gram model with add-k (Lidstone) smoothing
// (Jurafsky & Martin, Speech and Language Processing, 3rd ed., §3.5):
//   P(w | h) = (c(h, w) + k) / (c(h) + k·V),   h = the previous n − 1 tokens,
// where c(h, w) counts h followed by w in training and c(h) = Σ_w c(h, w). k = 1 is Laplace.
// Two details make it usable as a baseline:
//   * Short histories: right after Reset there are fewer than n − 1 tokens of context; the model
//     then uses the whole (shorter) history, so counts of every order 1..n are kept.
//   * Unseen histories: with BackoffUnseen (default), a history never seen in training is
//     shortened until it was seen (pure add-k would predict the uniform 1/V there). Each
//     distribution is still an add-k distribution, so probabilities sum to 1.
// Contexts are packed into a ulong key (base V + 1), which bounds n for a given V.
namespace RnnCourse.Text;

/// <summary>An n-gram language model with add-k smoothing; the baseline of the course.</summary>
public sealed class NGramModel : ILanguageModel
{
    private readonly Dictionary<ulong, Successors>[] _counts; // index = context length 0..n−1
    private readonly int[] _history;
    private int _historyLength;
    private int _fitVersion;

    /// <summary>Creates an empty model; call <see cref="Fit"/> with training ids.</summary>
    /// <param name="order">n: the model conditions on n − 1 previous tokens (1 = unigram).</param>
    /// <param name="vocabularySize">V: ids are 0..V−1.</param>
    /// <param name="k">The add-k pseudo-count, &gt; 0 (1 = Laplace; 0.01–0.1 is usually better for large V).</param>
    /// <param name="backoffUnseen">Shorten a history never seen in training instead of predicting uniformly.</param>
    public NGramModel(int order, int vocabularySize, double k = 1.0, bool backoffUnseen = true)
    {
        ShapeCheck.OutOfRangeIf(order < 1, order, "The order n must be at least 1.");
        ShapeCheck.OutOfRangeIf(vocabularySize < 1, vocabularySize, "V must be at least 1.");
        ShapeCheck.OutOfRangeIf(
            !(k > 0) || double.IsInfinity(k),
            k,
            "k must be a positive finite number; k = 0 gives unseen n-grams probability 0 and infinite perplexity."
        );
        double bits = (order - 1) * Math.Log2(vocabularySize + 1.0);
        if (bits > 63)
        {
            throw new ArgumentOutOfRangeException(
                nameof(order),
                $"An order-{order} context over V = {vocabularySize} needs {bits:F0} bits, more than the 63 a key holds. "
                    + $"Use order ≤ {1 + (int)(63 / Math.Log2(vocabularySize + 1.0))} or a smaller vocabulary."
            );
        }
        Order = order;
        VocabularySize = vocabularySize;
        K = k;
        BackoffUnseen = backoffUnseen;
        _counts = new Dictionary<ulong, Successors>[order];
        for (int i = 0; i < order; i++)
        {
            _counts[i] = [];
        }
        _history = new int[Math.Max(order - 1, 0)];
    }

    /// <summary>Trains a model on <paramref name="ids"/> (counts every n-gram of order 1..n).</summary>
    public static NGramModel Train(
        ReadOnlySpan<int> ids,
        int order,
        int vocabularySize,
        double k = 1.0,
        bool backoffUnseen = true
    )
    {
        var model = new NGramModel(order, vocabularySize, k, backoffUnseen);
        model.Fit(ids);
        return model;
    }

    /// <summary>n.</summary>
    public int Order { get; }

    /// <inheritdoc />
    public int VocabularySize { get; }

    /// <summary>The add-k pseudo-count.</summary>
    public double K { get; }

    /// <summary>Whether unseen histories are shortened (see the class comment).</summary>
    public bool BackoffUnseen { get; }

    /// <summary>Adds the n-gram counts of <paramref name="ids"/> (may be called for several documents).</summary>
    public void Fit(ReadOnlySpan<int> ids)
    {
        _fitVersion++; // invalidates cached log-probabilities
        for (int i = 0; i < ids.Length; i++)
        {
            OneHot.CheckId(ids[i], VocabularySize);
            ulong key = 0;
            // Context length c = 0, 1, …: the c tokens before position i.
            for (int c = 0; c < Order && c <= i; c++)
            {
                if (c > 0)
                {
                    key = Append(key, ids[i - c], c - 1);
                }
                var table = _counts[c];
                if (!table.TryGetValue(key, out var s))
                {
                    s = new Successors();
                    table[key] = s;
                }
                s.Add(ids[i]);
            }
        }
    }

    /// <summary>
    /// P(<paramref name="token"/> | <paramref name="context"/>), using the last n − 1 ids of the
    /// context (fewer if it is shorter), with the same back-off as <see cref="Observe"/>.
    /// </summary>
    public double Probability(ReadOnlySpan<int> context, int token)
    {
        OneHot.CheckId(token, VocabularySize);
        var s = Lookup(context);
        long c = s?.Total ?? 0;
        int cw = s is not null && s.Next.TryGetValue(token, out int n) ? n : 0;
        return (cw + K) / (c + K * VocabularySize);
    }

    /// <inheritdoc />
    public void Reset() => _historyLength = 0;

    /// <inheritdoc />
    public void Observe(int token, Span<float> logits)
    {
        OneHot.CheckId(token, VocabularySize);
        ShapeCheck.InvalidIf(
            logits.Length != VocabularySize,
            $"logits has length {logits.Length}; it must have V = {VocabularySize}.",
            nameof(logits)
        );
        if (_history.Length > 0)
        {
            if (_historyLength == _history.Length)
            {
                Array.Copy(_history, 1, _history, 0, _history.Length - 1);
                _historyLength--;
            }
            _history[_historyLength++] = token;
        }
        var s = Lookup(_history.AsSpan(0, _historyLength));
        if (s is null)
        {
            logits.Fill((float)Math.Log(1.0 / VocabularySize)); // (0 + k) / (0 + k·V)
            return;
        }
        s.Prepare(K, VocabularySize, _fitVersion);
        if (s.Dense is not null)
        {
            s.Dense.CopyTo(logits);
            return;
        }
        logits.Fill(s.UnseenLogit);
        for (int i = 0; i < s.Tokens!.Length; i++)
        {
            logits[s.Tokens[i]] = s.LogProbs![i];
        }
    }

    private Successors? Lookup(ReadOnlySpan<int> context)
    {
        int c = Math.Min(context.Length, Order - 1);
        var recent = context[^c..];
        while (true)
        {
            ulong key = 0;
            for (int j = 0; j < c; j++)
            {
                key = Append(key, recent[recent.Length - 1 - j], j);
            }
            if (_counts[c].TryGetValue(key, out var s))
            {
                return s;
            }
            if (!BackoffUnseen || c == 0)
            {
                return null;
            }
            c--;
            recent = recent[1..];
        }
    }

    // The key of a context lists its tokens from the most recent backwards, digit j = token j
    // steps back (+1, so that id 0 differs from "no token").
    private ulong Append(ulong key, int token, int position)
    {
        ulong weight = 1;
        for (int j = 0; j < position; j++)
        {
            weight *= (ulong)VocabularySize + 1;
        }
        return key + ((ulong)token + 1) * weight;
    }

    // Successor counts of one context, plus log-probabilities cached on first use after a Fit
    // (each Observe then costs a fill and a scatter, not |successors| logarithms). A context
    // followed by many distinct tokens (the unigram context of a word model: ~20 000) keeps a
    // dense copy of its whole logit vector instead.
    private sealed class Successors
    {
        public readonly Dictionary<int, int> Next = [];
        public long Total;
        public int PreparedVersion = -1;
        public int[]? Tokens;
        public float[]? LogProbs;
        public float[]? Dense;
        public float UnseenLogit;

        public void Add(int token)
        {
            Next[token] = Next.GetValueOrDefault(token) + 1;
            Total++;
        }

        public void Prepare(double k, int vocabularySize, int version)
        {
            if (PreparedVersion == version)
            {
                return;
            }
            double denominator = Total + k * vocabularySize;
            UnseenLogit = (float)Math.Log(k / denominator);
            Tokens = [.. Next.Keys];
            LogProbs = [.. Tokens.Select(w => (float)Math.Log((Next[w] + k) / denominator))];
            Dense = null;
            if (Tokens.Length * 4 > vocabularySize)
            {
                Dense = new float[vocabularySize];
                Dense.AsSpan().Fill(UnseenLogit);
                for (int i = 0; i < Tokens.Length; i++)
                {
                    Dense[Tokens[i]] = LogProbs[i];
                }
            }
            PreparedVersion = version;
        }
    }
}
