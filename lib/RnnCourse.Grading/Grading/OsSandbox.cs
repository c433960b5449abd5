// The OS sandbox around each grading worker. On Linux the worker runs under bubblewrap (`bwrap`):
// new user, PID, network, IPC, UTS and cgroup namespaces (no network, it sees only its own
// processes), no capabilities, the system (/usr) read-only, the .NET runtime and the course's
// built DLLs read-only under neutral paths (/opt/dotnet, /opt/rnncourse), and one writable folder,
// /sandbox, backed by the per-submission sandbox folder. Nothing else of the host file system is
// there: not the hidden tests, not the source notebook, not the grader's paths. The worker is
// pid 1 of its namespace (--as-pid-1), so /proc/1/cmdline holds only those neutral paths.
// Where bubblewrap is missing or cannot create namespaces the grader says so (SandboxStatus) and
// relies on the in-process defences (API policy, protected names, clean environment).
using System.Collections.Concurrent;
using System.Diagnostics;

namespace RnnCourse.Grading.Grading;

/// <summary>Whether grading workers run inside an OS sandbox.</summary>
public enum SandboxMode
{
    /// <summary>Use the OS sandbox where it works; elsewhere grade anyway and warn in every report.</summary>
    Auto,

    /// <summary>Refuse to grade without the OS sandbox.</summary>
    Required,

    /// <summary>Never use it (the in-process defences still apply).</summary>
    Off,
}

/// <summary>Whether the OS sandbox is in use, and a sentence saying what it gives or why not.</summary>
/// <param name="Active">True when workers run under bubblewrap.</param>
/// <param name="Tool">The bubblewrap executable (when active).</param>
/// <param name="Description">What isolation the workers get, or why there is none.</param>
public sealed record SandboxStatus(bool Active, string Tool, string Description);

/// <summary>Detects bubblewrap and builds its command line.</summary>
public static class OsSandbox
{
    /// <summary>The writable folder inside the sandbox (the worker's working directory).</summary>
    public const string WorkDir = "/sandbox";

    /// <summary>Where the .NET root is mounted inside the sandbox.</summary>
    public const string DotnetDir = "/opt/dotnet";

    /// <summary>Where the course's built DLLs are mounted inside the sandbox.</summary>
    public const string LibDir = "/opt/rnncourse";

    private static readonly ConcurrentDictionary<string, SandboxStatus> Probed = new();

    /// <summary>The sandbox status for <paramref name="options"/> (probed once per tool path).</summary>
    /// <exception cref="InvalidOperationException">Mode is Required and the sandbox does not work here.</exception>
    public static SandboxStatus Detect(GradeOptions options)
    {
        if (options.Sandbox == SandboxMode.Off)
        {
            return new SandboxStatus(
                false,
                "",
                "NO OS SANDBOX (turned off with --sandbox off): student code runs as an ordinary process; only the API policy and protected names hold it."
            );
        }
        var status = Probed.GetOrAdd(options.SandboxTool, Probe);
        if (!status.Active && options.Sandbox == SandboxMode.Required)
        {
            throw new InvalidOperationException(
                status.Description
                    + " Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) or grade with --sandbox auto."
            );
        }
        return status;
    }

    /// <summary>
    /// bubblewrap's arguments for a worker: <paramref name="mounts"/> (host path → path inside,
    /// read-only) plus the system, /proc, /dev and the writable <paramref name="sandboxDir"/>.
    /// The command to run follows these arguments.
    /// </summary>
    public static List<string> Arguments(
        string sandboxDir,
        IEnumerable<(string Host, string Inside)> mounts
    )
    {
        var args = new List<string>
        {
            "--unshare-all",
            "--as-pid-1",
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--uid",
            "65534",
            "--gid",
            "65534",
            "--hostname",
            "grader",
            "--ro-bind",
            "/usr",
            "/usr",
        };
        foreach (var top in (string[])["bin", "sbin", "lib", "lib32", "lib64", "libx32"])
        {
            var info = new DirectoryInfo("/" + top);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, "/" + top]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", "/" + top, "/" + top]);
            }
        }
        // The dynamic loader's cache (libicu, libssl are found faster); nothing else of /etc.
        args.AddRange(["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]);
        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        foreach (var (host, inside) in mounts)
        {
            args.AddRange(["--ro-bind", host, inside]);
        }
        args.AddRange(["--bind", sandboxDir, WorkDir, "--symlink", WorkDir + "/tmp", "/tmp"]);
        args.AddRange(["--chdir", WorkDir]);
        return args;
    }

    private static SandboxStatus Probe(string tool)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new SandboxStatus(
                false,
                "",
                $"NO OS SANDBOX: bubblewrap is Linux-only and this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; student code runs as an ordinary process, held only by the API policy and protected names."
            );
        }
        var (code, output) = Run(tool, ["--version"]);
        if (code != 0)
        {
            return Missing(tool, $"'{tool}' was not found or did not run ({output.Trim()})");
        }
        var version = output.Trim();
        var probe = Arguments("/tmp", []);
        probe.Add("/usr/bin/true");
        var (probeCode, probeOutput) = Run(tool, probe);
        return probeCode == 0
            ? new SandboxStatus(
                true,
                tool,
                $"OS sandbox: {version} (no network, own PID namespace, no capabilities, system read-only, only {WorkDir} writable; hidden tests and reference solutions are not in its file system)"
            )
            : Missing(
                tool,
                $"{version} is installed but cannot create namespaces here ({probeOutput.Trim()}; unprivileged user namespaces may be disabled)"
            );
    }

    private static SandboxStatus Missing(string tool, string why) =>
        new(
            false,
            tool,
            $"NO OS SANDBOX: {why}; student code runs as an ordinary process, held only by the API policy and protected names."
        );

    private static (int Code, string Output) Run(string tool, List<string> args)
    {
        try
        {
            var psi = new ProcessStartInfo(tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            args.ForEach(psi.ArgumentList.Add);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(10_000))
            {
                p.Kill(entireProcessTree: true);
                return (-1, "timed out after 10 s");
            }
            return (p.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
