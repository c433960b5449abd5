// Every shell command in README.md and docs/*.md runs as written (docs that are true). The test
// reads each ```bash block; HTML comments on the lines before a block say how CI treats it:
//   <!-- doc-test: exit 1 -->                  the command's documented exit code (default 0)
//   <!-- doc-test: setup <command> -->         run first (e.g. make the submissions folder)
//   <!-- doc-test: smoke <command> -->         run this shorter variant instead (named in the docs)
//   <!-- doc-test: skip <reason> -->           not run, and the reason is listed
// Commands run with bash, one block after the other, in a copy of the working tree (without .git,
// bin, obj, node_modules, artifacts): a fresh checkout as a user has it, with this change in it,
// where what the commands build and write (artifacts/, grades/, exported programs) stays out of the
// repository. The table of blocks is printed.
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RnnCourse.Course.Tests;

public partial class DocCommandsTests(DocCommandsTests.Checkout checkout, ITestOutputHelper output)
    : IClassFixture<DocCommandsTests.Checkout>
{
    /// <summary>The copy of the working tree the commands run in, made once for all blocks.</summary>
    public sealed class Checkout : IDisposable
    {
        private static readonly HashSet<string> Left = new(StringComparer.Ordinal)
        {
            ".git",
            "bin",
            "obj",
            "node_modules",
            "artifacts",
            "TestResults",
        };

        public string Root { get; } = Course.TempDir("docs-checkout");

        public Checkout() => Copy(Course.Root, Root);

        private static void Copy(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            foreach (var dir in Directory.GetDirectories(from))
            {
                if (!Left.Contains(Path.GetFileName(dir)))
                    Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
            }
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException) { }
        }
    }

    /// <summary>One ```bash block of a document and how it is run.</summary>
    public sealed record DocBlock(
        string File,
        int Line,
        string Commands,
        int Exit,
        string? Setup,
        string? Smoke,
        string? Skip
    )
    {
        public override string ToString() => $"{File}:{Line}";
    }

    public static IEnumerable<string> DocumentPaths() =>
        new[] { "README.md", "datasets/README.md" }
            .Concat(
                Directory
                    .GetFiles(Path.Combine(Course.Root, "docs"), "*.md")
                    .Select(f => Path.GetRelativePath(Course.Root, f).Replace('\\', '/'))
                    .Order(StringComparer.Ordinal)
            )
            .Where(f => File.Exists(Path.Combine(Course.Root, f)));

    public static List<DocBlock> Blocks()
    {
        var blocks = new List<DocBlock>();
        foreach (var file in DocumentPaths())
        {
            var lines = File.ReadAllLines(Path.Combine(Course.Root, file));
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() is not ("```bash" or "```sh"))
                    continue;
                var body = new StringBuilder();
                int j = i + 1;
                for (; j < lines.Length && lines[j].Trim() != "```"; j++)
                    body.Append(lines[j].Trim()).Append('\n');
                var directives = new Dictionary<string, string>();
                for (
                    int k = i - 1;
                    k >= 0 && Directive().Match(lines[k].Trim()) is { Success: true } m;
                    k--
                )
                    directives[m.Groups["key"].Value] = m.Groups["value"].Value.Trim();
                blocks.Add(
                    new DocBlock(
                        file,
                        i + 1,
                        body.ToString(),
                        directives.TryGetValue("exit", out var exit) ? int.Parse(exit) : 0,
                        directives.GetValueOrDefault("setup"),
                        directives.GetValueOrDefault("smoke"),
                        directives.GetValueOrDefault("skip")
                    )
                );
                i = j;
            }
        }
        return blocks;
    }

    public static TheoryData<string> BlockIds() => new(Blocks().Select(b => b.ToString()));

    [Fact]
    public void Docs_EveryBlock_HasCommandsAndSkipsSayWhy()
    {
        var blocks = Blocks();
        var table = new StringBuilder(
            "| document | line | run as | commands |\n|---|---|---|---|\n"
        );
        foreach (var b in blocks)
        {
            var how =
                b.Skip is not null ? $"skipped: {b.Skip}"
                : b.Smoke is not null ? "smoke"
                : "written";
            table.Append($"| {b.File} | {b.Line} | {how} | {Commands(b.Commands).Count()} |\n");
        }
        output.WriteLine(table.ToString());
        Assert.True(blocks.Count >= 10, $"found only {blocks.Count} shell blocks");
        Assert.All(blocks, b => Assert.NotEmpty(Commands(b.Commands)));
        Assert.All(
            blocks.Where(b => b.Skip is not null),
            b => Assert.True(b.Skip!.Length > 20, $"{b}: say why it is skipped")
        );
    }

    [Theory]
    [MemberData(nameof(BlockIds))]
    public void Docs_ShellBlock_RunsAsWritten(string id)
    {
        var block = Blocks().Single(b => b.ToString() == id);
        if (block.Skip is not null)
        {
            output.WriteLine($"{id}: skipped ({block.Skip})");
            return;
        }
        var scratch = checkout.Root;
        var script = new StringBuilder("set -e\n");
        if (block.Setup is not null)
            script.Append(block.Setup).Append('\n');
        // The block's commands run one after the other; the first that fails ends the block.
        script.Append(block.Smoke ?? block.Commands).Append('\n');
        var (code, log) = Course.Run(
            "bash",
            ["-c", script.ToString()],
            scratch,
            TimeSpan.FromMinutes(15)
        );
        output.WriteLine(
            $"{id} ({(block.Smoke is null ? "as written" : "smoke")}), exit {code}:\n{log}"
        );
        Assert.True(
            code == block.Exit,
            $"{id}: exit {code}, the docs say {block.Exit}:\n{Tail(log)}"
        );
    }

    private static IEnumerable<string> Commands(string body) =>
        body.Replace("\\\n", " ")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(30));

    [GeneratedRegex(@"^<!--\s*doc-test:\s*(?<key>exit|setup|smoke|skip)\s+(?<value>.*?)\s*-->$")]
    private static partial Regex Directive();
}
