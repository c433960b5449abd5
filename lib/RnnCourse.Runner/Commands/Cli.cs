// The `rnncourse` command tree (System.CommandLine). Each command lives in its own file and
// contributes a Command through a static Create(); add new commands to Commands below.
using System.CommandLine;

namespace RnnCourse.Runner.Commands;

/// <summary>Exit codes shared by all commands.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>A cell or notebook failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad input (unreadable or unsupported notebook, missing path, bad option); nothing was written for it.</summary>
    public const int BadInput = 2;
}

/// <summary>Builds and runs the command line.</summary>
public static class Cli
{
    /// <summary>The subcommands of <c>rnncourse</c>.</summary>
    public static IEnumerable<Command> Commands() =>
        [
            RunCommand.Create(),
            RenderCommand.Create(),
            ExportCommand.Create(),
            WorkerCommand.Create(),
            .. Grading.GradingCommands.Create(),
        ];

    /// <summary>The root command.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand(
            "rnncourse: runs, renders and exports the RnnCourse C# notebooks (Polyglot .ipynb) without VS Code."
        );
        foreach (var c in Commands())
            root.Subcommands.Add(c);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Root().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                Console.Error.WriteLine($"rnncourse: {e.Message}");
            Console.Error.WriteLine("Run 'rnncourse --help' for usage.");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync();
    }

    /// <summary>Parses a duration: seconds (<c>90</c>) or with a unit (<c>500ms</c>, <c>90s</c>, <c>5m</c>, <c>1h</c>); 0 or "none" means no limit.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t is "none" or "0" or "infinite")
            return null;
        double Num(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var value =
            t.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(Num(t[..^2]))
            : t.EndsWith('s') ? TimeSpan.FromSeconds(Num(t[..^1]))
            : t.EndsWith('m') ? TimeSpan.FromMinutes(Num(t[..^1]))
            : t.EndsWith('h') ? TimeSpan.FromHours(Num(t[..^1]))
            : TimeSpan.FromSeconds(Num(t));
        return value <= TimeSpan.Zero ? null : value;
    }
}
