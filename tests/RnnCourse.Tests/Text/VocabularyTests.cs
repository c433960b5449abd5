using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class VocabularyTests
{
    private static readonly string[] Tokens = ["de", "la", "de", "mancha", "de", "la", "rocín"];

    [Fact]
    public void Build_Default_ReservedFirstThenByFrequency()
    {
        var v = Vocabulary.Build(Tokens);
        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>", "de", "la", "mancha", "rocín"], v.Tokens);
        Assert.Equal((0, 1, 2, 3), (v.PadId, v.UnkId, v.BosId, v.EosId));
    }

    [Fact]
    public void Build_MinFrequency_RareTokensMapToUnk()
    {
        var v = Vocabulary.Build(Tokens, new(MinFrequency: 2));
        Assert.Equal(6, v.Count);
        Assert.Equal([4, 5, 1, 1], v.Encode(["de", "la", "mancha", "quijote"]));
    }

    [Fact]
    public void Build_MaxSizeAndFirstAppearance_KeepsMostFrequentInTextOrder()
    {
        var v = Vocabulary.Build(
            ["b", "a", "a", "c", "c", "c"],
            new(MaxSize: 6, Order: VocabularyOrder.FirstAppearance)
        );
        Assert.Equal(["<pad>", "<unk>", "<bos>", "<eos>", "a", "c"], v.Tokens);
    }

    [Fact]
    public void Build_WithoutReserved_UnknownTokenThrowsWithFix()
    {
        var v = Vocabulary.Build(Tokens, new(Reserved: false));
        Assert.Equal(0, v.IdOf("de"));
        var e = Assert.Throws<KeyNotFoundException>(() => v.IdOf("quijote"));
        Assert.Contains("Reserved = true", e.Message);
    }

    [Fact]
    public void EncodeDecode_RoundTrip()
    {
        var v = Vocabulary.Build(Tokens);
        Assert.Equal(Tokens, v.Decode(v.Encode(Tokens)));
    }

    [Fact]
    public void ToJson_FromJson_SameVocabulary()
    {
        var v = Vocabulary.Build(Tokens, new(Order: VocabularyOrder.FirstAppearance));
        var w = Vocabulary.FromJson(v.ToJson());
        Assert.Equal(v.Tokens, w.Tokens);
        Assert.True(w.HasReserved);
    }

    [Fact]
    public void FromTokens_Duplicate_ThrowsNamingToken()
    {
        var e = Assert.Throws<ArgumentException>(() => Vocabulary.FromTokens(["a", "b", "a"]));
        Assert.Contains("\"a\"", e.Message);
    }

    [Fact]
    public void Indexer_OutOfRange_ThrowsWithValidRange()
    {
        var v = Vocabulary.Build(Tokens);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => v[8]);
        Assert.Contains("0..7", e.Message);
    }
}

public class TextCodecTests
{
    [Fact]
    public void CharCodec_DecodeEncode_ReturnsNormalizedText()
    {
        const string text = "Don Quijote dijo: «¡Ven acá, Sancho!»\n¿Qué?";
        var codec = TextCodec.ForCharacters(text);
        Assert.Equal(text, codec.Decode(codec.Encode(text)));
    }

    [Fact]
    public void WordCodec_UnknownWord_DecodesAsUnkAndReservedAreDropped()
    {
        var codec = TextCodec.ForWords("de la Mancha");
        int[] ids =
        [
            codec.Vocabulary.BosId,
            .. codec.Encode("de la Sierra"),
            codec.Vocabulary.EosId,
        ];
        Assert.Equal("de la <unk>", codec.Decode(ids));
    }
}
