using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class TextNormalizerTests
{
    [Fact]
    public void Normalize_BomCrLfAndDecomposedAccents_BecomeCanonical()
    {
        string raw = "\uFEFFan\u0303o\r\nacci\u00F3n\rfin";
        Assert.Equal("año\nacción\nfin", TextNormalizer.Normalize(raw));
    }

    [Fact]
    public void Normalize_AlreadyCanonical_ReturnsSameText()
    {
        const string s = "¿Quién? ¡Sancho!";
        Assert.Same(s, TextNormalizer.Normalize(s));
    }
}

public class CharTokenizerTests
{
    [Fact]
    public void Tokenize_SpanishLetters_OneTokenEach()
    {
        var tokens = CharTokenizer.Instance.Tokenize("¿Niño? ¡Pingüino!");
        Assert.Equal(
            ["¿", "N", "i", "ñ", "o", "?", " ", "¡", "P", "i", "n", "g", "ü", "i", "n", "o", "!"],
            tokens
        );
    }

    [Theory]
    [InlineData("n\u0303", "\u00F1")] // ñ
    [InlineData("a\u0301", "\u00E1")] // á
    [InlineData("u\u0308", "\u00FC")] // ü
    [InlineData("E\u0301", "\u00C9")] // É
    public void Tokenize_CombiningSequence_EqualsPrecomposed(string combining, string precomposed)
    {
        var a = CharTokenizer.Instance.Tokenize("x" + combining + "y");
        var b = CharTokenizer.Instance.Tokenize("x" + precomposed + "y");
        Assert.Equal(3, a.Count);
        Assert.Equal(b, a);
        Assert.Equal(precomposed, a[1]);
    }

    [Fact]
    public void Tokenize_GraphemeWithoutPrecomposedForm_StaysOneToken()
    {
        // "q" + combining tilde has no precomposed code point: NFC keeps two code points, but the
        // reader sees one character, and so does the tokenizer. Same for an emoji with a modifier.
        var tokens = CharTokenizer.Instance.Tokenize("q\u0303👍🏽!");
        Assert.Equal(["q\u0303", "👍🏽", "!"], tokens);
    }

    [Theory]
    [InlineData("¿Niño? ¡Pingüino! «Sí» —dijo")]
    [InlineData("a\r\nb\rc")]
    [InlineData("e\u0301\u0327x q\u0303 \u00ADz")] // stacked combining marks, soft hyphen
    [InlineData("👨‍👩‍👧 🇪🇸🇲🇽 👍🏽 한국어 क्षि")] // ZWJ family, flags, modifier, Hangul, Devanagari
    [InlineData("x\u200Dy\u200Cz")] // zero-width joiner / non-joiner between letters
    public void Tokenize_FastPath_SameAsReferenceEnumerator(string text)
    {
        Assert.Equal(
            CharTokenizer.TokenizeGraphemesReference(text),
            CharTokenizer.Instance.Tokenize(text)
        );
    }

    [Fact]
    public void Tokenize_WholeNovel_SameAsReferenceEnumerator()
    {
        if (
            string.IsNullOrEmpty(
                Environment.GetEnvironmentVariable(RnnCourse.Data.Quijote.DataDirVariable)
            )
        )
        {
            return; // needs the corpus; the theory above covers the tricky cases
        }
        string text = RnnCourse.Data.Quijote.Load(new(AllowDownload: false)).Text;
        Assert.Equal(
            CharTokenizer.TokenizeGraphemesReference(text),
            CharTokenizer.Instance.Tokenize(text)
        );
    }

    [Fact]
    public void Tokenize_RuneUnit_SplitsCombiningMarkButKeepsSurrogatePairs()
    {
        var tokens = new CharTokenizer(CharUnit.Rune).Tokenize("q\u0303ñ😀");
        Assert.Equal(["q", "\u0303", "ñ", "😀"], tokens);
    }

    [Fact]
    public void Detokenize_AfterTokenize_RoundTripsNormalizedText()
    {
        const string text =
            "En un lugar de la Mancha,\nde cuyo nombre «no quiero» acordarme… ¿Sí? ¡No!";
        var tokens = CharTokenizer.Instance.Tokenize(text);
        Assert.Equal(text, CharTokenizer.Instance.Detokenize(tokens));
    }
}

public class WordTokenizerTests
{
    [Fact]
    public void Tokenize_InvertedMarksAndQuotes_AreSeparateTokens()
    {
        var tokens = new WordTokenizer().Tokenize("¿Quién duda? ¡Oh, «princesa» Dulcinea!...");
        Assert.Equal(
            [
                "¿",
                "Quién",
                "duda",
                "?",
                "¡",
                "Oh",
                ",",
                "«",
                "princesa",
                "»",
                "Dulcinea",
                "!",
                "...",
            ],
            tokens
        );
    }

    [Fact]
    public void Tokenize_DialogueHyphens_BecomeRayaTokens()
    {
        var tokens = new WordTokenizer().Tokenize(
            "-Cualquiera yantaría yo -respondió don Quijote-, porque"
        );
        Assert.Equal(
            [
                "—",
                "Cualquiera",
                "yantaría",
                "yo",
                "—",
                "respondió",
                "don",
                "Quijote",
                "—",
                ",",
                "porque",
            ],
            tokens
        );
    }

    [Fact]
    public void Tokenize_NormalizeDashesOff_KeepsOriginalDash()
    {
        var tokens = new WordTokenizer(new(NormalizeDashes: false)).Tokenize("–Sí -dijo");
        Assert.Equal(["–", "Sí", "-", "dijo"], tokens);
    }

    [Fact]
    public void Tokenize_Lowercase_UsesSpanishRules()
    {
        var tokens = new WordTokenizer(new(Lowercase: true)).Tokenize("ÁNGEL Ñandú Él");
        Assert.Equal(["ángel", "ñandú", "él"], tokens);
    }

    [Fact]
    public void Tokenize_ParagraphBreaks_EmitsParagraphTokenOnlyForBlankLines()
    {
        var tokens = new WordTokenizer(new(ParagraphBreaks: true)).Tokenize("uno\ndos\n\n  \ntres");
        Assert.Equal(["uno", "dos", WordTokenizer.ParagraphToken, "tres"], tokens);
    }

    [Fact]
    public void Tokenize_DecomposedAccent_SameWordAsPrecomposed()
    {
        var t = new WordTokenizer();
        Assert.Equal(t.Tokenize("acci\u00F3n"), t.Tokenize("accio\u0301n"));
        Assert.Single(t.Tokenize("accio\u0301n"));
    }

    [Fact]
    public void Detokenize_Dialogue_UsesSpanishSpacing()
    {
        var t = new WordTokenizer();
        string text = "—¿Cualquiera yantaría yo? —respondió don Quijote—, porque «sí».";
        Assert.Equal(text, t.Detokenize(t.Tokenize(text)));
    }

    [Fact]
    public void Detokenize_ThenTokenize_ReturnsSameTokens()
    {
        var t = new WordTokenizer(new(ParagraphBreaks: true));
        const string text =
            "-No fuyan las vuestras mercedes ni teman desaguisado alguno; ca a la orden\n"
            + "de caballería que profeso non toca ni atañe facerle a ninguno -dijo él-.\n\n"
            + "''¿Para qué conmigo flo-?'' (decía) \"Miente\", ¡ruin villano!...";
        var tokens = t.Tokenize(text);
        Assert.Equal(tokens, t.Tokenize(t.Detokenize(tokens)));
    }
}
