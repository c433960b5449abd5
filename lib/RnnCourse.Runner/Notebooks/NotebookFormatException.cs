// The one exception for a notebook file the runner refuses (malformed JSON, nbformat 3, no cells,
// a non-C# kernel, a huge cell...). Its message names the problem and the fix; the file is never
// written when this is thrown.
namespace RnnCourse.Runner.Notebooks;

/// <summary>Why a notebook was refused.</summary>
public enum NotebookProblem
{
    /// <summary>The file is not valid JSON or not a JSON object.</summary>
    MalformedJson,

    /// <summary>The file is JSON but not an nbformat 4 notebook.</summary>
    UnsupportedFormat,

    /// <summary>The notebook has no cells.</summary>
    Empty,

    /// <summary>A cell exceeds the size limit.</summary>
    TooLarge,

    /// <summary>The notebook's kernel is not C# (such notebooks are skipped with a warning).</summary>
    NotCSharp,
}

/// <summary>A notebook file that cannot be run; the message says what is wrong and how to fix it.</summary>
public sealed class NotebookFormatException(NotebookProblem problem, string message)
    : Exception(message)
{
    /// <summary>The category of the problem.</summary>
    public NotebookProblem Problem { get; } = problem;
}
