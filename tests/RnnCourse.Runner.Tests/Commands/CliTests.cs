using RnnCourse.Runner.Commands;
using RnnCourse.Runner.Notebooks;
using Xunit.Abstractions;

namespace RnnCourse.Runner.Tests.Commands;

// The command line as users type it (System.CommandLine wiring, options, exit codes).
public class CliTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Run_SanityCourseNotebook_LikeTheMainCourseCommand()
    {
        // notebooks/ reference ../lib/RnnCourse/bin/Release/net10.0/RnnCourse.dll; the sanity
        // notebook uses the same Release build from its own folder.
        var dll = Path.Combine(
            TestPaths.RepoRoot,
            "lib",
            "RnnCourse",
            "bin",
            "Release",
            "net10.0",
            "RnnCourse.dll"
        );
        if (!File.Exists(dll))
        {
            Assert.False(
                Environment.GetEnvironmentVariable("CI") == "true",
                $"{dll} missing on CI (the Release build makes it)"
            );
            log.WriteLine($"SKIPPED: {dll} not built (build the library in Release).");
            return;
        }
        var output = TestPaths.TempDir("sanity");
        var exit = await Cli.RunAsync([
            "run",
            TestPaths.Notebook("course"),
            "--output",
            output,
            "--timeout",
            "2m",
        ]);
        Assert.Equal(ExitCodes.Ok, exit);
        var nb = NotebookJson.ReadFile(Path.Combine(output, "00-sanity.ipynb"));
        var step = nb.Cells[3].Outputs;
        Assert.StartsWith("|h| = ", step[0].Text);
        // the kernel shows a double[] as "[ 0.2159, -0.469, ... ]"
        var values = System
            .Text.RegularExpressions.Regex.Matches(
                step[1].Data["text/html"].Split("</pre>")[0],
                "(-?[0-9]+[.][0-9]+)"
            )
            .Select(m =>
                double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            )
            .ToList();
        Assert.Equal(4, values.Count);
        Assert.All(values, v => Assert.InRange(v, -1, 1)); // tanh's range
        var page = File.ReadAllText(Path.Combine(output, "00-sanity.html"));
        Assert.Contains(@"<span class=""math"">\[h_t = \tanh", page); // display math left for KaTeX
        Assert.Contains(
            "Sanity check: one Elman step",
            File.ReadAllText(Path.Combine(output, "index.html"))
        );
    }

    [Theory]
    [InlineData("--timeout", "soon")]
    [InlineData("--notebook-timeout", "x5")]
    public async Task Run_BadDuration_ExitsWith2(string option, string value)
    {
        Assert.Equal(
            ExitCodes.BadInput,
            await Cli.RunAsync(["run", TestPaths.Notebook("dialects/vscode.ipynb"), option, value])
        );
    }

    [Fact]
    public async Task UnknownOption_ExitsWith2() =>
        Assert.Equal(
            ExitCodes.BadInput,
            await Cli.RunAsync(["run", "--no-such-option", "x.ipynb"])
        );

    [Fact]
    public async Task Render_ExecutedNotebooks_WritesIndexAndPages()
    {
        var output = TestPaths.TempDir("render");
        Assert.Equal(
            ExitCodes.Ok,
            await Cli.RunAsync(["render", TestPaths.Notebook("constructs"), "--output", output])
        );
        Assert.True(File.Exists(Path.Combine(output, "index.html")));
        var page = File.ReadAllText(Path.Combine(output, "08-formatter.html"));
        Assert.Contains("<i>(1, 2)</i>", page); // richest MIME type (text/html) shown as is
        var errors = File.ReadAllText(Path.Combine(output, "05-exception.html"));
        Assert.Contains("class=\"output error\"", errors);
    }

    [Fact]
    public async Task Export_UnknownTarget_ExitsWith2()
    {
        Assert.Equal(
            ExitCodes.BadInput,
            await Cli.RunAsync([
                "export",
                TestPaths.Notebook("dialects/vscode.ipynb"),
                "--to",
                "py",
            ])
        );
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("500ms", 0.5)]
    public void ParseDuration_Units(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Cli.ParseDuration(text));

    [Fact]
    public void ParseDuration_ZeroMeansNoLimit() => Assert.Null(Cli.ParseDuration("0"));
}
