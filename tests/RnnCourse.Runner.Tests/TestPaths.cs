// Locations shared by the runner tests: the repository root and the test notebooks (read from
// the SOURCE tree, because notebooks run with their own folder as working directory).
using Spectre.Console;

namespace RnnCourse.Runner.Tests;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Notebooks =>
        Path.Combine(RepoRoot, "tests", "RnnCourse.Runner.Tests", "Notebooks");

    public static string Notebook(string relative) => Path.Combine(Notebooks, relative);

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rnncourse-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A console that records what the command printed.</summary>
    public static (IAnsiConsole Console, StringWriter Text) Console()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(text),
            }
        );
        console.Profile.Width = 250;
        return (console, text);
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RnnCourse.sln")))
                return d.FullName;
        throw new InvalidOperationException("RnnCourse.sln not found above the test binaries");
    }
}
