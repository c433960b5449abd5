using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Models;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Models;

/// <summary>Many-to-many unaligned: encoder–decoder with teacher forcing and greedy decoding.</summary>
public class EncoderDecoderTests
{
    private const int Source = 4; // tokens 0..3
    private const int End = 4; // target vocabulary: 0..3 and the end token 4

    /// <summary>Reverse a sequence of 2 or 3 tokens, then emit the end token (targets padded with −1).</summary>
    private static Seq2SeqBatch Reverse(Rng rng, int size)
    {
        const int ts = 3,
            tt = 4;
        var src = new int[ts * size];
        var tgt = new int[tt * size];
        Array.Fill(src, -1);
        Array.Fill(tgt, -1);
        var lengths = new int[size];
        for (int b = 0; b < size; b++)
        {
            int len = 2 + rng.NextInt(2);
            lengths[b] = len;
            for (int t = 0; t < len; t++)
            {
                src[t * size + b] = rng.NextInt(Source);
            }
            for (int t = 0; t < len; t++)
            {
                tgt[t * size + b] = src[(len - 1 - t) * size + b];
            }
            tgt[len * size + b] = End;
        }
        return new Seq2SeqBatch(
            new TokenIds(src, ts, size),
            SequenceMask.FromLengths(lengths, ts),
            new TokenIds(tgt, tt, size)
        );
    }

    [Theory]
    [InlineData(CellKind.Elman)]
    [InlineData(CellKind.Jordan)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void ComputeLossAndGradients_PassesGradientCheck(CellKind kind)
    {
        var model = new EncoderDecoder<double>(
            new EncoderDecoderConfig(kind, Source, End + 1, 3),
            new Rng(8)
        );
        ModelTestKit.AssertGradientsMatch(model, Reverse(new Rng(9), 3));
    }

    [Fact]
    public void Example_ReverseSequences_LossFallsAndGreedyDecodingReverses()
    {
        var model = new EncoderDecoder<float>(
            new EncoderDecoderConfig(CellKind.Lstm, Source, End + 1, 24),
            new Rng(1)
        );
        var rng = new Rng(5);
        var batches = Enumerable.Range(0, 16).Select(_ => Reverse(rng, 32)).ToList();
        var result = ModelTestKit.Train(model, batches, epochs: 30, learningRate: 0.02);
        ModelTestKit.AssertLossFell(result, 0.2);

        var test = Reverse(new Rng(123), 100);
        var output = model.Translate(test.Source, test.SourceMask, 4, End);
        int exact = 0;
        for (int b = 0; b < 100; b++)
        {
            bool same = true;
            for (int t = 0; t < 4; t++)
            {
                same &= output[t * 100 + b] == test.Target[t, b];
            }
            exact += same ? 1 : 0;
        }
        Assert.True(exact >= 80, $"{exact}/100 sequences reversed exactly");
    }

    [Fact]
    public void ComputeLossAndGradients_MismatchedBatchSizes_Throws()
    {
        var model = new EncoderDecoder<float>(
            new EncoderDecoderConfig(CellKind.Gru, Source, End + 1, 3),
            new Rng(8)
        );
        var batch = new Seq2SeqBatch(
            new TokenIds([0, 1], 1, 2),
            null,
            new TokenIds([0, 1, 2], 1, 3)
        );
        Assert.Contains(
            "pair each source",
            Assert.Throws<ArgumentException>(() => model.ComputeLossAndGradients(batch)).Message
        );
    }
}
