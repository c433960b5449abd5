// Grading limits and switches. Defaults are for course homework: small numeric exercises that
// run in well under a second each.
namespace RnnCourse.Grading.Grading;

/// <summary>Options of `rnncourse grade` and `check`.</summary>
public sealed record GradeOptions
{
    /// <summary>Budget for one exercise: its cell plus its tests (10 s: 10–100× a typical exercise, still quick to give up on a loop).</summary>
    public TimeSpan ExerciseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Budget for a whole submission (3 min: a full notebook with every exercise near its limit).</summary>
    public TimeSpan SubmissionTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Budget for one locked cell (60 s: instructor cells may train a small model).</summary>
    public TimeSpan LockedCellTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>GC heap hard limit of the worker in MiB (1 GiB: the course's models fit in tens of MB; Roslyn needs ~200 MB).</summary>
    public int MemoryLimitMb { get; init; } = 1024;

    /// <summary>Characters of console output kept per cell (64 K: enough to read, small in reports).</summary>
    public int OutputCap { get; init; } = 65536;

    /// <summary>Submissions graded at once (1: grading is CPU-bound; raise to the core count).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>This machine's shard, 1-based, and the number of shards (1/1: everything).</summary>
    public (int Index, int Count) Shard { get; init; } = (1, 1);

    /// <summary>Mixed into every exercise seed (0: the same seeds for every run of the assignment).</summary>
    public ulong BaseSeed { get; init; }

    /// <summary>Check student cells against the API policy before running them (on: see docs/grading.md).</summary>
    public bool ApiPolicy { get; init; } = true;

    /// <summary>Where sandboxes are created (null: a fresh folder in the system temp folder).</summary>
    public string? SandboxRoot { get; init; }

    /// <summary>Keep sandboxes after grading, for debugging (off).</summary>
    public bool KeepSandboxes { get; init; }

    /// <summary>Run each worker inside the OS sandbox (Auto: wherever bubblewrap works, with a loud warning elsewhere).</summary>
    public SandboxMode Sandbox { get; init; } = SandboxMode.Auto;

    /// <summary>The bubblewrap executable ("bwrap": found through PATH, as the Debian package installs it).</summary>
    public string SandboxTool { get; init; } = "bwrap";

    /// <summary>
    /// After a failed exercise, run its reference solution in the worker so that later exercises
    /// use correct definitions (off: the reference solution would enter a process that runs
    /// student code; later exercises then use the student's own definitions).
    /// </summary>
    public bool ReferenceAfterFailure { get; init; }
}
