// The parent's handle on one worker process (started by WorkerLauncher, inside the OS sandbox
// when there is one), speaking the protocol over stdin/stdout. Output lines are read with a length cap;
// lines without the nonce (a submission writing to the raw stdout) are ignored.
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Grading;

/// <summary>One running worker.</summary>
public sealed class WorkerProcess : IDisposable
{
    private const int MaxLine = 4 << 20;
    private readonly Process _process;
    private readonly string _nonce = Guid.NewGuid().ToString("N");
    private readonly Channel<WorkerEvent> _events = Channel.CreateUnbounded<WorkerEvent>();
    private readonly StreamWriter _stdin;

    // The readers are taken here, before Dispose can run: a reader thread that asked the Process for
    // them after Dispose would throw ObjectDisposedException on a thread of its own and end the
    // grading process. A read that Dispose interrupts ends the thread quietly.
    internal WorkerProcess(Process process)
    {
        _process = process;
        _stdin = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false))
        {
            AutoFlush = true,
        };
        var stdout = process.StandardOutput;
        var stderr = process.StandardError;
        new Thread(() => ReadEvents(stdout))
        {
            IsBackground = true,
            Name = "grader-worker-stdout",
        }.Start();
        new Thread(() => Drain(stderr))
        {
            IsBackground = true,
            Name = "grader-worker-stderr",
        }.Start();
    }

    /// <summary>The runtime version the worker reported.</summary>
    public string? Runtime { get; private set; }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a worker in <paramref name="sandbox"/> and waits for it to be ready.</summary>
    /// <exception cref="InvalidOperationException">The worker did not start.</exception>
    public static WorkerProcess Start(
        string sandbox,
        GradeOptions options,
        SandboxStatus isolation,
        TimeSpan startTimeout
    )
    {
        var psi = WorkerLauncher.StartInfo(sandbox, options, isolation);
        var host = psi.FileName;
        var process =
            Process.Start(psi)
            ?? throw new InvalidOperationException($"Could not start the grading worker '{host}'.");
        var worker = new WorkerProcess(process);
        worker.Send(
            new WorkerRequest
            {
                Op = "init",
                Nonce = worker._nonce,
                OutputCap = options.OutputCap,
            }
        );
        var ready = worker.Next(startTimeout);
        if (ready?.Type != "ready")
        {
            worker.Kill();
            throw new InvalidOperationException(
                $"The grading worker did not start within {startTimeout.TotalSeconds:0} s (exit code {(process.HasExited ? process.ExitCode : -1)})."
            );
        }
        worker.Runtime = ready.Runtime;
        return worker;
    }

    /// <summary>Sends one request; false when the worker is gone.</summary>
    public bool Send(WorkerRequest request)
    {
        try
        {
            _stdin.WriteLine(JsonSerializer.Serialize(request, ProtocolJson.Options));
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The next event, or null on timeout or when the worker has exited.</summary>
    public WorkerEvent? Next(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return _events.Reader.TryRead(out var e0) ? e0 : null;
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var t = _events.Reader.ReadAsync(cts.Token).AsTask();
            return t.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Waits briefly for the process to exit (after a crash the exit code is needed).</summary>
    public void WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Kills the worker and its children.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Send(new WorkerRequest { Op = "exit" });
            if (!_process.WaitForExit(2000))
            {
                Kill();
            }
        }
        _process.Dispose();
    }

    private void ReadEvents(StreamReader reader)
    {
        var line = new StringBuilder();
        var buffer = new char[8192];
        bool overflow = false;
        try
        {
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    char ch = buffer[i];
                    if (ch == '\n')
                    {
                        if (!overflow)
                        {
                            Accept(line.ToString());
                        }
                        line.Clear();
                        overflow = false;
                    }
                    else if (line.Length < MaxLine)
                    {
                        line.Append(ch);
                    }
                    else
                    {
                        overflow = true;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private void Accept(string line)
    {
        if (!line.StartsWith(_nonce + " ", StringComparison.Ordinal))
        {
            return;
        }
        try
        {
            var e = JsonSerializer.Deserialize<WorkerEvent>(
                line.AsSpan(_nonce.Length + 1),
                ProtocolJson.Options
            );
            if (e is not null)
            {
                e.Error = FeedbackLimits.Cap(e.Error);
                e.Diagnostics = FeedbackLimits.Cap(e.Diagnostics);
                e.Name = FeedbackLimits.Cap(e.Name);
                _events.Writer.TryWrite(e);
            }
        }
        catch (JsonException) { }
    }

    /// <summary>Reads <paramref name="reader"/> to its end, or until the stream is closed under it.</summary>
    internal static void Drain(StreamReader reader)
    {
        var buffer = new char[8192];
        try
        {
            while (reader.Read(buffer, 0, buffer.Length) > 0) { }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }
}
