// The OS sandbox around the worker: what student code sees and can touch inside it (checked by a
// submission graded without the API policy, so that it may look), and what the grader says when
// bubblewrap is missing. On a machine without working bubblewrap the sandbox tests fail under
// CI=true (the CI installs it: .ci/install-test-deps.sh) and are inconclusive elsewhere.
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Reports;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class OsSandboxTests : IDisposable
{
    private readonly BasicsAssignment _a = new();

    public void Dispose() => _a.Dispose();

    private static bool Available(GradeOptions options)
    {
        var status = OsSandbox.Detect(options);
        Assert.False(
            !status.Active && Environment.GetEnvironmentVariable("CI") == "true",
            "CI=true but the OS sandbox does not work here: " + status.Description
        );
        return status.Active;
    }

    private SubmissionReport Grade(string path, GradeOptions options) =>
        new SubmissionGrader(_a.Load(), options)
            .Grade(path, Path.GetFileNameWithoutExtension(path))
            .Report;

    [Fact]
    public void Grade_InsideSandbox_NoHostFilesNetworkProcessesOrGraderPaths()
    {
        var options = _a.Options(policy: false) with { KeepSandboxes = true };
        if (!Available(options))
        {
            return;
        }
        // Each probe that fails adds its name; the cell throws them all, so the report says which.
        var code = $$"""
            var failed = new List<string>();
            void Expect(string what, Func<bool> ok) { try { if (!ok()) failed.Add(what); } catch (Exception e) { failed.Add(what + " threw " + e.GetType().Name); } }
            bool Throws(Action a) { try { a(); return false; } catch { return true; } }
            Expect("hidden folder absent", () => !System.IO.Directory.Exists("{{_a.Hidden}}"));
            Expect("test root absent", () => !System.IO.Directory.Exists("{{_a.Root}}"));
            Expect("root holds only system and sandbox", () => System.IO.Directory.GetDirectories("/").Select(System.IO.Path.GetFileName).All(d => new[] { "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "proc", "dev", "opt", "sandbox", "tmp", "root", "home" }.Contains(d)));
            Expect("no source notebook or test file anywhere visible", () => !new[] { "/sandbox", "/opt/rnncourse" }.SelectMany(r => System.IO.Directory.EnumerateFiles(r, "*", System.IO.SearchOption.AllDirectories)).Any(f => f.EndsWith(".cs") || f.EndsWith(".ipynb")));
            Expect("/usr read-only", () => Throws(() => System.IO.File.WriteAllText("/usr/rnncourse-probe", "x")));
            Expect("course libs read-only", () => Throws(() => System.IO.File.WriteAllText("/opt/rnncourse/probe", "x")));
            Expect("sandbox writable", () => { System.IO.File.WriteAllText("/sandbox/tmp/probe.txt", "x"); return true; });
            Expect("own PID namespace", () => System.Diagnostics.Process.GetProcesses().Length <= 3 && Environment.ProcessId == 1);
            Expect("no network", () => System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().All(n => n.NetworkInterfaceType == System.Net.NetworkInformation.NetworkInterfaceType.Loopback));
            Expect("no network connection", () => Throws(() => new System.Net.Sockets.TcpClient().Connect("1.1.1.1", 53)));
            Expect("command line has no host path", () => !System.IO.File.ReadAllText("/proc/1/cmdline").Contains("{{_a.Root}}") && !string.Join(" ", Environment.GetCommandLineArgs()).Contains("/work"));
            Expect("environment has no host path", () => !Environment.GetEnvironmentVariables().Values.Cast<object>().Any(v => v.ToString()!.Contains("{{_a.Root}}")));
            if (failed.Count > 0) throw new Exception("sandbox probes failed: " + string.Join("; ", failed));
            double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
            """;
        var r = Grade(_a.SubmitCorrectExcept("probe", "1.1", code), options);
        var ex = r.Exercises.Single(e => e.Id == "1.1");
        Assert.True(ex.Status == "passed", $"{ex.Status}: {ex.Reason}");
        Assert.StartsWith("OS sandbox: bubblewrap", r.Isolation);
        Assert.DoesNotContain(r.Notes, n => n.Contains("WARNING"));
        Assert.Single(Directory.GetFiles(_a.Sandboxes, "probe.txt", SearchOption.AllDirectories));
    }

    [Fact]
    public void Detect_ToolMissing_AutoGradesAndWarnsInEveryReport()
    {
        var options = _a.Options() with { SandboxTool = "/nonexistent/bwrap" };
        var r = Grade(_a.SubmitCorrectExcept("nosandbox", "", ""), options);
        Assert.Equal(8, r.Score);
        Assert.StartsWith("NO OS SANDBOX", r.Isolation);
        Assert.Contains(
            r.Notes,
            n => n.StartsWith("WARNING: NO OS SANDBOX") && n.Contains("/nonexistent/bwrap")
        );
        var line = ClassReports.Csv([r]).Split('\n')[1];
        Assert.Contains("WARNING: NO OS SANDBOX", line);
    }

    [Fact]
    public void Detect_ToolMissingAndRequired_RefusesWithTheFix()
    {
        var options = _a.Options() with
        {
            SandboxTool = "/nonexistent/bwrap",
            Sandbox = SandboxMode.Required,
        };
        var e = Assert.Throws<InvalidOperationException>(() => OsSandbox.Detect(options));
        Assert.Contains("apt-get install bubblewrap", e.Message);
    }

    [Fact]
    public void Detect_Off_SaysSoWithoutProbing()
    {
        var status = OsSandbox.Detect(
            _a.Options() with
            {
                Sandbox = SandboxMode.Off,
                SandboxTool = "/nonexistent/bwrap",
            }
        );
        Assert.False(status.Active);
        Assert.Contains("--sandbox off", status.Description);
    }
}
