// Zipf's law for a corpus: token frequency against rank on log–log axes with the least-squares
// line log f = c + slope·log r (slope ≈ −1 for natural text), ties broken by ordinal order so
// the figure is deterministic.
namespace RnnCourse.Charts;

public static partial class CourseCharts
{
    /// <summary>
    /// Zipf's law: word frequency against rank on log–log axes, with the least-squares line
    /// log f = c − s·log r and its exponent s (≈ 1 for natural language; Zipf 1935).
    /// </summary>
    /// <param name="tokens">The tokens (e.g. the words of Don Quijote).</param>
    /// <param name="maxRank">Ranks drawn and fitted (the long tail of hapaxes is flat and noisy).</param>
    /// <exception cref="ArgumentException">Fewer than 2 distinct tokens.</exception>
    public static Figure Zipf(IEnumerable<string> tokens, int maxRank = 5000) =>
        Zipf(
            tokens
                .CountBy(t => t, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => (long)kv.Value),
            maxRank
        );

    /// <summary>Zipf's law from precomputed counts (see <see cref="Zipf(IEnumerable{string}, int)"/>).</summary>
    /// <param name="counts">Token → count.</param>
    /// <param name="maxRank">Ranks drawn and fitted.</param>
    public static Figure Zipf(IReadOnlyDictionary<string, long> counts, int maxRank = 5000)
    {
        if (maxRank < 2)
            throw new ArgumentOutOfRangeException(
                nameof(maxRank),
                maxRank,
                "maxRank must be at least 2."
            );
        // Ties broken by ordinal string order so the figure is deterministic.
        var ranked = counts
            .Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxRank)
            .ToArray();
        if (ranked.Length < 2)
            throw new ArgumentException(
                $"Zipf's plot needs at least 2 distinct tokens, got {ranked.Length}.",
                nameof(counts)
            );
        var rank = Enumerable.Range(1, ranked.Length).Select(r => (double)r).ToArray();
        var freq = ranked.Select(kv => (double)kv.Value).ToArray();
        var (c, slope) = FitLogLog(rank, freq);
        var tokens = Dots("tokens", rank, freq, new(Palette[0], 5)) with
        {
            Text = ranked.Select(kv => kv.Key).ToArray(),
            HoverTemplate = "rank %{x}: '%{text}' × %{y}<extra></extra>",
        };
        var fitName = string.Create(Inv, $"fit: f ∝ r<sup>{slope:0.00}</sup>");
        var fit = rank.Select(r => Math.Pow(10, c + slope * Math.Log10(r)));
        var title = string.Create(
            Inv,
            $"Zipf's law: frequency ∝ rank<sup>−s</sup>, s = {-slope:0.00}"
        );
        return Figure.Of(
            Titled(title, Ax("rank r (log)", "log"), Ax("frequency f (log)", "log")),
            tokens,
            Lines(fitName, rank, fit, 3, dash: "dash")
        );
    }

    /// <summary>Least squares in log10–log10 space: log y = c + slope · log x.</summary>
    internal static (double C, double Slope) FitLogLog(
        IReadOnlyList<double> x,
        IReadOnlyList<double> y
    )
    {
        int n = x.Count;
        double sx = 0,
            sy = 0,
            sxx = 0,
            sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double lx = Math.Log10(x[i]),
                ly = Math.Log10(y[i]);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return ((sy - slope * sx) / n, slope);
    }
}
