// Canonical text before tokenising: Unicode NFC, no byte-order mark, '\n' line endings.
// NFC matters for Spanish: "ñ" may arrive as U+00F1 or as "n" + U+0303 (combining tilde);
// both must become the same token, or the vocabulary silently doubles for accented letters.
using System.Text;

namespace RnnCourse.Text;

/// <summary>Puts text into the one form every tokenizer of the course expects.</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Returns <paramref name="text"/> in Unicode Normalization Form C, with a leading BOM
    /// (U+FEFF) removed and "\r\n" / "\r" turned into "\n". Idempotent.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        if (text.Contains('\r'))
        {
            text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        }
        return text.IsNormalized(NormalizationForm.FormC)
            ? text
            : text.Normalize(NormalizationForm.FormC);
    }
}
