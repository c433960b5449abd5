using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class CorpusStatisticsTests
{
    [Fact]
    public void NGramFrequencies_Bigrams_CountedAndRankedHandComputed()
    {
        // a b a b c a b: bigrams ab, ba, ab, bc, ca, ab → ab ×3, ba ×1, bc ×1, ca ×1.
        string[] tokens = ["a", "b", "a", "b", "c", "a", "b"];
        var table = CorpusStatistics.NGramFrequencies(tokens, 2);
        Assert.Equal(["a b", "b a", "b c", "c a"], table.Select(g => g.Text));
        Assert.Equal([3L, 1, 1, 1], table.Select(g => g.Count));
        Assert.Equal([1, 2, 3, 4], table.Select(g => g.Rank));
        Assert.Equal(6, table.Sum(g => g.Count)); // L − n + 1
    }

    [Fact]
    public void NGramFrequencies_Trigrams_TooShort_Empty()
    {
        Assert.Empty(CorpusStatistics.NGramFrequencies(["a", "b"], 3));
    }

    [Fact]
    public void Summarize_CountsTokensTypesHapaxes()
    {
        var s = CorpusStatistics.Summarize(["de", "la", "de", "mancha"]);
        Assert.Equal(new CorpusSummary(4, 3, 2), s);
        Assert.Equal(0.75, s.TypeTokenRatio);
    }

    [Fact]
    public void FitZipf_ExactPowerLaw_RecoversExponent()
    {
        // count(r) = 400 / r² exactly for r = 1, 2, 4, 5, 10: points lie on a line of slope −2.
        int[] ranks = [1, 2, 4, 5, 10];
        var table = ranks.Select(r => new NGramCount(["w"], 400 / (r * r), r)).ToList();
        var fit = CorpusStatistics.FitZipf(table);
        Assert.Equal(2.0, fit.Exponent, 12);
        Assert.Equal(Math.Log(400), fit.LogConstant, 12);
        Assert.Equal(1.0, fit.RSquared, 12);
    }

    [Fact]
    public void FitZipf_OnePoint_ThrowsWithFix()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CorpusStatistics.FitZipf([new NGramCount(["a"], 3, 1)])
        );
        Assert.Contains("at least 2", e.Message);
    }
}
