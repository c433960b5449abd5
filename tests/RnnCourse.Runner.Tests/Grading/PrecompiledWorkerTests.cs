// The grading worker the runner's build publishes (RnnCourse.Runner.csproj, target
// RnnCourseGradingWorker): precompiled where it saves start-up time, IL where it would only cost
// build time, and the copy `rnncourse grade` actually starts (each report names it).
using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;

namespace RnnCourse.Runner.Tests.Grading;

public sealed class PrecompiledWorkerTests
{
    // The runner's own output folder, in the configuration these tests were built with.
    private static readonly string RunnerDir = Path.Combine(
        TestPaths.RepoRoot,
        "lib",
        "RnnCourse.Runner",
        "bin",
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name,
        "net10.0"
    );

    private static string WorkerDir => Path.Combine(RunnerDir, "grading-worker");

    private static bool ReadyToRun(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    [Theory]
    [InlineData("RnnCourse.Grading.dll", true)]
    [InlineData("RnnCourse.dll", true)]
    [InlineData("Microsoft.CodeAnalysis.dll", true)]
    [InlineData("Microsoft.CodeAnalysis.CSharp.dll", true)]
    [InlineData("Microsoft.DotNet.Interactive.CSharp.dll", true)]
    [InlineData("FSharp.Compiler.Service.dll", false)]
    [InlineData("Microsoft.CodeAnalysis.VisualBasic.dll", false)]
    public void Build_RunnerOutput_WorkerAssemblyPrecompiledWhereItSavesStartUp(
        string assembly,
        bool precompiled
    )
    {
        var file = Path.Combine(WorkerDir, assembly);
        Assert.True(
            File.Exists(file),
            $"{file} is missing: the runner's build did not publish the worker"
        );
        Assert.Equal(precompiled, ReadyToRun(file));
    }

    [Fact]
    public void Grade_RunnerBuild_StartsThePrecompiledWorkerAndSaysSo()
    {
        var hidden = Path.Combine(
            TestPaths.RepoRoot,
            "tests",
            "RnnCourse.Grading.Tests",
            "Assignments",
            "Basics",
            "hidden"
        );
        var work = TestPaths.TempDir("precompiled-worker");
        var runner = Path.Combine(RunnerDir, "RnnCourse.Runner.dll");
        Run(
            runner,
            "release",
            Path.Combine(hidden, "basics.ipynb"),
            "-o",
            Path.Combine(work, "subs")
        );
        Run(
            runner,
            "grade",
            Path.Combine(work, "subs"),
            "--hidden",
            hidden,
            "-o",
            Path.Combine(work, "out"),
            "--sandbox",
            "off"
        );

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(work, "out", "basics.json")))!;
        Assert.Equal("ReadyToRun", report["tool"]?["worker"]?.GetValue<string>());
        // The untouched release ran in that worker: its exercises were reached and are to do.
        Assert.Equal("graded", report["status"]?.GetValue<string>());
        Assert.Equal(0, report["score"]?.GetValue<double>());
        Directory.Delete(work, recursive: true);
    }

    private static void Run(string runner, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(runner);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.True(
            p.WaitForExit(TimeSpan.FromMinutes(3)),
            "rnncourse " + args[0] + " did not finish"
        );
        p.WaitForExit();
        Assert.True(
            p.ExitCode == 0,
            $"rnncourse {args[0]} exited {p.ExitCode}: {output.Result}{error.Result}"
        );
    }
}
