// A notebook kernel in a child process (`RnnCourse.Runner worker`), for isolation: a stack
// overflow, Environment.Exit or FailFast in a cell ends the child, not the runner; a cell over its
// time limit gets the child killed. Either way the cell gets an error output saying what happened
// and the process is then dead (IsAlive false): later cells cannot run in that state.
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using RnnCourse.Data;
using RnnCourse.Interactive;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Execution;

/// <summary>An out-of-process <see cref="ICellExecutor"/>.</summary>
public sealed class NotebookProcess : ICellExecutor
{
    private const int StderrKeep = 1500;
    private readonly Process _process;
    private readonly StringBuilder _stderrHead = new();
    private readonly StringBuilder _stderrTail = new();
    private int _executionCount;

    private NotebookProcess(Process process) => _process = process;

    /// <summary>Whether the child is still running.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts a worker whose working directory is <see cref="SessionOptions.WorkingDirectory"/>.</summary>
    /// <param name="options">Session settings passed to the child.</param>
    /// <param name="startTimeout">How long the child may take to start (default 60 s).</param>
    public static async Task<NotebookProcess> StartAsync(
        SessionOptions options,
        TimeSpan? startTimeout = null
    )
    {
        var wd = Path.GetFullPath(options.WorkingDirectory);
        var psi = new ProcessStartInfo(DotnetHost.Path)
        {
            WorkingDirectory = wd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        var args = new List<string> { "exec" };
        var runnerDll = typeof(NotebookProcess).Assembly.Location;
        var dir = Path.GetDirectoryName(runnerDll)!;
        var runtimeConfig = Path.Combine(
            dir,
            Path.GetFileNameWithoutExtension(runnerDll) + ".runtimeconfig.json"
        );
        var deps = Path.Combine(dir, Path.GetFileNameWithoutExtension(runnerDll) + ".deps.json");
        if (File.Exists(runtimeConfig))
            args.AddRange(["--runtimeconfig", runtimeConfig]);
        if (File.Exists(deps))
            args.AddRange(["--depsfile", deps]);
        args.Add(runnerDll);
        args.AddRange([
            "worker",
            "--cwd",
            wd,
            "--max-output",
            options.MaxOutputChars.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in options.Environment)
            if (value is null)
                psi.Environment.Remove(name);
            else
                psi.Environment[name] = value;
        // The child runs in the notebook's folder, so a relative data or cache folder (typed in
        // the shell, relative to where rnncourse started) would be looked for beside the
        // notebook: make it absolute first.
        foreach (var name in new[] { Quijote.DataDirVariable, Quijote.CacheDirVariable })
            if (
                psi.Environment.TryGetValue(name, out var folder)
                && !string.IsNullOrEmpty(folder)
                && !Path.IsPathFullyQualified(folder)
            )
                psi.Environment[name] = Path.GetFullPath(folder);
        var process =
            Process.Start(psi)
            ?? throw new InvalidOperationException("could not start the notebook worker process");
        var np = new NotebookProcess(process);
        process.ErrorDataReceived += (_, e) => np.OnStderr(e.Data);
        process.BeginErrorReadLine();
        var limit = startTimeout ?? TimeSpan.FromSeconds(60);
        JsonObject? ready;
        try
        {
            ready = await np.ReadMessageAsync(limit, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            np.Kill();
            throw new InvalidOperationException(
                $"the C# kernel did not start within {limit.TotalSeconds:0.#} s; the machine may be overloaded (run fewer notebooks at once: --parallel 1) or the runner's build is broken (rebuild: dotnet build RnnCourse.sln -c Release)."
            );
        }
        if (ready is null || (string?)ready["op"] != "ready")
        {
            np.Kill();
            throw new InvalidOperationException(
                $"the C# kernel process exited before it was ready (rebuild: dotnet build RnnCourse.sln -c Release): {np.StderrText()}"
            );
        }
        return np;
    }

    /// <inheritdoc/>
    public async Task<CellResult> ExecuteAsync(
        string code,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default
    )
    {
        var count = ++_executionCount;
        var clock = Stopwatch.StartNew();
        if (_process.HasExited)
            return Failure(
                [],
                CellStatus.Crashed,
                count,
                clock,
                "NotebookProcessError",
                "the notebook process is no longer running (an earlier cell crashed or timed out); this cell was not run."
            );
        try
        {
            await _process.StandardInput.WriteLineAsync(
                new JsonObject { ["op"] = "execute", ["code"] = code }.ToJsonString()
            );
            await _process.StandardInput.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // the child died between cells; reported below as a crash
        }
        JsonObject? message;
        var partial = new List<CellOutput>();
        var deadline = timeout is { } limit ? DateTime.UtcNow + limit : (DateTime?)null;
        try
        {
            while (true)
            {
                var left = deadline is { } d ? d - DateTime.UtcNow : Timeout.InfiniteTimeSpan;
                if (deadline is not null && left <= TimeSpan.Zero)
                    throw new TimeoutException();
                message = await ReadMessageAsync(left, cancellationToken);
                if ((string?)message?["op"] != "partial")
                    break;
                partial = (message!["outputs"] as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(NotebookJson.ReadOutput)
                    .ToList();
            }
        }
        catch (TimeoutException)
        {
            Kill();
            return Failure(
                partial,
                CellStatus.TimedOut,
                count,
                clock,
                "TimeoutError",
                $"the cell did not finish within {timeout!.Value.TotalSeconds:0.#} s, so the notebook process was stopped and later cells were not run. Make the cell faster or raise the limit (--timeout)."
            );
        }
        if (message is null)
        {
            await WaitForExitAsync();
            var exit = _process.HasExited ? _process.ExitCode : -1;
            var stderr = StderrText();
            var why =
                stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)
                    ? "a stack overflow (unbounded recursion?)"
                : stderr.Contains("FailFast", StringComparison.OrdinalIgnoreCase)
                || stderr.Contains("Process terminated", StringComparison.Ordinal)
                    ? "Environment.FailFast"
                : exit == 0 || exit < 128 && exit > 0 ? "Environment.Exit or an exit of the process"
                : "a crash";
            return Failure(
                partial,
                CellStatus.Crashed,
                count,
                clock,
                "NotebookProcessCrashed",
                $"the notebook process ended with exit code {exit} while running this cell ({why}); later cells were not run.{(stderr.Length > 0 ? "\n" + stderr : "")}"
            );
        }
        var result = WorkerProtocol.ParseResult(message);
        return result with { ExecutionCount = count };
    }

    private static CellResult Failure(
        List<CellOutput> partial,
        CellStatus status,
        int count,
        Stopwatch clock,
        string name,
        string message
    ) => new(status, count, [.. partial, CellOutput.Error(name, message)], clock.Elapsed);

    private async Task<JsonObject?> ReadMessageAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout != Timeout.InfiniteTimeSpan)
            cts.CancelAfter(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _process.StandardOutput.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException();
            }
            if (line is null)
                return null;
            if (line.StartsWith('{'))
            {
                try
                {
                    if (
                        System.Text.Json.Nodes.JsonNode.Parse(line) is JsonObject o
                        && o["op"] is not null
                    )
                        return o;
                }
                catch (System.Text.Json.JsonException) { }
            }
            OnStderr(line); // stray output on the protocol channel: keep it for diagnostics
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
            return;
        lock (_stderrHead)
        {
            if (_stderrHead.Length < StderrKeep)
                _stderrHead.AppendLine(line);
            else
            {
                _stderrTail.AppendLine(line);
                if (_stderrTail.Length > 2 * StderrKeep)
                    _stderrTail.Remove(0, _stderrTail.Length - StderrKeep);
            }
        }
    }

    private string StderrText()
    {
        lock (_stderrHead)
        {
            var head = _stderrHead.ToString();
            if (head.Length > StderrKeep)
                head = head[..StderrKeep];
            var tail = _stderrTail.ToString();
            if (tail.Length > StderrKeep)
                tail = tail[^StderrKeep..];
            return (tail.Length > 0 ? head + "...\n" + tail : head).Trim();
        }
    }

    private async Task WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("{\"op\":\"exit\"}");
                await _process.StandardInput.FlushAsync();
            }
            catch (IOException) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        _process.Dispose();
    }
}
