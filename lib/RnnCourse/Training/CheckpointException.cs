// Errors from loading a checkpoint: each names the problem and the fix, and is thrown before the
// model or optimizer is touched, so a failed load loses nothing.
namespace RnnCourse.Training;

/// <summary>What is wrong with a checkpoint file.</summary>
public enum CheckpointProblem
{
    /// <summary>The file does not exist.</summary>
    NotFound,

    /// <summary>The magic header is missing: not a checkpoint of this library.</summary>
    NotACheckpoint,

    /// <summary>Written by a newer format version than this library reads.</summary>
    UnsupportedVersion,

    /// <summary>Shorter than its header says: an interrupted save or copy.</summary>
    Truncated,

    /// <summary>The checksum does not match: bytes were changed on disk.</summary>
    Corrupt,

    /// <summary>Saved in float but loaded into double (or the reverse).</summary>
    PrecisionMismatch,

    /// <summary>The parameter names or shapes differ from the model's.</summary>
    LayoutMismatch,

    /// <summary>The optimizer kind or its state differs from the one given.</summary>
    OptimizerMismatch,
}

/// <summary>A checkpoint could not be loaded; <see cref="Problem"/> says why, the message says what to do.</summary>
public sealed class CheckpointException(CheckpointProblem problem, string path, string message)
    : IOException($"Checkpoint '{path}': {message}")
{
    /// <summary>The kind of problem.</summary>
    public CheckpointProblem Problem { get; } = problem;

    /// <summary>The file that failed to load.</summary>
    public string FilePath { get; } = path;
}
