// The n-gram baseline on the real novel, on the course's fixed split (first 80% train, next 10%
// validation, cut at line ends by TextSplit.SplitText). Runs where RNNCOURSE_DATA_DIR provides
// quijote.txt (CI does); prints the table quoted in docs/text.md:
//   dotnet test tests/RnnCourse.Tests -c Release --filter "FullyQualifiedName~QuijoteBaseline" \
//     --logger "console;verbosity=detailed"
using RnnCourse.Data;
using RnnCourse.Numerics;
using RnnCourse.Text;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Text;

public class QuijoteBaselineTests(ITestOutputHelper output)
{
    private static CorpusText? Novel()
    {
        string? dir = Environment.GetEnvironmentVariable(Quijote.DataDirVariable);
        return string.IsNullOrEmpty(dir)
            ? null
            : Quijote.Load(new QuijoteOptions(AllowDownload: false));
    }

    [Fact]
    public void NGramBaseline_CharLevel_HigherOrderBeatsUnigram()
    {
        var novel = Novel();
        if (novel is null)
        {
            return; // no corpus on this machine; the tiny-corpus tests cover the model
        }
        var parts = TextSplit.SplitText(novel.Text, 0.8, 0.1);
        var codec = TextCodec.ForCharacters(parts.Train);
        int[] train = codec.Encode(parts.Train);
        int[] valid = codec.Encode(parts.Validation);
        output.WriteLine(
            $"char: V = {codec.VocabularySize}, train {train.Length} chars, validation {valid.Length} chars"
        );
        var bpc = new Dictionary<(int, double), double>();
        foreach (
            var (order, k) in new[]
            {
                (1, 0.01),
                (2, 0.01),
                (3, 0.01),
                (4, 0.01),
                (5, 0.01),
                (5, 1.0),
            }
        )
        {
            {
                var model = NGramModel.Train(train, order, codec.VocabularySize, k);
                var r = LanguageModelEvaluation.Evaluate(
                    model,
                    valid,
                    unknownId: codec.Vocabulary.UnkId
                );
                bpc[(order, k)] = r.BitsPerCharacter;
                output.WriteLine(
                    $"char n={order} k={k}: perplexity {r.Perplexity:F3}, bits/char {r.BitsPerCharacter:F3}, <unk> {r.UnknownTargets}"
                );
            }
        }
        Assert.True(bpc[(1, 0.01)] < Math.Log2(codec.VocabularySize)); // unigram beats uniform
        for (int n = 2; n <= 5; n++)
        {
            Assert.True(
                bpc[(n, 0.01)] < bpc[(n - 1, 0.01)],
                $"order {n} should beat order {n - 1}"
            );
        }
        Assert.True(bpc[(5, 0.01)] < bpc[(5, 1.0)]); // Laplace over-smooths sparse 5-grams
        var five = NGramModel.Train(train, 5, codec.VocabularySize, 0.01);
        string sample = TextGenerator.Generate(
            five,
            codec,
            "En un lugar de la Mancha",
            200,
            new SamplingOptions(0.8),
            new Rng(1)
        );
        output.WriteLine("5-gram sample (τ = 0.8, seed 1): " + sample);
        Assert.StartsWith("En un lugar de la Mancha", sample);
    }

    [Fact]
    public void CorpusStatistics_Novel_ZipfExponentsFallFromUnigramsToTrigrams()
    {
        var novel = Novel();
        if (novel is null)
        {
            return;
        }
        var tokens = new WordTokenizer(new(Lowercase: true)).Tokenize(novel.Text);
        var words = tokens.Where(t => char.IsLetterOrDigit(t[0])).ToList();
        var summary = CorpusStatistics.Summarize(words);
        output.WriteLine($"words (lower-case, no punctuation): {summary}");
        var fits = new List<ZipfFit>();
        foreach (int n in new[] { 1, 2, 3 })
        {
            var table = CorpusStatistics.NGramFrequencies(words, n);
            var fit = CorpusStatistics.FitZipf(table, maxRank: 1000);
            fits.Add(fit);
            output.WriteLine(
                $"{n}-grams: {table.Count} types, top: {string.Join(", ", table.Take(5).Select(g => $"\"{g.Text}\" {g.Count}"))}; "
                    + $"Zipf s = {fit.Exponent:F3} (R² {fit.RSquared:F3}, ranks ≤ 1000)"
            );
        }
        Assert.InRange(fits[0].Exponent, 0.8, 1.3); // Zipf's law for words: s ≈ 1
        Assert.True(fits[1].Exponent < fits[0].Exponent && fits[2].Exponent < fits[1].Exponent);
    }

    [Fact]
    public void NGramBaseline_WordLevel_BigramBeatsUnigram()
    {
        var novel = Novel();
        if (novel is null)
        {
            return;
        }
        var parts = TextSplit.SplitText(novel.Text, 0.8, 0.1);
        var codec = TextCodec.ForWords(parts.Train);
        int[] train = codec.Encode(parts.Train);
        int[] valid = codec.Encode(parts.Validation);
        output.WriteLine(
            $"word: V = {codec.VocabularySize}, train {train.Length} tokens, validation {valid.Length} tokens, {parts.Validation.Length} chars"
        );
        var ppl = new Dictionary<(int, double), double>();
        foreach (var (order, k) in new[] { (1, 0.01), (2, 0.01), (3, 0.01) })
        {
            {
                var model = NGramModel.Train(train, order, codec.VocabularySize, k);
                var r = LanguageModelEvaluation.Evaluate(
                    model,
                    valid,
                    characters: parts.Validation.Length,
                    unknownId: codec.Vocabulary.UnkId
                );
                ppl[(order, k)] = r.Perplexity;
                output.WriteLine(
                    $"word n={order} k={k}: perplexity {r.Perplexity:F1}, bits/char {r.BitsPerCharacter:F3}, <unk> {r.UnknownTargets} ({100.0 * r.UnknownTargets / r.Predictions:F1}%)"
                );
            }
        }
        Assert.True(ppl[(2, 0.01)] < ppl[(1, 0.01)]);
    }
}
