// One notebook's kernel state: cells are submitted one at a time and every event the kernel
// publishes while a cell runs belongs to that cell (VS Code routes them by the command's token;
// with one command in flight that is the same thing). Also compiles a cell without running it,
// for the grader's API policy.
using Microsoft.CodeAnalysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace RnnCourse.Interactive;

/// <summary>The events of one submitted cell, in the order the kernel published them.</summary>
/// <param name="Events">Every event published while the cell ran.</param>
/// <param name="Succeeded">Whether the cell ended with <c>CommandSucceeded</c>.</param>
public sealed record KernelSubmission(IReadOnlyList<KernelEvent> Events, bool Succeeded)
{
    /// <summary>The failure, when the cell failed.</summary>
    public CommandFailed? Failure => Events.OfType<CommandFailed>().LastOrDefault();

    /// <summary>Compiler diagnostics of the cell (errors and warnings).</summary>
    public IReadOnlyList<Microsoft.DotNet.Interactive.Diagnostic> Diagnostics =>
        [.. Events.OfType<DiagnosticsProduced>().SelectMany(d => d.Diagnostics)];

    /// <summary>The value of the cell's last expression, if it had one.</summary>
    public ReturnValueProduced? ReturnValue => Events.OfType<ReturnValueProduced>().LastOrDefault();
}

/// <summary>A persistent C# kernel state, one submission at a time.</summary>
public sealed class KernelSession : IDisposable
{
    private readonly CompositeKernel _kernel = CourseKernel.Create();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly object _gate = new();
    private List<KernelEvent>? _current;
    private Action<KernelEvent>? _onEvent;

    /// <summary>Creates a kernel; nothing is compiled until the first submission.</summary>
    public KernelSession()
    {
        _kernel.KernelEvents.Subscribe(new Observer(this));
    }

    /// <summary>The composite kernel (C#, HTML, value store).</summary>
    public CompositeKernel Kernel => _kernel;

    /// <summary>The C# kernel.</summary>
    public CSharpKernel CSharp => (CSharpKernel)_kernel.FindKernelByName(CourseKernel.CSharpName)!;

    /// <summary>Submits <paramref name="code"/> (directives included) as the next cell.</summary>
    /// <param name="code">Cell source.</param>
    /// <param name="onEvent">Called for each event as it is published (while the cell runs).</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    public async Task<KernelSubmission> SubmitAsync(
        string code,
        Action<KernelEvent>? onEvent = null,
        CancellationToken cancellationToken = default
    )
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        var events = new List<KernelEvent>();
        KernelCommandResult result;
        try
        {
            lock (_gate)
            {
                _current = events;
                _onEvent = onEvent;
            }
            result = await _kernel.SendAsync(
                new SubmitCode(code, CourseKernel.CSharpName),
                cancellationToken
            );
        }
        finally
        {
            // Events published after this (a thread the cell left running) belong to no cell.
            lock (_gate)
            {
                _current = null;
                _onEvent = null;
            }
            _oneAtATime.Release();
        }
        // The command's own outcome is in its result even when the event stream delivered it
        // elsewhere (a failure raised while the kernel was unwinding).
        if (
            result.Events.OfType<CommandFailed>().LastOrDefault() is { } failed
            && !events.Contains(failed)
        )
            events.Add(failed);
        return new KernelSubmission(events, !events.OfType<CommandFailed>().Any());
    }

    /// <summary>
    /// Compiles <paramref name="code"/> as the submission that would follow the current state,
    /// without running it (null before the first submission: the kernel has no script yet).
    /// </summary>
    public Compilation? CompileNext(string code) =>
        CSharp.ScriptState?.Script.ContinueWith(code).GetCompilation();

    private void OnNext(KernelEvent e)
    {
        Action<KernelEvent>? forward;
        lock (_gate)
        {
            if (_current is null)
                return;
            _current.Add(e);
            forward = _onEvent;
        }
        forward?.Invoke(e);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _kernel.Dispose();
        _oneAtATime.Dispose();
    }

    private sealed class Observer(KernelSession session) : IObserver<KernelEvent>
    {
        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void OnNext(KernelEvent value) => session.OnNext(value);
    }
}
