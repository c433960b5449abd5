using System.Diagnostics;
using RnnCourse.Runner.Export;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Export;

public class CsExporterTests
{
    private static Notebook LibraryNotebook(string dir)
    {
        var relative = Path.GetRelativePath(dir, typeof(RnnCourse.Numerics.Rng).Assembly.Location)
            .Replace('\\', '/');
        var nb = new Notebook();
        nb.Cells.Add(
            new NotebookCell { Kind = CellKind.Markdown, Source = "# Exported\nSome *text*." }
        );
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Source = $"#r \"{relative}\"\nusing RnnCourse.Numerics;\nvar rng = new Rng(1);",
            }
        );
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Source = "record Pair(int A, int B);\nvar p = new Pair(2, 3);\np.A + p.B",
            }
        );
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Source =
                    "var p = new Pair(10, 20);\nConsole.WriteLine($\"sum {p.A + p.B}\");\ndisplay(\"shown\");\nvar sb = new StringBuilder(\"ok\");\nsb.ToString()",
            }
        );
        nb.Cells.Add(
            new NotebookCell { Kind = CellKind.Code, Source = "#!markdown\n## A markdown cell" }
        );
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Source = """
                public class TypeFormatterSourceAttribute(Type t) : Attribute { public Type FormatterSourceType { get; } = t; }
                public class ChartFormatter { public string MimeType => "text/html"; public bool Format(object o, System.IO.TextWriter w) { w.Write("<div id='chart'>" + ((Chart)o).Title + "</div>"); return true; } }
                public class ChartSource { public IEnumerable<object> CreateTypeFormatters() => new[] { new ChartFormatter() }; }
                [TypeFormatterSource(typeof(ChartSource))]
                public record Chart(string Title);
                new Chart("loss")
                """,
            }
        );
        return nb;
    }

    [Fact]
    public void Export_MapsCellsToAFileBasedApp()
    {
        var dir = TestPaths.TempDir("export");
        var warnings = new List<string>();
        var text = CsExporter.Export(
            LibraryNotebook(dir),
            Path.Combine(dir, "nb.ipynb"),
            Path.Combine(dir, "nb.cs"),
            null,
            warnings
        );
        Assert.Empty(warnings);
        Assert.Contains("#:project ", text);
        Assert.Contains("RnnCourse.csproj", text);
        Assert.Contains("#:property PublishAot=false", text);
        Assert.Contains("// # Exported", text);
        Assert.Contains("// ## A markdown cell", text);
        Assert.Contains("display(p.A + p.B);", text);
        Assert.Contains("p = new Pair(10, 20);", text); // re-declaration becomes an assignment
        Assert.True(
            text.IndexOf("record Pair", StringComparison.Ordinal)
                > text.IndexOf("display(sb.ToString());", StringComparison.Ordinal)
        ); // types after statements
        Assert.DoesNotContain("#r ", text);
    }

    [Fact]
    public async Task Export_RunWithDotnetRun_PrintsTheNotebooksOutputs()
    {
        var dir = TestPaths.TempDir("export-run");
        var file = Path.Combine(dir, "exported.cs");
        File.WriteAllText(
            file,
            CsExporter.Export(LibraryNotebook(dir), Path.Combine(dir, "nb.ipynb"), file, null, [])
        );
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "run", file })
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        var output = await stdout;
        Assert.True(
            p.ExitCode == 0,
            $"dotnet run failed ({p.ExitCode}):\n{output}\n{await stderr}\n{File.ReadAllText(file)}"
        );
        var lines = output.Split(
            '\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
        );
        Assert.Equal(["5", "sum 30", "shown", "ok"], lines[..4]);
        // the chart-like value went to an HTML file through its formatter
        var chartFile = Path.Combine(dir, "exported-output-1.html");
        Assert.Equal($"[HTML output written to {chartFile}]", Assert.Single(lines[4..]));
        Assert.Contains("<div id='chart'>loss</div>", File.ReadAllText(chartFile));
    }
}
