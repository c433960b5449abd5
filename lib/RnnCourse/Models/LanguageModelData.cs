// Turning text into next-token batches for a character language model (a SequenceTagger whose
// tag at step t is the token at t + 1), as in Karpathy's min-char-rnn.
// Layout: the id stream is cut into B parallel streams of equal length; batch k holds steps
// k·T .. k·T + T − 1 of every stream, so consecutive batches continue each other (the layout
// stateful training needs). Shapes: inputs (T × B), tags (T·B).

namespace RnnCourse.Models;

/// <summary>Character vocabularies and next-token batches.</summary>
public static class LanguageModelData
{
    /// <summary>The sorted distinct characters of <paramref name="text"/> and the text as ids into them.</summary>
    public static (char[] Alphabet, int[] Ids) Encode(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var alphabet = text.Distinct().Order().ToArray();
        var index = new Dictionary<char, int>();
        for (int i = 0; i < alphabet.Length; i++)
        {
            index[alphabet[i]] = i;
        }
        return (alphabet, text.Select(c => index[c]).ToArray());
    }

    /// <summary>
    /// Next-token batches of <paramref name="steps"/> steps and <paramref name="batch"/> streams:
    /// inputs ids[s + t], tags ids[s + t + 1]. A final partial window is dropped.
    /// </summary>
    /// <exception cref="ArgumentException">The text is too short for one window per stream.</exception>
    public static IReadOnlyList<TaggingBatch> NextTokenBatches(int[] ids, int steps, int batch)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Numerics.ShapeCheck.PositiveSize(steps, "steps (T)");
        Numerics.ShapeCheck.PositiveSize(batch, "batch (B)");
        int streamLength = (ids.Length - 1) / batch; // −1: the last token has no successor
        int windows = streamLength / steps;
        ShapeCheck.InvalidIf(
            windows == 0,
            $"{ids.Length} tokens give streams of {streamLength} predictions for B = {batch}, fewer than T = {steps}. "
                + $"Use a shorter T, a smaller B or more text.",
            nameof(ids)
        );
        var result = new List<TaggingBatch>(windows);
        for (int w = 0; w < windows; w++)
        {
            var inputs = new int[steps * batch];
            var tags = new int[steps * batch];
            for (int t = 0; t < steps; t++)
            {
                for (int b = 0; b < batch; b++)
                {
                    int s = b * streamLength + w * steps + t;
                    inputs[t * batch + b] = ids[s];
                    tags[t * batch + b] = ids[s + 1];
                }
            }
            result.Add(new TaggingBatch(new TokenIds(inputs, steps, batch), tags));
        }
        return result;
    }
}
