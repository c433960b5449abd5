// Train / validation / test split by position: the first part of the text trains, the next
// validates, the last tests. Never shuffle sentences of one novel across splits: neighbouring
// windows overlap, so a shuffled split leaks training text into validation and flatters the model.
// SplitText cuts the raw text (at line ends), so a character model and a word model are scored
// on exactly the same validation text, and bits per character are comparable.
namespace RnnCourse.Text;

/// <summary>Positions [Start, Start + Length) of one part of a split.</summary>
/// <param name="Start">First index.</param>
/// <param name="Length">Number of elements.</param>
public readonly record struct SplitRange(int Start, int Length)
{
    /// <summary>One past the last index.</summary>
    public int End => Start + Length;
}

/// <summary>Three consecutive, non-overlapping ranges that cover 0..total−1.</summary>
/// <param name="Train">The first part.</param>
/// <param name="Validation">The middle part.</param>
/// <param name="Test">The last part.</param>
public sealed record SplitRanges(SplitRange Train, SplitRange Validation, SplitRange Test);

/// <summary>The three parts of a text split by position.</summary>
/// <param name="Train">The training text.</param>
/// <param name="Validation">The validation text.</param>
/// <param name="Test">The test text.</param>
public sealed record TextParts(string Train, string Validation, string Test);

/// <summary>Splits sequences and texts by position into train, validation and test parts.</summary>
public static class TextSplit
{
    /// <summary>
    /// Ranges for a sequence of <paramref name="total"/> elements: the first ⌊total·train⌋ for
    /// training, the next ⌊total·validation⌋ for validation, the rest for test.
    /// </summary>
    public static SplitRanges Ranges(int total, double train = 0.8, double validation = 0.1)
    {
        CheckFractions(train, validation);
        ShapeCheck.OutOfRangeIf(total < 0, total, "The length cannot be negative.");
        int nTrain = (int)Math.Floor(total * train);
        int nValid = (int)Math.Floor(total * validation);
        return new SplitRanges(
            new SplitRange(0, nTrain),
            new SplitRange(nTrain, nValid),
            new SplitRange(nTrain + nValid, total - nTrain - nValid)
        );
    }

    /// <summary>
    /// Splits <paramref name="text"/> by position, moving each cut forward to the next line end so
    /// no word or line is cut in two. The three parts concatenate back to the text.
    /// </summary>
    public static TextParts SplitText(string text, double train = 0.8, double validation = 0.1)
    {
        ArgumentNullException.ThrowIfNull(text);
        var r = Ranges(text.Length, train, validation);
        int a = NextLineEnd(text, r.Train.End);
        int b = Math.Max(a, NextLineEnd(text, r.Validation.End));
        return new TextParts(text[..a], text[a..b], text[b..]);
    }

    /// <summary>The part of <paramref name="ids"/> a range covers.</summary>
    public static ReadOnlySpan<int> Slice(ReadOnlySpan<int> ids, SplitRange range) =>
        ids.Slice(range.Start, range.Length);

    private static int NextLineEnd(string text, int i)
    {
        if (i >= text.Length)
        {
            return text.Length;
        }
        int nl = text.IndexOf('\n', i);
        return nl < 0 ? text.Length : nl + 1;
    }

    private static void CheckFractions(double train, double validation)
    {
        if (!(train > 0) || !(validation >= 0) || train + validation > 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(train),
                $"Fractions train = {train}, validation = {validation} must satisfy train > 0, validation ≥ 0, "
                    + "train + validation ≤ 1 (the test part gets the rest)."
            );
        }
    }
}
