// Shared helpers for the course tests: where the repository and the two editions of the notebooks
// are (the instructor's sources in tests/grading/<name>/<name>.ipynb beside their hidden tests; the
// student edition in notebooks/, made from them by `rnncourse release`), and how to call the
// `rnncourse` runner (the copy built beside these tests) as a child process.
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RnnCourse.Course.Tests;

internal static class Course
{
    public static string Root { get; } = FindRoot();

    public static string NotebooksDir => Path.Combine(Root, "notebooks");

    public static string HiddenTestsDir => Path.Combine(Root, "tests", "grading");

    /// <summary>The instructor's source of a notebook: the folder `grade --hidden` takes, and the notebook in it.</summary>
    public static string SourcePath(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        return Path.Combine(HiddenTestsDir, stem, stem + ".ipynb");
    }

    /// <summary>Every course notebook file name, in course order.</summary>
    public static IReadOnlyList<string> NotebookNames() =>
        Directory
            .GetFiles(NotebooksDir, "*.ipynb")
            .Select(Path.GetFileName)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList()!;

    /// <summary><see cref="NotebookNames"/> as theory data: one case per course notebook.</summary>
    public static TheoryData<string> Notebooks() => new(NotebookNames());

    /// <summary>Runs `rnncourse ARGS` with a time limit; returns exit code and combined output.</summary>
    public static (int ExitCode, string Output) Rnncourse(TimeSpan limit, params string[] args) =>
        Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "RnnCourse.Runner.dll"), .. args],
            Root,
            limit
        );

    /// <summary>
    /// Runs a program (no stdin, no colours) in <paramref name="directory"/>; returns its exit code
    /// and combined output, or throws <see cref="TimeoutException"/> after killing it.
    /// </summary>
    public static (int ExitCode, string Output) Run(
        string program,
        IEnumerable<string> args,
        string directory,
        TimeSpan limit
    )
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "200";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{program} {string.Join(' ', psi.ArgumentList)} ran longer than {limit}."
            );
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static JsonObject ReadJson(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static string TempDir(string name)
    {
        var dir = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-course-tests",
            name + "-" + Guid.NewGuid().ToString("N")[..8]
        );
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RnnCourse.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName
            ?? throw new InvalidOperationException(
                "RnnCourse.sln not found above " + AppContext.BaseDirectory
            );
    }
}
