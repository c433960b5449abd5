// Every student notebook exports to a .NET 10 file-based app that builds (`rnncourse export --to
// cs`, one #:project per course library it loads), and the instructor's notebook 02 runs end to end
// as a program: its public tests print their ✅ lines and its live training chart leaves one HTML
// file (its last state), not one per redraw.

namespace RnnCourse.Course.Tests;

public class CourseExportTests
{
    [Fact]
    public void Export_EveryStudentNotebook_BuildsAsAFileBasedApp()
    {
        var dir = Course.TempDir("export-all");
        var problems = new List<string>();
        foreach (var name in Course.NotebookNames())
        {
            var program = Path.Combine(dir, Path.ChangeExtension(name, ".cs"));
            var (code, log) = Export(Path.Combine(Course.NotebooksDir, name), program);
            if (code != 0 || log.Contains("warning", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: export exited {code}: {log.Trim()}");
                continue;
            }
            var (built, buildLog) = Dotnet(dir, TimeSpan.FromMinutes(6), "build", program);
            if (built != 0)
            {
                problems.Add(
                    $"{name}: dotnet build failed ({built}):\n{string.Join('\n', buildLog.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Take(5))}"
                );
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Export_InstructorNotebook02_RunsAndPrintsItsPublicTests()
    {
        var dir = Course.TempDir("export-02");
        var program = Path.Combine(dir, "elman.cs");
        var (code, log) = Export(Course.SourcePath("02-elman-rnn-and-bptt.ipynb"), program);
        Assert.True(code == 0, log);
        var (ran, output) = Dotnet(dir, TimeSpan.FromMinutes(8), "run", program);
        Assert.True(ran == 0, $"dotnet run failed ({ran}):\n{output}");
        foreach (
            var test in new[]
            {
                "StepForward_ZeroWeights_GivesZeros",
                "StepBackward_ZeroUpstream_IsZero",
                "Bptt_ZeroWeights_LossIsTLogV",
            }
        )
        {
            Assert.Contains($"- ✅ {test} (1/1, public)", output);
        }
        Assert.DoesNotContain("❌", output);
        var charts = Directory.GetFiles(dir, "elman-output-*.html");
        var written = output.Split('\n').Count(l => l.StartsWith("[HTML output written to"));
        Assert.Equal(charts.Length, written);
        // One file per plotly chart the notebook shows in the kernel (its committed outputs), though its
        // live loss chart is redrawn many times while it trains.
        var shown = Course.ReadJson(
            Path.Combine(Course.NotebooksDir, "02-elman-rnn-and-bptt.ipynb")
        )["cells"]!
            .AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .Count(o =>
                o!
                    ["data"]
                    ?["text/html"]?.ToJsonString()
                    .Contains("plotly", StringComparison.OrdinalIgnoreCase) == true
            );
        Assert.Equal(
            shown,
            charts.Count(c =>
                File.ReadAllText(c).Contains("plotly", StringComparison.OrdinalIgnoreCase)
            )
        );
    }

    [Fact]
    public void Export_BuiltAsFileBasedApp_CarriesTheLibraryCompiledOptimized()
    {
        // `dotnet run x.cs` builds the program and its #:project references in Debug. The library
        // compiles optimized there too (RnnCourse.csproj); a library marked for the debugger runs
        // every kernel unoptimized (notebook 07's program: 3 minutes instead of 25 s).
        var dir = Course.TempDir("export-optimized");
        var program = Path.Combine(dir, "setup.cs");
        var (code, log) = Export(Path.Combine(Course.NotebooksDir, "00-setup.ipynb"), program);
        Assert.True(code == 0, log);
        var output = Path.Combine(dir, "out");
        var (built, buildLog) = Dotnet(
            dir,
            TimeSpan.FromMinutes(6),
            "build",
            program,
            "-o",
            output
        );
        Assert.True(built == 0, $"dotnet build failed ({built}):\n{buildLog}");
        var context = new System.Runtime.Loader.AssemblyLoadContext("export-probe", true);
        try
        {
            var library = context.LoadFromAssemblyPath(Path.Combine(output, "RnnCourse.dll"));
            var debuggable = library
                .GetCustomAttributes(false)
                .OfType<System.Diagnostics.DebuggableAttribute>()
                .SingleOrDefault();
            Assert.False(
                debuggable?.IsJITOptimizerDisabled ?? false,
                "The exported program's RnnCourse.dll disables JIT optimizations (a Debug build): keep <Optimize>true</Optimize> in lib/RnnCourse/RnnCourse.csproj."
            );
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>`rnncourse export NOTEBOOK --to cs -o PROGRAM`.</summary>
    private static (int ExitCode, string Output) Export(string notebook, string program) =>
        Course.Rnncourse(TimeSpan.FromMinutes(1), "export", notebook, "--to", "cs", "-o", program);

    private static (int ExitCode, string Output) Dotnet(
        string dir,
        TimeSpan limit,
        params string[] args
    ) => Course.Run("dotnet", args, dir, limit);
}
