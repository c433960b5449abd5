// What executing one cell produced: status, outputs in order, and updates of outputs of earlier
// cells (a display handle's Update called from a later cell).
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Execution;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>Ran to completion.</summary>
    Ok,

    /// <summary>Did not compile; nothing ran, the session state is unchanged.</summary>
    CompileError,

    /// <summary>Threw an exception; output written before the throw is kept.</summary>
    RuntimeError,

    /// <summary>A directive failed (an unknown <c>#!</c> magic, a <c>#r "nuget:"</c> that did not
    /// restore) or the cell belongs to a kernel the course does not host.</summary>
    DirectiveError,

    /// <summary>Exceeded its time limit; the notebook process was stopped.</summary>
    TimedOut,

    /// <summary>The notebook process died (stack overflow, Environment.Exit, FailFast).</summary>
    Crashed,

    /// <summary>Not run because an earlier cell failed.</summary>
    Skipped,
}

/// <summary>A new version of an output of an earlier cell (a displayed value updated from a later cell).</summary>
/// <param name="ExecutionCount">The execution count of the cell that owns the output.</param>
/// <param name="OutputIndex">The index of the output in that cell's outputs.</param>
/// <param name="Output">The replacement output.</param>
public sealed record OutputUpdate(int ExecutionCount, int OutputIndex, CellOutput Output);

/// <summary>The result of executing one cell.</summary>
/// <param name="Status">How the cell ended.</param>
/// <param name="ExecutionCount">The cell's execution count (1, 2, ... per executed cell), null if not run.</param>
/// <param name="Outputs">Outputs in the order they were produced.</param>
/// <param name="Elapsed">Wall time of the cell.</param>
public sealed record CellResult(
    CellStatus Status,
    int? ExecutionCount,
    IReadOnlyList<CellOutput> Outputs,
    TimeSpan Elapsed
)
{
    /// <summary>Replacements of outputs of earlier cells, made while this cell ran.</summary>
    public IReadOnlyList<OutputUpdate> Updates { get; init; } = [];

    /// <summary>Compiler warnings of the cell, formatted as the kernel formats them
    /// (<c>(line,col): warning CSxxxx: message</c>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether the cell succeeded.</summary>
    public bool Succeeded => Status == CellStatus.Ok;

    /// <summary>The value of the cell's last expression, when it ran in this process (not serialised).</summary>
    public object? ReturnValue { get; init; }

    /// <summary>Whether <see cref="ReturnValue"/> is meaningful (the cell ended with an expression).</summary>
    public bool HasReturnValue { get; init; }

    /// <summary>A one-line description of the failure (error name and message), or null.</summary>
    public string? ErrorSummary =>
        Outputs.LastOrDefault(o => o.Kind == OutputKind.Error) is { } e
            ? $"{e.ErrorName}: {FirstLine(e.ErrorValue)}"
            : null;

    private static string FirstLine(string? s) => s is null ? "" : s.Split('\n')[0];
}
