// A client of the published .NET Interactive kernel, started the way VS Code's Polyglot Notebooks
// extension starts it: `dotnet tool run dotnet-interactive -- stdio --working-dir <notebook folder>
// --default-kernel csharp`, one JSON command per stdin line, one JSON event per stdout line.
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RnnCourse.Course.Tests.PublishedKernel;

/// <summary>The kernel could not be started; <see cref="Exception.Message"/> is one line naming the fix.</summary>
public sealed class KernelStartException(string message) : Exception(message);

/// <summary>The events of one submitted cell and how it ended.</summary>
/// <param name="Events">Every event received while the cell ran, in order.</param>
/// <param name="Succeeded">True when the cell's command ended in CommandSucceeded.</param>
/// <param name="DiedReason">Why the kernel stopped answering (exited or timed out); null otherwise.</param>
public sealed record CellRun(IReadOnlyList<KernelEvent> Events, bool Succeeded, string? DiedReason);

/// <summary>One running <c>dotnet-interactive stdio</c> process.</summary>
public sealed class StdioKernel : IDisposable
{
    private readonly Process _process;
    private readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>();
    private readonly StringBuilder _stderr = new();
    private int _commands;
    private bool _disposed;

    private StdioKernel(Process process) => _process = process;

    /// <summary>
    /// Starts the tool pinned in <paramref name="toolRoot"/>'s local manifest with
    /// <paramref name="workingDir"/> as the kernel's working directory, and waits for KernelReady.
    /// </summary>
    /// <exception cref="KernelStartException">The tool is not restored, exited, or was not ready in time.</exception>
    public static async Task<StdioKernel> StartAsync(
        string workingDir,
        string toolRoot,
        TimeSpan timeout
    )
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = toolRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (
            var a in new[] { "tool", "run", "dotnet-interactive", "--", "stdio", "--working-dir" }
        )
        {
            psi.ArgumentList.Add(a);
        }
        psi.ArgumentList.Add(workingDir);
        psi.ArgumentList.Add("--default-kernel");
        psi.ArgumentList.Add("csharp");
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        var kernel = new StdioKernel(Process.Start(psi)!);
        kernel.StartReading();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await kernel._events.Reader.ReadAsync(cts.Token);
                if (e.Type == "KernelReady")
                {
                    return kernel;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            var stderr = kernel.StderrText();
            kernel.Dispose();
            throw new KernelStartException(
                stderr.Contains("dotnet tool restore") || stderr.Contains("Cannot find a tool")
                    ? $"dotnet-interactive is not available in {toolRoot}: run `dotnet tool restore` there (it is pinned in .config/dotnet-tools.json)."
                : ex is OperationCanceledException
                    ? $"dotnet-interactive did not report KernelReady within {timeout.TotalSeconds:0.#} s: run `dotnet tool restore` in {toolRoot} and retry on a less loaded machine."
                : $"dotnet-interactive exited before KernelReady: {FirstLine(stderr)} (run `dotnet tool restore` in {toolRoot})."
            );
        }
    }

    /// <summary>
    /// Sends one SubmitCode and collects every event until CommandSucceeded or CommandFailed for its
    /// token. A kernel that exits, or does not finish within <paramref name="timeout"/>, is killed
    /// and reported in <see cref="CellRun.DiedReason"/>.
    /// </summary>
    public async Task<CellRun> SubmitAsync(string code, TimeSpan timeout)
    {
        var token = "cell-" + ++_commands;
        var command = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        var events = new List<KernelEvent>();
        try
        {
            await _process.StandardInput.WriteLineAsync(command.ToJsonString());
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            return new CellRun(events, false, DeathReason());
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token);
                events.Add(e);
                if (e.Token == token && e.Type is "CommandSucceeded" or "CommandFailed")
                {
                    return new CellRun(events, e.Type == "CommandSucceeded", null);
                }
            }
        }
        catch (ChannelClosedException)
        {
            return new CellRun(events, false, DeathReason());
        }
        catch (OperationCanceledException)
        {
            Dispose();
            return new CellRun(
                events,
                false,
                $"no CommandSucceeded/CommandFailed within {timeout.TotalSeconds:0} s; kernel killed"
            );
        }
    }

    /// <summary>Stops the kernel process and its children.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    private void StartReading()
    {
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                if (e.Data is not null && _stderr.Length < 20_000)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _ = Task.Run(async () =>
        {
            try
            {
                while (await _process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (KernelEvent.Parse(line) is { } e)
                    {
                        _events.Writer.TryWrite(e);
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The process was killed and its stream closed under the reader: the end of events.
            }
            _events.Writer.TryComplete();
        });
    }

    private string StderrText()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private string DeathReason()
    {
        _process.WaitForExit(10_000);
        var code = _process.HasExited ? _process.ExitCode.ToString() : "unknown";
        var stderr = FirstLine(StderrText());
        return $"the kernel process exited (code {code})"
            + (stderr.Length > 0 ? ": " + stderr : "");
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault()
        ?? "";
}
