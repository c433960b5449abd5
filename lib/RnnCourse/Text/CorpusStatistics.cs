// Corpus statistics for the "look at your data" notebook: token and type counts, n-gram
// frequencies and Zipf's law. Zipf (1935): the frequency of the r-th most common word is roughly
// C / r^s with s ≈ 1, a straight line of slope −s on a log–log rank–frequency plot. Bigrams and
// trigrams are flatter (smaller s) and sparser: most trigrams occur once, the reason an n-gram
// model needs smoothing and an RNN that generalises across contexts can beat it.
namespace RnnCourse.Text;

/// <summary>An n-gram and how often it occurs, with its frequency rank (1 = most frequent).</summary>
/// <param name="Gram">The n tokens.</param>
/// <param name="Count">Occurrences in the corpus.</param>
/// <param name="Rank">Rank by count, 1-based; ties broken by first appearance.</param>
public sealed record NGramCount(IReadOnlyList<string> Gram, long Count, int Rank)
{
    /// <summary>The tokens joined by spaces, e.g. "de la".</summary>
    public string Text => string.Join(' ', Gram);
}

/// <summary>A least-squares fit of log(count) = log(C) − s·log(rank).</summary>
/// <param name="Exponent">s, the Zipf exponent (≈ 1 for words in natural language).</param>
/// <param name="LogConstant">log(C), the intercept in natural log.</param>
/// <param name="RSquared">Coefficient of determination of the log–log fit (1 = a perfect line).</param>
/// <param name="Points">How many (rank, count) points were fitted.</param>
public sealed record ZipfFit(double Exponent, double LogConstant, double RSquared, int Points);

/// <summary>Summary counts of a token stream.</summary>
/// <param name="Tokens">Number of tokens (running words).</param>
/// <param name="Types">Number of distinct tokens.</param>
/// <param name="Hapaxes">Types that occur exactly once (hapax legomena).</param>
public sealed record CorpusSummary(long Tokens, int Types, int Hapaxes)
{
    /// <summary>Types / tokens: lexical variety.</summary>
    public double TypeTokenRatio => Tokens == 0 ? 0 : (double)Types / Tokens;
}

/// <summary>Counts, n-gram frequency tables and Zipf fits over a token list.</summary>
public static class CorpusStatistics
{
    /// <summary>Token, type and hapax counts.</summary>
    public static CorpusSummary Summarize(IReadOnlyList<string> tokens)
    {
        var table = NGramFrequencies(tokens, 1);
        return new CorpusSummary(tokens.Count, table.Count, table.Count(g => g.Count == 1));
    }

    /// <summary>
    /// Every n-gram (n consecutive tokens) with its count, most frequent first (rank 1), ties in
    /// order of first appearance. A list of L tokens has L − n + 1 n-grams (none if L &lt; n).
    /// </summary>
    public static IReadOnlyList<NGramCount> NGramFrequencies(IReadOnlyList<string> tokens, int n)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ShapeCheck.OutOfRangeIf(n < 1, n, "The n-gram size n must be at least 1.");
        var counts = new Dictionary<string, (long Count, int First)>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Count; i++)
        {
            // U+0001 cannot occur in normalised text tokens, so it separates the n tokens safely.
            string key =
                n == 1
                    ? tokens[i]
                    : string.Join('\u0001', Enumerable.Range(i, n).Select(j => tokens[j]));
            ref var e =
                ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
                    counts,
                    key,
                    out bool exists
                );
            e = exists ? (e.Count + 1, e.First) : (1, i);
        }
        return counts
            .OrderByDescending(kv => kv.Value.Count)
            .ThenBy(kv => kv.Value.First)
            .Select((kv, r) => new NGramCount(kv.Key.Split('\u0001'), kv.Value.Count, r + 1))
            .ToList();
    }

    /// <summary>
    /// Fits Zipf's law to a rank–frequency table (from <see cref="NGramFrequencies"/>) by least
    /// squares on (log rank, log count), over ranks up to <paramref name="maxRank"/> (null: all).
    /// The tail of count-1 n-grams is a flat step; cap the rank to fit the informative head.
    /// </summary>
    public static ZipfFit FitZipf(IReadOnlyList<NGramCount> table, int? maxRank = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        int m = Math.Min(table.Count, maxRank ?? int.MaxValue);
        ShapeCheck.InvalidIf(
            m < 2,
            $"A Zipf fit needs at least 2 ranks; got {m}. Use a longer text or a larger maxRank.",
            nameof(table)
        );
        double sx = 0,
            sy = 0,
            sxx = 0,
            sxy = 0,
            syy = 0;
        for (int i = 0; i < m; i++)
        {
            double x = Math.Log(table[i].Rank);
            double y = Math.Log(table[i].Count);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
        }
        double cov = sxy - sx * sy / m;
        double varX = sxx - sx * sx / m;
        double varY = syy - sy * sy / m;
        double slope = cov / varX;
        double intercept = (sy - slope * sx) / m;
        double r2 = varY == 0 ? 1 : cov * cov / (varX * varY);
        return new ZipfFit(-slope, intercept, r2, m);
    }
}
