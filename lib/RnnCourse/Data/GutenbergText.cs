// Project Gutenberg plain-text files wrap the book in a header and a licence:
//   …header…  *** START OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***  …book…
//   *** END OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***  …licence…
// Older files say "*** START OF THIS PROJECT GUTENBERG EBOOK …" and put "End of (the) Project
// Gutenberg's …" just before the END marker. A language model must not learn the licence, so
// it is cut at the markers.
namespace RnnCourse.Data;

/// <summary>Removes the Project Gutenberg header and licence from an ebook's plain text.</summary>
public static class GutenbergText
{
    /// <summary>
    /// The text between the "*** START OF …" line and the "*** END OF …" line (each marker line
    /// removed), without a trailing "End of Project Gutenberg's …" line, trimmed of surrounding
    /// whitespace. Text without markers is only trimmed.
    /// </summary>
    public static string StripBoilerplate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int start = FindMarker(text, "*** START OF", 0);
        if (start >= 0)
        {
            int lineEnd = text.IndexOf('\n', start);
            text = lineEnd < 0 ? "" : text[(lineEnd + 1)..];
        }
        int end = FindMarker(text, "*** END OF", 0);
        if (end >= 0)
        {
            text = text[..LineStart(text, end)];
        }
        text = text.TrimEnd();
        int last = LineStart(text, text.Length);
        if (
            text.AsSpan(last).TrimStart().StartsWith("End of", StringComparison.OrdinalIgnoreCase)
            && text.AsSpan(last).Contains("Project Gutenberg", StringComparison.OrdinalIgnoreCase)
        )
        {
            text = text[..last];
        }
        return text.Trim();
    }

    /// <summary>Whether <paramref name="text"/> still has a Gutenberg START or END marker.</summary>
    public static bool HasMarkers(string text) =>
        FindMarker(text, "*** START OF", 0) >= 0 || FindMarker(text, "*** END OF", 0) >= 0;

    /// <summary>Whether <paramref name="text"/> has both markers, as a complete Gutenberg file does.</summary>
    public static bool HasStartAndEnd(string text) =>
        FindMarker(text, "*** START OF", 0) is int start and >= 0
        && FindMarker(text, "*** END OF", start) > start;

    private static int FindMarker(string text, string marker, int from)
    {
        int i = text.IndexOf(marker, from, StringComparison.OrdinalIgnoreCase);
        while (i >= 0)
        {
            int lineEnd = text.IndexOf('\n', i);
            var line = lineEnd < 0 ? text.AsSpan(i) : text.AsSpan(i, lineEnd - i);
            if (line.Contains("GUTENBERG", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
            i = text.IndexOf(marker, i + marker.Length, StringComparison.OrdinalIgnoreCase);
        }
        return -1;
    }

    private static int LineStart(string text, int i) =>
        i == 0 ? 0 : text.LastIndexOf('\n', i - 1) + 1;
}
