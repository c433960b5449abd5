// A tokenizer and a vocabulary together: text ↔ ids in one call. This is what a notebook keeps
// next to a trained model, since ids mean nothing without both halves.
namespace RnnCourse.Text;

/// <summary>Encodes text to ids and decodes ids to text with one tokenizer and one vocabulary.</summary>
/// <param name="Tokenizer">Splits text into tokens.</param>
/// <param name="Vocabulary">Maps tokens to ids.</param>
public sealed record TextCodec(ITokenizer Tokenizer, Vocabulary Vocabulary)
{
    /// <summary>A character-level codec whose vocabulary holds every grapheme of <paramref name="text"/>.</summary>
    public static TextCodec ForCharacters(string text, VocabularyOptions? options = null)
    {
        var tokens = CharTokenizer.Instance.Tokenize(text);
        return new TextCodec(CharTokenizer.Instance, Vocabulary.Build(tokens, options));
    }

    /// <summary>A word-level codec built from <paramref name="text"/>.</summary>
    public static TextCodec ForWords(
        string text,
        WordTokenizerOptions? tokenizerOptions = null,
        VocabularyOptions? options = null
    )
    {
        var tokenizer = new WordTokenizer(tokenizerOptions);
        return new TextCodec(tokenizer, Vocabulary.Build(tokenizer.Tokenize(text), options));
    }

    /// <summary>V, the vocabulary size.</summary>
    public int VocabularySize => Vocabulary.Count;

    /// <summary>The ids of <paramref name="text"/>.</summary>
    public int[] Encode(string text) => Vocabulary.Encode(Tokenizer.Tokenize(text));

    /// <summary>
    /// The text of <paramref name="ids"/>. &lt;pad&gt;, &lt;bos&gt; and &lt;eos&gt; are dropped; &lt;unk&gt; is
    /// written as "&lt;unk&gt;" (set <paramref name="keepReserved"/> to print every reserved token).
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids, bool keepReserved = false)
    {
        var tokens = Vocabulary.Decode(ids);
        IEnumerable<string> shown = tokens;
        if (!keepReserved && Vocabulary.HasReserved)
        {
            shown = tokens.Where(t =>
                t is not (Vocabulary.Pad or Vocabulary.Bos or Vocabulary.Eos)
            );
        }
        return Tokenizer.Detokenize(shown);
    }
}
