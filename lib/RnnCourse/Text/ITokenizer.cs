// The contract shared by the character and word tokenizers: text → tokens (strings) and back.
// Tokens are strings, not ids: the Vocabulary maps them to ids, so one vocabulary class serves
// both levels and the notebooks can print tokens directly.
namespace RnnCourse.Text;

/// <summary>Splits normalised text into tokens and joins tokens back into text.</summary>
public interface ITokenizer
{
    /// <summary>The tokens of <paramref name="text"/> (which is NFC-normalised first).</summary>
    IReadOnlyList<string> Tokenize(string text);

    /// <summary>
    /// Joins tokens back into text. For any token list produced by <see cref="Tokenize"/>,
    /// <c>Tokenize(Detokenize(tokens))</c> equals <c>tokens</c>.
    /// </summary>
    string Detokenize(IEnumerable<string> tokens);
}
