using RnnCourse.Text;

namespace RnnCourse.Tests.Text;

public class NGramWindowsTests
{
    // The seed sentence: the opening of chapter 1 of Don Quijote.
    private const string Seed =
        "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un "
        + "hidalgo de los de lanza en astillero, adarga antigua, rocín flaco y galgo corredor.";

    private static (int[] Ids, Vocabulary Vocab) SeedIds()
    {
        var tokens = new WordTokenizer(new(Lowercase: true)).Tokenize(Seed);
        var vocab = Vocabulary.Build(tokens, new(Order: VocabularyOrder.FirstAppearance));
        return (vocab.Encode(tokens), vocab);
    }

    [Fact]
    public void SeedSentence_WordIndices_HandComputed()
    {
        var (ids, vocab) = SeedIds();
        // Reserved 0–3; then words by first appearance: en 4, un 5, lugar 6, de 7, la 8, mancha 9,
        // "," 10, cuyo 11, nombre 12, no 13, quiero 14, acordarme 15, ha 16, mucho 17, tiempo 18,
        // que 19, vivía 20, hidalgo 21, los 22, lanza 23, astillero 24, adarga 25, antigua 26,
        // rocín 27, flaco 28, y 29, galgo 30, corredor 31, "." 32.
        int[] expected =
        [
            4,
            5,
            6,
            7,
            8,
            9,
            10,
            7,
            11,
            12,
            13,
            14,
            15,
            10,
            13,
            16,
            17,
            18,
            19,
            20,
            5,
            21,
            7,
            22,
            7,
            23,
            4,
            24,
            10,
            25,
            26,
            10,
            27,
            28,
            29,
            30,
            31,
            32,
        ];
        Assert.Equal(expected, ids);
        Assert.Equal(33, vocab.Count);
    }

    [Fact]
    public void Create_SeedSentenceTrigrams_ExactWindowTable()
    {
        var (ids, vocab) = SeedIds();
        var data = NGramWindows.Create(ids, 3);
        string[] expected =
        [
            "en un lugar → de",
            "un lugar de → la",
            "lugar de la → mancha",
            "de la mancha → ,",
            "la mancha , → de",
            "mancha , de → cuyo",
            ", de cuyo → nombre",
            "de cuyo nombre → no",
            "cuyo nombre no → quiero",
            "nombre no quiero → acordarme",
            "no quiero acordarme → ,",
            "quiero acordarme , → no",
            "acordarme , no → ha",
            ", no ha → mucho",
            "no ha mucho → tiempo",
            "ha mucho tiempo → que",
            "mucho tiempo que → vivía",
            "tiempo que vivía → un",
            "que vivía un → hidalgo",
            "vivía un hidalgo → de",
            "un hidalgo de → los",
            "hidalgo de los → de",
            "de los de → lanza",
            "los de lanza → en",
            "de lanza en → astillero",
            "lanza en astillero → ,",
            "en astillero , → adarga",
            "astillero , adarga → antigua",
            ", adarga antigua → ,",
            "adarga antigua , → rocín",
            "antigua , rocín → flaco",
            ", rocín flaco → y",
            "rocín flaco y → galgo",
            "flaco y galgo → corredor",
            "y galgo corredor → .",
        ];
        var actual = Enumerable
            .Range(0, data.Count)
            .Select(i =>
                string.Join(' ', vocab.Decode(data.Input(i))) + " → " + vocab[data.Targets[i]]
            );
        Assert.Equal(expected, actual);
        Assert.Equal(35, data.Count); // N = L − n = 38 − 3
        Assert.Equal(4, data.WindowSize);
        Assert.Equal([7, 22, 7], data.Input(22).ToArray());
        Assert.Equal(23, data.Targets[22]);
    }

    [Fact]
    public void OneHotInputs_SeedTrigrams_ShapeAndUnitVectors()
    {
        var (ids, vocab) = SeedIds();
        var data = NGramWindows.Create(ids, 3);
        var x = data.OneHotInputs<float>(vocab.Count);
        var y = data.OneHotTargets<double>(vocab.Count);
        Assert.Equal([35, 3, 33], x.Shape.ToArray());
        Assert.Equal([35, 33], y.Shape.ToArray());
        Assert.Equal(35 * 3, x.Span.ToArray().Sum());
        Assert.Equal(1f, x[0, 2, 6]); // window 0, position 2 = "lugar" (6)
        Assert.Equal(0f, x[0, 2, 7]);
        Assert.Equal(1.0, y[34, 32]); // last target "."
    }

    [Fact]
    public void ToTable_ShowsTokensAndIds()
    {
        var data = NGramWindows.Create([4, 5, 6, 7], 2);
        Assert.Equal("0 | 4 5 | 6\n1 | 5 6 | 7\n", data.ToTable());
    }

    [Fact]
    public void Create_TooShort_ThrowsWithFix()
    {
        var e = Assert.Throws<ArgumentException>(() => NGramWindows.Create([1, 2, 3], 3));
        Assert.Contains("at least 4 ids", e.Message);
    }

    [Fact]
    public void OneHotEncode_IdOutsideVocabulary_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<float>([0, 5], 5));
        Assert.Contains("V = 5", e.Message);
    }
}
