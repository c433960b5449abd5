// Settings of one notebook session (one kernel state). Defaults carry their reason.
namespace RnnCourse.Runner.Execution;

/// <summary>Settings of a <see cref="NotebookSession"/> or <see cref="NotebookProcess"/>.</summary>
public sealed record SessionOptions
{
    /// <summary>Folder that relative <c>#r</c>/<c>#load</c> paths and file access resolve against;
    /// VS Code uses the notebook's folder, so must we.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Output characters per cell before truncation: 4 MB keeps a notebook openable in
    /// VS Code while leaving room for several interactive charts.</summary>
    public long MaxOutputChars { get; init; } = 4_000_000;

    /// <summary>Environment variables set for the notebook process (NotebookProcess only; null
    /// values remove a variable). The child otherwise inherits the runner's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } =
        new Dictionary<string, string?>();
}
