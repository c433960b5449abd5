using RnnCourse.Numerics;
using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class NGramModelTests
{
    // Training ids over V = 3: 0 1 0 1 2. Bigram counts: after 0 → {1: 2}; after 1 → {0: 1, 2: 1}.
    private static readonly int[] Train = [0, 1, 0, 1, 2];

    [Fact]
    public void Probability_Bigram_AddOneHandComputed()
    {
        var m = NGramModel.Train(Train, order: 2, vocabularySize: 3, k: 1);
        Assert.Equal(3.0 / 5, m.Probability([0], 1), 12); // (2 + 1) / (2 + 3)
        Assert.Equal(1.0 / 5, m.Probability([0], 2), 12);
        Assert.Equal(2.0 / 5, m.Probability([1], 0), 12); // (1 + 1) / (2 + 3)
        Assert.Equal(1.0 / 5, m.Probability([1], 1), 12);
    }

    [Fact]
    public void Probability_UnseenContext_BacksOffOrUniform()
    {
        // Context "2" was never followed by anything: back off to unigrams (0: 2, 1: 2, 2: 1 of 5)
        // with add-1 → (c + 1) / 8; without back-off → uniform 1/3.
        var backoff = NGramModel.Train(Train, 2, 3, k: 1);
        Assert.Equal(3.0 / 8, backoff.Probability([2], 0), 12);
        Assert.Equal(2.0 / 8, backoff.Probability([2], 2), 12);
        var pure = NGramModel.Train(Train, 2, 3, k: 1, backoffUnseen: false);
        Assert.Equal(1.0 / 3, pure.Probability([2], 0), 12);
    }

    [Fact]
    public void Observe_Logits_AreLogProbabilitiesSummingToOne()
    {
        var m = NGramModel.Train(Train, 3, 3, k: 0.5);
        var logits = new float[3];
        m.Reset();
        m.Observe(2, logits);
        m.Observe(0, logits); // history (2, 0) unseen as a trigram context → backs off to (0)
        Assert.Equal(1.0, logits.Sum(l => Math.Exp(l)), 5);
        Assert.Equal(Math.Log((2 + 0.5) / (2 + 1.5)), logits[1], 5);
    }

    [Fact]
    public void Evaluate_Bigram_PerplexityHandComputed()
    {
        var m = NGramModel.Train(Train, 2, 3, k: 1);
        // Scoring 0 1 2: P(1|0) = 3/5, P(2|1) = 2/5 → perplexity (0.6·0.4)^(−1/2).
        var r = LanguageModelEvaluation.Evaluate(m, [0, 1, 2]);
        Assert.Equal(2, r.Predictions);
        Assert.Equal(1 / Math.Sqrt(0.24), r.Perplexity, 5);
        Assert.Equal(-(Math.Log2(0.6) + Math.Log2(0.4)) / 2, r.BitsPerCharacter, 5);
    }

    [Fact]
    public void Fit_Twice_LogitsReflectAllCounts()
    {
        var m = NGramModel.Train(Train, 2, 3, k: 1);
        var logits = new float[3];
        m.Observe(0, logits);
        Assert.Equal(Math.Log(3.0 / 5), logits[1], 5);
        m.Fit([0, 2, 0, 2]); // after 0 now: {1: 2, 2: 2}, c(0) = 4
        m.Reset();
        m.Observe(0, logits);
        Assert.Equal(Math.Log(3.0 / 7), logits[1], 5);
        Assert.Equal(Math.Log(3.0 / 7), logits[2], 5);
        Assert.Equal(Math.Log(1.0 / 7), logits[0], 5);
    }

    [Fact]
    public void Observe_ManySuccessors_DenseCacheSameAsFormula()
    {
        // The unigram context sees every token of V = 5: stored densely.
        var m = NGramModel.Train([0, 1, 2, 3, 4, 4], 1, 5, k: 0.5);
        var logits = new float[5];
        m.Observe(3, logits);
        Assert.Equal(Math.Log(1.5 / 8.5), logits[0], 5);
        Assert.Equal(Math.Log(2.5 / 8.5), logits[4], 5);
    }

    [Fact]
    public void Constructor_ZeroK_ThrowsExplainingInfinitePerplexity()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new NGramModel(2, 3, k: 0));
        Assert.Contains("infinite perplexity", e.Message);
    }

    [Fact]
    public void Constructor_OrderTooLargeForKey_ThrowsWithMaximum()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new NGramModel(6, 30000));
        Assert.Contains("order ≤ 5", e.Message);
    }
}

/// <summary>A fixed bigram table: logits depend only on the last token.</summary>
internal sealed class TableModel(float[][] table) : ILanguageModel
{
    public int VocabularySize => table.Length;
    public int Observed { get; private set; }

    public void Reset() => Observed = 0;

    public void Observe(int token, Span<float> logits)
    {
        Observed++;
        table[token].CopyTo(logits);
    }
}

public class TextGeneratorTests
{
    private static readonly float Ln1 = 0f,
        Ln2 = MathF.Log(2),
        Ln3 = MathF.Log(3),
        Ln4 = MathF.Log(4);

    private static TableModel Model() =>
        new([
            [Ln1, Ln2, Ln3, Ln4],
            [Ln4, Ln1, Ln1, Ln1],
            [Ln1, Ln1, Ln1, Ln4],
            [Ln1, Ln1, Ln4, Ln1],
        ]);

    [Fact]
    public void Generate_Greedy_FollowsArgMaxChain()
    {
        // 0 → 3 → 2 → 3 → 2 …
        var ids = TextGenerator.Generate(Model(), [0], 5, SamplingOptions.ArgMax, new Rng(1));
        Assert.Equal([3, 2, 3, 2, 3], ids);
    }

    [Fact]
    public void Generate_Priming_UsesWholePrefixAndReturnsOnlyContinuation()
    {
        var model = Model();
        var ids = TextGenerator.Generate(model, [0, 3, 1], 2, SamplingOptions.ArgMax, new Rng(1));
        Assert.Equal([0, 3], ids); // last prime token 1 → argmax 0 → 3
        Assert.Equal(4, model.Observed); // 3 prime tokens + 1 generated fed back
    }

    [Fact]
    public void Generate_StopToken_StopsAfterIt()
    {
        var ids = TextGenerator.Generate(
            Model(),
            [1],
            10,
            SamplingOptions.ArgMax,
            new Rng(1),
            stopToken: 3
        );
        Assert.Equal([0, 3], ids);
    }

    [Theory]
    [InlineData(1.0, 0, new[] { 0.1, 0.2, 0.3, 0.4 })]
    [InlineData(0.5, 0, new[] { 1 / 30.0, 4 / 30.0, 9 / 30.0, 16 / 30.0 })]
    [InlineData(1.0, 2, new[] { 0, 0, 3 / 7.0, 4 / 7.0 })]
    public void Pick_TemperatureAndTopK_MatchTheoreticalFrequencies(double tau, int k, double[] p)
    {
        float[] logits = [Ln1, Ln2, Ln3, Ln4];
        var rng = new Rng(2024);
        var counts = new int[4];
        const int n = 40000;
        for (int i = 0; i < n; i++)
        {
            counts[TextGenerator.Pick(logits, new SamplingOptions(tau, k), rng)]++;
        }
        for (int j = 0; j < 4; j++)
        {
            double se = Math.Sqrt(p[j] * (1 - p[j]) / n);
            Assert.InRange(counts[j] / (double)n, p[j] - 5 * se - 1e-9, p[j] + 5 * se + 1e-9);
        }
    }

    [Fact]
    public void Generate_SameSeed_SameSample()
    {
        var a = TextGenerator.Generate(Model(), [0], 50, new SamplingOptions(1.3), new Rng(9));
        var b = TextGenerator.Generate(Model(), [0], 50, new SamplingOptions(1.3), new Rng(9));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Generate_EmptyPrime_ThrowsWithFix()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TextGenerator.Generate(Model(), [], 3, new SamplingOptions(), new Rng(1))
        );
        Assert.Contains("<bos>", e.Message);
    }

    [Fact]
    public void Pick_ZeroTemperature_ThrowsSuggestingGreedy()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TextGenerator.Pick([0f, 1f], new SamplingOptions(0), new Rng(1))
        );
        Assert.Contains("Greedy", e.Message);
    }

    [Fact]
    public void Generate_TextOverload_DecodesPromptAndContinuation()
    {
        var codec = TextCodec.ForWords(
            "de la Mancha",
            options: new(Order: VocabularyOrder.FirstAppearance)
        );
        var model = NGramModel.Train(
            codec.Encode("de la Mancha de la Mancha"),
            2,
            codec.VocabularySize,
            k: 0.01
        );
        string s = TextGenerator.Generate(
            model,
            codec,
            "de",
            4,
            SamplingOptions.ArgMax,
            new Rng(1)
        );
        Assert.Equal("de la Mancha de la", s);
    }
}

public class LanguageModelEvaluationTests
{
    private sealed class Uniform(int v) : ILanguageModel
    {
        public int VocabularySize => v;

        public void Reset() { }

        public void Observe(int token, Span<float> logits) => logits.Fill(7f);
    }

    [Fact]
    public void Evaluate_UniformModel_PerplexityEqualsV()
    {
        var r = LanguageModelEvaluation.Evaluate(new Uniform(16), [1, 2, 3, 4, 5]);
        Assert.Equal(4, r.Predictions);
        Assert.Equal(16, r.Perplexity, tolerance: 1e-5);
        Assert.Equal(4, r.BitsPerToken, tolerance: 1e-5);
        Assert.Equal(4, r.BitsPerCharacter, tolerance: 1e-5);
    }

    [Fact]
    public void LogSoftmaxAt_LargeVocabulary_MatchesDoubleFormula()
    {
        var rng = new Rng(5);
        var z = new float[20011];
        rng.FillNormal<float>(z, 0, 4);
        double max = z.Max();
        double lse = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
        var scratch = new float[z.Length];
        foreach (int j in new[] { 0, 777, 20010 })
        {
            Assert.Equal(z[j] - lse, LanguageModelEvaluation.LogSoftmaxAt(z, j, scratch), 4);
        }
    }

    [Fact]
    public void Evaluate_WordModelCharacters_BitsSpreadOverCharacters()
    {
        var r = LanguageModelEvaluation.Evaluate(
            new Uniform(16),
            [1, 2, 1, 3],
            characters: 20,
            startToken: 0,
            unknownId: 1
        );
        Assert.Equal(4, r.Predictions);
        Assert.Equal(16 / 20.0, r.BitsPerCharacter, 6);
        Assert.Equal(2, r.UnknownTargets);
    }
}
