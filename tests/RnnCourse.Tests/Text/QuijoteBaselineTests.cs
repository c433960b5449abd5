// The n-gram baseline on the real novel, on the course's fixed split (first 80% train, next 10%
// validation, cut at line ends by TextSplit.SplitText). Runs where RNNCOURSE_DATA_DIR provides
// quijote.txt (CI does); prints the table quoted in docs/text.md:
//   dotnet test tests/RnnCourse.Tests -c Release --filter "FullyQualifiedName~QuijoteBaseline" \
//     --logger "console;verbosity=detailed"
using RnnCourse.Data;
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
