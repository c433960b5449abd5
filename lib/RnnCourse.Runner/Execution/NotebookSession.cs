// One notebook's cells run in the real .NET Interactive C# kernel (RnnCourse.Interactive), and
// what the kernel publishes becomes nbformat outputs the way VS Code's notebook shows them:
//   StandardOutput/StandardError values → stream outputs (consecutive writes merged);
//   DisplayedValueProduced → display_data, remembered by its value id;
//   DisplayedValueUpdated → replaces the output with that id, in this cell or an earlier one
//     (an id that matches nothing is a new output, as VS Code shows it);
//   ReturnValueProduced → execute_result; the cell's CommandFailed → an error output, last.
// Compiler warnings are kept beside the outputs (VS Code shows them in the editor, not as output).
// Runs in the current process: NotebookProcess runs it in a child for crash and time-limit isolation.
using System.Diagnostics;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using RnnCourse.Interactive;
using RnnCourse.Runner.Notebooks;
using KernelDiagnosticSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace RnnCourse.Runner.Execution;

/// <summary>An in-process notebook kernel: the real C# kernel, outputs in nbformat form.</summary>
public sealed class NotebookSession : ICellExecutor
{
    private readonly SessionOptions _options;
    private readonly KernelSession _kernel = new();
    private readonly Dictionary<string, (OutputCollector Owner, int Index)> _displayed = new(
        StringComparer.Ordinal
    );
    private readonly List<OutputUpdate> _lateUpdates = [];
    private volatile OutputCollector? _running;

    /// <summary>Creates a session; the kernel compiles nothing until the first cell.</summary>
    public NotebookSession(SessionOptions? options = null) =>
        _options = options ?? new SessionOptions();

    /// <summary>How many cells have been executed (the last execution count).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>Runs a throw-away submission so that the kernel's start-up cost (seconds) is paid
    /// before the first cell, not inside its time limit.</summary>
    public Task WarmUpAsync() => _kernel.SubmitAsync("");

    /// <summary>Copies of the outputs of the cell running now (empty between cells): what a
    /// crash or a timeout would otherwise lose.</summary>
    public IReadOnlyList<CellOutput> RunningOutputs() => _running?.Snapshot() ?? [];

    /// <inheritdoc/>
    public async Task<CellResult> ExecuteAsync(
        string code,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default
    )
    {
        var count = ++ExecutionCount;
        var clock = Stopwatch.StartNew();
        var collector = new OutputCollector(count, _options.MaxOutputChars, LateUpdate);
        _running = collector;
        var run = _kernel.SubmitAsync(code, e => OnEvent(e, collector), CancellationToken.None);
        KernelSubmission? submission = null;
        try
        {
            submission = timeout is { } t
                ? await run.WaitAsync(t, cancellationToken)
                : await run.WaitAsync(cancellationToken);
        }
        catch (TimeoutException)
        {
            collector.Add(
                CellOutput.Error(
                    "TimeoutError",
                    $"the cell did not finish within {timeout!.Value.TotalSeconds:0.#} s; it was abandoned (in-process sessions cannot stop a running cell: use NotebookProcess to kill it)."
                )
            );
        }
        // The failure is the cell's last event: its output is added once the cell has ended,
        // named from the same diagnostics that decide the status.
        var status = Status(submission);
        if (submission?.Failure is { } failure)
            collector.Add(Error(failure, status == CellStatus.CompileError));
        var outputs = collector.Seal();
        _running = null;
        List<OutputUpdate> updates;
        lock (_lateUpdates)
        {
            updates = [.. _lateUpdates];
            _lateUpdates.Clear();
        }
        return new CellResult(status, count, outputs, clock.Elapsed)
        {
            Updates = updates,
            Warnings = submission is null ? [] : Warnings(submission),
            ReturnValue = submission?.ReturnValue?.Value,
            HasReturnValue = submission?.ReturnValue is not null,
        };
    }

    private static CellStatus Status(KernelSubmission? s) =>
        s is null ? CellStatus.TimedOut
        : s.Succeeded ? CellStatus.Ok
        : s.Diagnostics.Any(d => d.Severity == KernelDiagnosticSeverity.Error)
            ? CellStatus.CompileError
        : s.Failure?.Exception is not null ? CellStatus.RuntimeError
        : CellStatus.DirectiveError;

    private static List<string> Warnings(KernelSubmission s) =>
        [
            .. s
                .Events.OfType<DiagnosticsProduced>()
                .SelectMany(d => d.FormattedDiagnostics.Select(f => f.Value))
                .SelectMany(v => v.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .Where(l => l.Contains(": warning ", StringComparison.Ordinal)),
        ];

    private void OnEvent(KernelEvent e, OutputCollector collector)
    {
        switch (e)
        {
            case StandardOutputValueProduced o:
                collector.WriteStream("stdout", PlainText(o.FormattedValues));
                break;
            case StandardErrorValueProduced o:
                collector.WriteStream("stderr", PlainText(o.FormattedValues));
                break;
            case DisplayedValueUpdated u:
                Update(u, collector);
                break;
            case DisplayedValueProduced d:
                Remember(d.ValueId, collector, collector.Add(CellOutput.Display(Bundle(d))));
                break;
            case ReturnValueProduced r:
                collector.Add(
                    new CellOutput
                    {
                        Kind = OutputKind.ExecuteResult,
                        Data = Bundle(r),
                        ExecutionCount = collector.ExecutionCount,
                    }
                );
                break;
        }
    }

    private void Update(DisplayedValueUpdated u, OutputCollector collector)
    {
        (OutputCollector Owner, int Index) target;
        lock (_displayed)
            if (u.ValueId is null || !_displayed.TryGetValue(u.ValueId, out target))
                target = (collector, -1);
        if (target.Index >= 0)
            target.Owner.Replace(target.Index, Bundle(u));
        else
            Remember(u.ValueId, collector, collector.Add(CellOutput.Display(Bundle(u))));
    }

    private void Remember(string? valueId, OutputCollector owner, int index)
    {
        if (valueId is null || index < 0)
            return;
        lock (_displayed)
            _displayed[valueId] = (owner, index);
    }

    private static OrderedDictionary<string, string> Bundle(DisplayEvent e)
    {
        var bundle = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in e.FormattedValues)
            if (!f.SuppressDisplay)
                bundle[f.MimeType] = f.Value;
        return bundle;
    }

    private static string PlainText(IReadOnlyCollection<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value
        ?? values.FirstOrDefault()?.Value
        ?? "";

    /// <summary>The error output of a failed cell: the kernel's message, as VS Code shows it.</summary>
    private static CellOutput Error(CommandFailed f, bool compileErrors)
    {
        var name =
            compileErrors ? "CompilationError"
            : f.Exception is { } ex ? ex.GetType().FullName ?? ex.GetType().Name
            : "CommandFailed";
        var lines = f.Message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return CellOutput.Error(
            name,
            compileErrors ? f.Message : f.Exception?.Message ?? f.Message,
            lines
        );
    }

    private void LateUpdate(OutputUpdate update)
    {
        lock (_lateUpdates)
            _lateUpdates.Add(update);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _kernel.Dispose();
        return ValueTask.CompletedTask;
    }
}
