// The one interface the notebook runner and the grader use: run code in a kernel state that
// persists from call to call. NotebookSession implements it in this process, NotebookProcess in a
// child process (crash and timeout isolation).
namespace RnnCourse.Runner.Execution;

/// <summary>Executes cells one after another in one persistent C# state.</summary>
public interface ICellExecutor : IAsyncDisposable
{
    /// <summary>Runs one cell (or any snippet) as the next submission.</summary>
    /// <param name="code">Cell source, including <c>#!</c>/<c>#r</c> directives.</param>
    /// <param name="timeout">Time limit of this cell; null for none.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    Task<CellResult> ExecuteAsync(
        string code,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default
    );
}
