// Word-level tokens for Spanish prose. Words are runs of letters, combining marks and digits;
// every punctuation mark is its own token, including the inverted marks ¿ ¡, the angle quotes
// « », and the dialogue dash (raya). Don Quijote (Gutenberg #2000) writes the raya as a hyphen:
//   -Cualquiera yantaría yo -respondió don Quijote-, porque…
// so "-respondió" must become "—", "respondió", not one word; all dash variants (‐ - – — ―) are
// normalised to "—" by default so the vocabulary holds one dash.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RnnCourse.Text;

/// <summary>Options of <see cref="WordTokenizer"/>.</summary>
/// <param name="Lowercase">Lower-case every word (Spanish culture). Off by default: "Sancho" and "sancho"
/// are different words to a reader; turn it on to shrink the vocabulary (~10% on Don Quijote).</param>
/// <param name="NormalizeDashes">Map every dash variant to the raya "—". On by default: the novel uses the
/// hyphen for dialogue, other editions the em dash; the model should see one symbol.</param>
/// <param name="ParagraphBreaks">Emit <see cref="WordTokenizer.ParagraphToken"/> for a blank line. Off by
/// default; turn it on when generated text should keep its paragraphs.</param>
public sealed record WordTokenizerOptions(
    bool Lowercase = false,
    bool NormalizeDashes = true,
    bool ParagraphBreaks = false
);

/// <summary>Splits Spanish text into words and punctuation marks; joins them back with Spanish spacing.</summary>
public sealed partial class WordTokenizer : ITokenizer
{
    /// <summary>The token for a paragraph break (a blank line), when enabled.</summary>
    public const string ParagraphToken = "\n\n";

    /// <summary>The dialogue dash (raya) every dash variant becomes.</summary>
    public const string DialogueDash = "—";

    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-ES");

    // Order matters: ellipsis and doubled apostrophes (Gutenberg's nested quotes) before single
    // marks; a paragraph is a newline, optional spaces, another newline.
    [GeneratedRegex(@"\.\.\.|''|[\p{L}\p{M}\p{N}]+|\n[ \t]*\n\s*|\S")]
    private static partial Regex TokenPattern();

    /// <summary>Creates a tokenizer with the given options (defaults: case kept, dashes unified, no paragraphs).</summary>
    public WordTokenizer(WordTokenizerOptions? options = null)
    {
        Options = options ?? new WordTokenizerOptions();
    }

    /// <summary>The options this tokenizer was created with.</summary>
    public WordTokenizerOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Tokenize(string text)
    {
        text = TextNormalizer.Normalize(text);
        var tokens = new List<string>(text.Length / 4);
        foreach (ValueMatch m in TokenPattern().EnumerateMatches(text))
        {
            ReadOnlySpan<char> s = text.AsSpan(m.Index, m.Length);
            if (s[0] == '\n')
            {
                if (Options.ParagraphBreaks)
                {
                    tokens.Add(ParagraphToken);
                }
                continue;
            }
            if (s.Length == 1 && Options.NormalizeDashes && IsDash(s[0]))
            {
                tokens.Add(DialogueDash);
                continue;
            }
            string token = s.ToString();
            tokens.Add(Options.Lowercase ? token.ToLower(Spanish) : token);
        }
        return tokens;
    }

    /// <summary>
    /// Joins tokens with Spanish spacing: no space before , . ; : ? ! » ) ] …, none after ¿ ¡ « ( [;
    /// straight quotes alternate opening/closing; dialogue dashes alternate as in
    /// "—Sí —dijo él—, vamos": the first dash of a paragraph and every even one open (attach to the
    /// next word), the others close (attach to the previous word).
    /// </summary>
    public string Detokenize(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var sb = new StringBuilder();
        bool attachNext = true; // no space before the next token
        int dashes = 0;
        bool quoteOpen = false,
            doubleQuoteOpen = false;
        foreach (string token in tokens)
        {
            if (token == ParagraphToken)
            {
                sb.Append(ParagraphToken);
                attachNext = true;
                dashes = 0;
                continue;
            }
            bool attachPrev;
            bool attachAfter;
            if (token.Length == 1 && IsDash(token[0]))
            {
                dashes++;
                bool opening = dashes == 1 || dashes % 2 == 0;
                attachPrev = !opening;
                attachAfter = opening;
            }
            else if (token == "\"" || token == "''")
            {
                ref bool open = ref token == "\"" ? ref doubleQuoteOpen : ref quoteOpen;
                attachPrev = open;
                attachAfter = !open;
                open = !open;
            }
            else
            {
                attachPrev =
                    token
                        is ","
                            or "."
                            or ";"
                            or ":"
                            or "?"
                            or "!"
                            or "»"
                            or ")"
                            or "]"
                            or "..."
                            or "…";
                attachAfter = token is "¿" or "¡" or "«" or "(" or "[";
            }
            if (sb.Length > 0 && !attachNext && !attachPrev)
            {
                sb.Append(' ');
            }
            sb.Append(token);
            attachNext = attachAfter;
        }
        return sb.ToString();
    }

    private static bool IsDash(char c) =>
        c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015';
}
