// Runs a whole notebook through an ICellExecutor, in order, writing each cell's outputs and
// execution count back into the Notebook: C# code cells run; code cells of other kernels become a
// per-cell error (markdown-kernel code cells render); after a failed cell the run goes on, as
// VS Code's Run All does, unless StopOnError (then the remaining cells are skipped: outputs
// cleared, no execution count). A crash or a timeout always stops the notebook: the kernel state
// is gone.
using System.Diagnostics;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Execution;

/// <summary>Settings of one notebook run. Defaults carry their reason.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Time limit per cell: 10 minutes fits the course's longest training cell on a
    /// 2-core machine with room to spare; an infinite loop still ends.</summary>
    public TimeSpan? CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Time limit per notebook: a course notebook should run in well under an hour.</summary>
    public TimeSpan? NotebookTimeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Skip the cells after a failed one. Off by default: VS Code's Run All goes on
    /// after a failure, and every failed cell is then reported, not only the first.</summary>
    public bool StopOnError { get; init; }
}

/// <summary>What happened to one cell of a notebook run.</summary>
/// <param name="CellIndex">0-based index in <see cref="Notebook.Cells"/>.</param>
/// <param name="Result">The cell result (status Skipped when not run).</param>
public sealed record CellRunRecord(int CellIndex, CellResult Result);

/// <summary>The outcome of a notebook run.</summary>
/// <param name="Cells">One record per code cell, in order.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record NotebookRunResult(IReadOnlyList<CellRunRecord> Cells, TimeSpan Elapsed)
{
    /// <summary>Cells that ran (any status but Skipped).</summary>
    public int Executed => Cells.Count(c => c.Result.Status != CellStatus.Skipped);

    /// <summary>Cells that failed.</summary>
    public int Failed =>
        Cells.Count(c => c.Result.Status is not (CellStatus.Ok or CellStatus.Skipped));

    /// <summary>Cells not run.</summary>
    public int Skipped => Cells.Count(c => c.Result.Status == CellStatus.Skipped);

    /// <summary>The first failed cell, if any.</summary>
    public CellRunRecord? FirstFailure =>
        Cells.FirstOrDefault(c => c.Result.Status is not (CellStatus.Ok or CellStatus.Skipped));
}

/// <summary>Runs notebooks cell by cell.</summary>
public static class NotebookExecutor
{
    /// <summary>Runs every code cell of <paramref name="notebook"/> in <paramref name="kernel"/> and writes outputs back.</summary>
    /// <param name="notebook">The notebook; its code cells' outputs and execution counts are replaced.</param>
    /// <param name="kernel">A fresh kernel (NotebookProcess for isolation, NotebookSession in process).</param>
    /// <param name="options">Time limits and error policy.</param>
    /// <param name="onCell">Called after each code cell (for progress displays).</param>
    /// <param name="cancellationToken">Stops between cells.</param>
    public static async Task<NotebookRunResult> RunAsync(
        Notebook notebook,
        ICellExecutor kernel,
        NotebookRunOptions? options = null,
        Action<CellRunRecord>? onCell = null,
        CancellationToken cancellationToken = default
    )
    {
        options ??= new NotebookRunOptions();
        var clock = Stopwatch.StartNew();
        var records = new List<CellRunRecord>();
        var byCount = new Dictionary<int, NotebookCell>();
        var stopped = false;
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Kind != CellKind.Code)
                continue;
            CellResult result;
            var remaining = options.NotebookTimeout is { } nt
                ? nt - clock.Elapsed
                : (TimeSpan?)null;
            if (stopped || cancellationToken.IsCancellationRequested)
                result = new CellResult(CellStatus.Skipped, null, [], TimeSpan.Zero);
            else if (remaining is { } r && r <= TimeSpan.Zero)
            {
                result = new CellResult(
                    CellStatus.TimedOut,
                    null,
                    [
                        CellOutput.Error(
                            "TimeoutError",
                            $"the notebook's time limit ({options.NotebookTimeout!.Value.TotalSeconds:0} s, --notebook-timeout) was reached before this cell; it was not run."
                        ),
                    ],
                    TimeSpan.Zero
                );
            }
            else if (!cell.IsCSharp && cell.Kernel != "markdown")
                result = new CellResult(
                    CellStatus.DirectiveError,
                    null,
                    [
                        CellOutput.Error(
                            "UnsupportedKernel",
                            $"this cell's kernel is '{cell.Kernel}': rnncourse runs only C# cells (and markdown). Rewrite the cell in C# or turn it into a markdown cell."
                        ),
                    ],
                    TimeSpan.Zero
                );
            else
            {
                var timeout = Min(options.CellTimeout, remaining);
                result = await kernel.ExecuteAsync(CodeFor(cell), timeout, cancellationToken);
                if (
                    result.Status == CellStatus.TimedOut
                    && remaining is { } rem
                    && options.CellTimeout is { } ct
                    && rem < ct
                )
                    result = result with
                    {
                        Outputs =
                        [
                            .. result.Outputs.Where(o => o.Kind != OutputKind.Error),
                            CellOutput.Error(
                                "TimeoutError",
                                $"the notebook's time limit ({options.NotebookTimeout!.Value.TotalSeconds:0} s, --notebook-timeout) was reached while this cell ran; the notebook process was stopped."
                            ),
                        ],
                    };
            }
            if (result.Status is CellStatus.Crashed or CellStatus.TimedOut)
                stopped = true; // the kernel state is gone
            else if (
                result.Status != CellStatus.Skipped
                && !result.Succeeded
                && options.StopOnError
            )
                stopped = true;
            cell.ExecutionCount = result.ExecutionCount;
            cell.Outputs = [.. result.Outputs];
            if (result.ExecutionCount is { } n)
                byCount[n] = cell;
            foreach (var u in result.Updates)
                if (
                    byCount.TryGetValue(u.ExecutionCount, out var owner)
                    && u.OutputIndex < owner.Outputs.Count
                )
                    owner.Outputs[u.OutputIndex] = u.Output;
            var record = new CellRunRecord(i, result);
            records.Add(record);
            onCell?.Invoke(record);
        }
        return new NotebookRunResult(records, clock.Elapsed);
    }

    /// <summary>The code sent to the kernel for a code cell (non-C# kernels become their #! magic).</summary>
    public static string CodeFor(NotebookCell cell) =>
        cell.IsCSharp ? cell.Source : $"#!{cell.Kernel}\n{cell.Source}";

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) =>
        a is null ? b
        : b is null ? a
        : a < b ? a
        : b;
}
