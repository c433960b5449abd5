using System.Text.Json.Nodes;
using RnnCourse.Runner.Commands;
using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Commands;

[Collection(CourseRunCollection.Name)]
public class RunCommandTests(CourseRunFixture run)
{
    public static TheoryData<string> Constructs() =>
        new(
            Directory
                .GetFiles(TestPaths.Notebook("constructs"), "*.ipynb")
                .Select(Path.GetFileName)
                .Order()!
        );

    /// <summary>Each construct notebook holds its expected outputs; running it again must give exactly them.</summary>
    [Theory]
    [MemberData(nameof(Constructs))]
    public void Run_ConstructNotebook_ReproducesItsExpectedOutputs(string name)
    {
        var expected = JsonNode.Parse(File.ReadAllText(TestPaths.Notebook("constructs/" + name)))![
            "cells"
        ]!.AsArray();
        var actual = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Output, name)))![
            "cells"
        ]!.AsArray();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if ((string?)expected[i]!["cell_type"] != "code")
                continue;
            Assert.True(
                JsonNode.DeepEquals(expected[i]!["outputs"], actual[i]!["outputs"]),
                $"{name} cell {i + 1}: expected\n{expected[i]!["outputs"]}\nactual\n{actual[i]!["outputs"]}"
            );
            Assert.Equal(
                (int?)expected[i]!["execution_count"],
                (int?)actual[i]!["execution_count"]
            );
        }
    }

    [Fact]
    public void Run_ConstructsWithFailures_ExitsNonZeroAndNamesTheFailedCells()
    {
        Assert.Equal(ExitCodes.Failed, run.ConstructsExit);
        Assert.Contains(
            "02-semicolon.ipynb, cell 1: CompilationError: (1,1): error CS0201",
            run.ConstructsLog
        );
        Assert.Contains(
            "05-exception.ipynb, cell 2: System.InvalidOperationException: boom",
            run.ConstructsLog
        );
        Assert.Contains("Notebook", run.ConstructsLog); // the summary table
    }

    [Theory]
    [InlineData("vscode.ipynb")]
    [InlineData("documents.ipynb")]
    [InlineData("legacy.ipynb")]
    public void Run_EachDialect_RunsAndWritesTheVsCodeDialect(string name)
    {
        var nb = NotebookJson.ReadFile(Path.Combine(run.Output, name));
        Assert.Equal(NotebookDialect.VsCode, nb.Dialect);
        var last = nb.Cells.Last(c => c.Kind == CellKind.Code);
        Assert.Equal(2, last.ExecutionCount);
        Assert.Contains(">21<", Assert.Single(last.Outputs).Data["text/html"]);
    }

    [Fact]
    public void Run_WithOutput_WritesTheSiteInCourseOrder()
    {
        var index = File.ReadAllText(Path.Combine(run.Output, "index.html"));
        var positions = new[] { "01-values.html", "02-semicolon.html", "11-other-kernel.html" }
            .Select(p => index.IndexOf(p, StringComparison.Ordinal))
            .ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains(">Values<", index); // title = first markdown heading
        var page = File.ReadAllText(Path.Combine(run.Output, "01-values.html"));
        Assert.Contains("katex", page);
        Assert.Contains("plotly", page);
        Assert.Contains("<h1 id=\"values\">Values</h1>", page);
        Assert.Contains("&quot;hello&quot;", page); // the code, escaped
    }

    [Fact]
    public void Run_Crashes_EachBecomesAnErrorAndTheRunGoesOn()
    {
        Assert.Equal(ExitCodes.Failed, run.CrashesExit);
        string ErrorOf(string name, int cell = 0) =>
            NotebookJson
                .ReadFile(Path.Combine(run.CrashesOutput, name))
                .Cells[cell]
                .Outputs.Last(o => o.Kind == OutputKind.Error)
                .ErrorValue!;
        Assert.Contains("stack overflow", ErrorOf("stack-overflow.ipynb"));
        Assert.Contains("exit code 3", ErrorOf("exit.ipynb"));
        Assert.Contains("FailFast", ErrorOf("failfast.ipynb"));
        Assert.Contains("did not finish within 15 s", ErrorOf("timeout.ipynb", 1));
        // output written before Environment.Exit is kept; later cells are not run
        var exit = NotebookJson.ReadFile(Path.Combine(run.CrashesOutput, "exit.ipynb"));
        Assert.Equal("bye\n", exit.Cells[0].Outputs[0].Text);
        Assert.Null(exit.Cells[1].ExecutionCount);
        Assert.Empty(exit.Cells[1].Outputs);
        var timeout = NotebookJson.ReadFile(Path.Combine(run.CrashesOutput, "timeout.ipynb"));
        Assert.Equal("fast cell", timeout.Cells[0].Outputs[0].Data["text/plain"]);
        Assert.Empty(timeout.Cells[2].Outputs);
        Assert.Equal(4, Directory.GetFiles(run.CrashesOutput, "*.ipynb").Length);
    }

    public static TheoryData<string> BadInputs() =>
        new(
            Directory
                .GetFiles(TestPaths.Notebook("bad"), "*.ipynb")
                .Select(Path.GetFileName)
                .Order()!
        );

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Run_BadInput_ExitsWith2AndLeavesTheFileUntouched(string name)
    {
        var dir = TestPaths.TempDir("bad");
        var path = Path.Combine(dir, name);
        File.Copy(TestPaths.Notebook("bad/" + name), path);
        var before = File.ReadAllBytes(path);
        var (console, text) = TestPaths.Console();
        var exit = await RunCommand.ExecuteAsync(
            new RunCommand.RunSettings([path], null, new NotebookRunOptions(), 1000),
            console
        );
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(before, File.ReadAllBytes(path));
        var printed = System.Text.RegularExpressions.Regex.Replace(text.ToString(), @"\s+", " ");
        Assert.Contains(name, printed);
        Assert.Contains("file left unchanged", printed);
    }

    [Fact]
    public async Task Run_HugeCell_ExitsWith2AndLeavesTheFileUntouched()
    {
        var path = Path.Combine(TestPaths.TempDir("huge"), "huge.ipynb");
        var nb = NotebookJson.Write(
            new Notebook
            {
                Cells =
                {
                    new NotebookCell { Kind = CellKind.Code, Source = "1" },
                },
            }
        );
        var json = JsonNode.Parse(nb)!;
        json["cells"]![0]!["source"] =
            "var s = \"" + new string('x', NotebookJson.MaxCellChars) + "\";";
        File.WriteAllText(path, json.ToJsonString());
        var before = File.ReadAllBytes(path);
        var (console, text) = TestPaths.Console();
        Assert.Equal(
            ExitCodes.BadInput,
            await RunCommand.ExecuteAsync(
                new RunCommand.RunSettings([path], null, new NotebookRunOptions(), 1000),
                console
            )
        );
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Contains(
            "the limit is 1,000,000",
            System.Text.RegularExpressions.Regex.Replace(text.ToString(), @"\s+", " ")
        );
    }

    [Fact]
    public async Task Run_MissingPath_ExitsWith2()
    {
        var (console, text) = TestPaths.Console();
        var exit = await RunCommand.ExecuteAsync(
            new RunCommand.RunSettings(
                ["/no/such/notebook.ipynb"],
                null,
                new NotebookRunOptions(),
                1000
            ),
            console
        );
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("no such file or folder", text.ToString());
    }

    [Fact]
    public async Task Run_InPlace_LibraryNotebookWithRelativeReference_WritesOutputsIntoTheFile()
    {
        // The notebook sits in its own folder and loads the built library through a relative #r,
        // as the course notebooks do: this works only if the working directory is its folder.
        var dir = TestPaths.TempDir("library");
        var relative = Path.GetRelativePath(dir, typeof(RnnCourse.Numerics.Rng).Assembly.Location)
            .Replace('\\', '/');
        var nb = new Notebook();
        nb.Cells.Add(new NotebookCell { Kind = CellKind.Markdown, Source = "# Library" });
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Source = $"#r \"{relative}\"\nusing RnnCourse.Numerics;",
            }
        );
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Source = "var t = Tensor<float>.Zeros(2, 3);\n$\"{t.Rows}x{t.Cols}\"",
            }
        );
        nb.Cells.Add(
            new NotebookCell
            {
                Kind = CellKind.Code,
                Source = "System.IO.File.Exists(\"library.ipynb\")",
            }
        );
        var path = Path.Combine(dir, "library.ipynb");
        NotebookJson.WriteFile(path, nb);
        var (console, text) = TestPaths.Console();
        var exit = await RunCommand.ExecuteAsync(
            new RunCommand.RunSettings([path], null, new NotebookRunOptions(), 100_000),
            console
        );
        Assert.True(exit == ExitCodes.Ok, text.ToString());
        var result = NotebookJson.ReadFile(path);
        Assert.Equal("2x3", result.Cells[2].Outputs.Single().Data["text/plain"]);
        Assert.Contains("True", result.Cells[3].Outputs.Single().Data["text/html"]); // cwd = the notebook's folder
    }
}
