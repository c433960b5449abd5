// Character-level tokens over user-perceived characters (extended grapheme clusters, UAX #29),
// after NFC. "ñ", "á", "ü", "¿" and "¡" are one token each, whatever their encoding on disk; an
// emoji with a skin-tone modifier is one token too. Contrast: char-rnn splits UTF-8 into bytes
// (ñ = 2 tokens) and d2l maps text to A–Z (ñ disappears).
using System.Globalization;

namespace RnnCourse.Text;

/// <summary>What a character token is.</summary>
public enum CharUnit
{
    /// <summary>An extended grapheme cluster: what a reader calls one character (default).</summary>
    Grapheme,

    /// <summary>A Unicode scalar value (code point): "q" + U+0303 is two tokens. For comparison only.</summary>
    Rune,
}

/// <summary>Tokenizes text into grapheme clusters (one token per visible character) or runes.</summary>
public sealed class CharTokenizer : ITokenizer
{
    /// <summary>A shared grapheme tokenizer (the tokenizer has no state).</summary>
    public static CharTokenizer Instance { get; } = new();

    /// <summary>Creates a tokenizer over <paramref name="unit"/>s (default: graphemes).</summary>
    public CharTokenizer(CharUnit unit = CharUnit.Grapheme)
    {
        Unit = unit;
    }

    /// <summary>The unit of one token.</summary>
    public CharUnit Unit { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Tokenize(string text)
    {
        text = TextNormalizer.Normalize(text);
        var tokens = new List<string>(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            int len;
            if (Unit == CharUnit.Rune)
            {
                len =
                    char.IsHighSurrogate(text[i])
                    && i + 1 < text.Length
                    && char.IsLowSurrogate(text[i + 1])
                        ? 2
                        : 1;
            }
            else if (
                text[i] < FirstExtend
                && text[i] != '\r'
                && (i + 1 == text.Length || text[i + 1] < FirstExtend)
            )
            {
                // Fast path: below U+0300 there are no Extend, SpacingMark, Prepend, ZWJ, Hangul or
                // Regional-Indicator characters (UAX #29), so a char followed by such a char is a
                // cluster of its own (except CR LF, excluded above). Nearly all of a Spanish text.
                len = 1;
            }
            else
            {
                len = StringInfo.GetNextTextElementLength(text, i);
            }
            tokens.Add(len == 1 ? CachedString(text[i]) : text.Substring(i, len));
            i += len;
        }
        return tokens;
    }

    /// <summary>
    /// The readable twin of <see cref="Tokenize"/> for graphemes: every cluster from the .NET
    /// UAX #29 enumerator, no fast path. Tests check both give the same tokens.
    /// </summary>
    public static IReadOnlyList<string> TokenizeGraphemesReference(string text)
    {
        text = TextNormalizer.Normalize(text);
        var tokens = new List<string>(text.Length);
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            tokens.Add(e.GetTextElement());
        }
        return tokens;
    }

    // U+0300 COMBINING GRAVE ACCENT: the first character that can extend a grapheme cluster.
    private const char FirstExtend = '\u0300';

    /// <inheritdoc />
    public string Detokenize(IEnumerable<string> tokens) => string.Concat(tokens);

    private static readonly string[] Ascii = Enumerable
        .Range(0, 256)
        .Select(c => ((char)c).ToString())
        .ToArray();

    private static string CachedString(char c) => c < 256 ? Ascii[c] : c.ToString();
}
