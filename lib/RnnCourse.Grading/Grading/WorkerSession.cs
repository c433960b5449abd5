// The grader's side of one submission's execution: a worker process plus the list of accepted
// submissions ("committed": locked cells, student cells that ran, reference solutions). When the
// worker dies or is killed on a timeout, the next request starts a fresh worker and replays the
// committed cells, so grading resumes from the same state with the failing code left out.
using System.Diagnostics;
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Grading;

/// <summary>How a request to the worker ended.</summary>
public enum RequestEnd
{
    /// <summary>The worker answered.</summary>
    Answered,

    /// <summary>The time budget ran out; the worker was killed.</summary>
    Timeout,

    /// <summary>The worker process ended (crash, Exit, FailFast, stack overflow, out of memory).</summary>
    Crashed,
}

/// <summary>Runs requests for one submission, restarting the worker when needed.</summary>
public sealed class WorkerSession(string sandbox, GradeOptions options, SandboxStatus isolation)
    : IDisposable
{
    private readonly List<string> _committed = [];
    private WorkerProcess? _worker;
    private int _nextId;

    /// <summary>The runtime version reported by the worker.</summary>
    public string? Runtime { get; private set; }

    /// <summary>Exit code of the last crashed worker.</summary>
    public int LastExitCode { get; private set; }

    /// <summary>Adds code to the state that a restarted worker replays.</summary>
    public void Commit(string code) => _committed.Add(code);

    /// <summary>Runs one cell.</summary>
    public (RequestEnd End, WorkerEvent? Event) Exec(
        string code,
        bool policy,
        TimeSpan budget,
        List<string>? testNames = null
    )
    {
        var worker = Ensure();
        int id = ++_nextId;
        worker.Send(
            new WorkerRequest
            {
                Op = "exec",
                Id = id,
                Code = code,
                CheckPolicy = policy,
                TestNames = policy ? testNames : null,
            }
        );
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var e = worker.Next(budget - sw.Elapsed);
            if (e is null)
            {
                return (Lost(worker), null);
            }
            if (e.Type == "exec" && e.Id == id)
            {
                return (RequestEnd.Answered, e);
            }
        }
    }

    /// <summary>Runs tests, reporting each event to <paramref name="onEvent"/>.</summary>
    public RequestEnd Tests(
        string exercise,
        ulong seed,
        List<TestSource> sources,
        TimeSpan budget,
        Action<WorkerEvent> onEvent
    )
    {
        var worker = Ensure();
        int id = ++_nextId;
        worker.Send(
            new WorkerRequest
            {
                Op = "tests",
                Id = id,
                Exercise = exercise,
                Seed = seed,
                Sources = sources,
            }
        );
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var e = worker.Next(budget - sw.Elapsed);
            if (e is null)
            {
                return Lost(worker);
            }
            if (e.Id != id)
            {
                continue;
            }
            if (e.Type == "tests-done")
            {
                return RequestEnd.Answered;
            }
            onEvent(e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _worker?.Dispose();
        _worker = null;
    }

    private RequestEnd Lost(WorkerProcess worker)
    {
        worker.WaitForExit(TimeSpan.FromMilliseconds(200));
        RequestEnd end;
        if (worker.HasExited)
        {
            LastExitCode = worker.ExitCode;
            end = RequestEnd.Crashed;
        }
        else
        {
            worker.Kill();
            end = RequestEnd.Timeout;
        }
        worker.Dispose();
        _worker = null;
        return end;
    }

    private WorkerProcess Ensure()
    {
        if (_worker is { HasExited: false })
        {
            return _worker;
        }
        _worker?.Dispose();
        _worker = WorkerProcess.Start(sandbox, options, isolation, TimeSpan.FromSeconds(60));
        Runtime = _worker.Runtime;
        foreach (var code in _committed)
        {
            _worker.Send(
                new WorkerRequest
                {
                    Op = "exec",
                    Id = ++_nextId,
                    Code = code,
                }
            );
            int id = _nextId;
            WorkerEvent? e;
            do
            {
                e = _worker.Next(options.LockedCellTimeout);
            } while (e is not null && !(e.Type == "exec" && e.Id == id));
            if (e is null)
            {
                throw new InvalidOperationException(
                    "Replaying the accepted cells in a fresh worker failed (a committed cell no longer finishes)."
                );
            }
        }
        return _worker;
    }
}
