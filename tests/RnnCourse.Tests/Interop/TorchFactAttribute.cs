// A fact that needs PyTorch: Debian's python3-torch for /usr/bin/python3. Without it the test is
// skipped with the reason, except under CI=true, where it runs and fails (CI installs the package).
using System.Diagnostics;
using RnnCourse.Tests.Charts;

namespace RnnCourse.Tests.Interop;

/// <summary>Skipped, with the reason, where /usr/bin/python3 cannot import torch (not under CI=true).</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    internal const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(FindMissing);

    public TorchFactAttribute()
    {
        if (!TestPaths.IsCi && Missing.Value is { } reason)
        {
            Skip =
                "PyTorch test skipped: "
                + reason
                + " Install python3-torch (apt-get); under CI=true it fails instead.";
        }
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} not found.";
        }
        var (exit, output) = Run("-c \"import torch\"", TimeSpan.FromSeconds(60));
        return exit == 0 ? null : $"{Python} cannot import torch ({output.Trim()}).";
    }

    /// <summary>Runs /usr/bin/python3 with <paramref name="arguments"/>; returns the exit code and stdout + stderr.</summary>
    internal static (int Exit, string Output) Run(string arguments, TimeSpan timeout)
    {
        using var process = Process.Start(
            new ProcessStartInfo(Python, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }
        )!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalSeconds} s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
