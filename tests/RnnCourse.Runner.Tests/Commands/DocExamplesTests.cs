// The sharded-grading examples of docs/grading.md (GitHub Actions, Kubernetes) and the grader's
// Containerfile run `rnncourse` where this test cannot (a runner matrix, a cluster, a container
// engine): every such command is parsed with the current command line instead, with the matrix
// and index variables given values, so a renamed option or command fails here.
using System.Text.Json;
using System.Text.RegularExpressions;
using RnnCourse.Runner.Commands;

namespace RnnCourse.Runner.Tests.Commands;

public sealed partial class DocExamplesTests
{
    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    private static readonly (string Variable, string Value)[] Substitutions =
    [
        ("${{ matrix.shard }}", "2"),
        ("$((JOB_COMPLETION_INDEX + 1))", "2"),
    ];

    /// <summary>Each `rnncourse …` command line of <paramref name="text"/> as arguments.</summary>
    private static IEnumerable<string[]> Commands(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("args: [", StringComparison.Ordinal))
            {
                yield return JsonSerializer.Deserialize<string[]>(line["args: ".Length..])!;
                continue;
            }
            int at = line.IndexOf("rnncourse ", StringComparison.Ordinal);
            if (at < 0)
                continue;
            var command = line[(at + "rnncourse ".Length)..].TrimEnd('\\', ' ', '"');
            foreach (var (variable, value) in Substitutions)
                command = command.Replace(variable, value, StringComparison.Ordinal);
            var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (args.Length > 0 && char.IsAsciiLetterLower(args[0][0]))
                yield return args;
        }
    }

    private static void AssertParses(string[] args, string where)
    {
        var parse = Cli.Root().Parse(args);
        Assert.True(
            parse.Errors.Count == 0,
            $"{where}: `rnncourse {string.Join(' ', args)}`: {string.Join("; ", parse.Errors.Select(e => e.Message))}"
        );
    }

    [Fact]
    public void GradingDoc_ShardingExamples_EveryCommandParses()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "grading.md"));
        var commands = YamlBlock()
            .Matches(doc)
            .SelectMany(m => Commands(m.Groups[1].Value))
            .ToList();

        Assert.Equal(4, commands.Count); // GitHub Actions: grade, merge; Kubernetes: grade, merge
        Assert.Equal(2, commands.Count(c => c[0] == "grade" && c[1] == "merge"));
        Assert.Contains(
            commands,
            c => c.Contains("--shard") && c[Array.IndexOf(c, "--shard") + 1] == "2/4"
        );
        foreach (var args in commands)
            AssertParses(args, "docs/grading.md");
    }

    [Fact]
    public void Containerfile_RnncourseCommands_Parse()
    {
        var file = File.ReadAllText(
            Path.Combine(TestPaths.RepoRoot, "lib", "RnnCourse.Runner", "Containerfile")
        );
        var commands = Commands(file).ToList();

        Assert.Contains(commands, c => c[0] == "run");
        foreach (var args in commands)
            AssertParses(args, "Containerfile");
        Assert.Matches(@"(?m)^USER grader$", file);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0$", file);
    }
}
