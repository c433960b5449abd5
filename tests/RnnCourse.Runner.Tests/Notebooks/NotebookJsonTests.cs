using System.Text.Json.Nodes;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Notebooks;

public class NotebookJsonTests
{
    [Theory]
    [InlineData("dialects/vscode.ipynb", NotebookDialect.VsCode)]
    [InlineData("dialects/documents.ipynb", NotebookDialect.Documents)]
    [InlineData("dialects/legacy.ipynb", NotebookDialect.Legacy)]
    public void ReadFile_EachDialect_FindsCSharpCells(string path, NotebookDialect dialect)
    {
        var nb = NotebookJson.ReadFile(TestPaths.Notebook(path));
        Assert.Equal(dialect, nb.Dialect);
        var code = nb.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        Assert.Equal(2, code.Count);
        Assert.All(code, c => Assert.True(c.IsCSharp));
        Assert.Equal("var n = 20;", code[0].Source);
    }

    [Fact]
    public void Write_LegacyDialect_WritesVsCodeDialectAndKeepsOtherCellMetadata()
    {
        var nb = NotebookJson.ReadFile(TestPaths.Notebook("dialects/legacy.ipynb"));
        var json = JsonNode.Parse(NotebookJson.Write(nb))!;
        Assert.Equal(".net-csharp", (string?)json["metadata"]!["kernelspec"]!["name"]);
        Assert.Equal(
            "csharp",
            (string?)json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]
        );
        var code = json["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").ToList();
        Assert.All(
            code,
            c =>
                Assert.Equal("csharp", (string?)c!["metadata"]!["polyglot_notebook"]!["kernelName"])
        );
        Assert.All(code, c => Assert.Null(c!["metadata"]!["dotnet_interactive"]));
        Assert.All(code, c => Assert.True((bool)c!["metadata"]!["custom"]!["keep"]!));
        Assert.Equal(4, (int)json["nbformat_minor"]!); // 4.4 without ids stays 4.4
        Assert.All(json["cells"]!.AsArray(), c => Assert.Null(c!["id"]));
    }

    [Fact]
    public void Write_UnknownMetadata_RoundTripsUnchanged()
    {
        var path = TestPaths.Notebook("unknown-metadata.ipynb");
        var original = JsonNode.Parse(File.ReadAllText(path))!;
        var written = JsonNode.Parse(NotebookJson.Write(NotebookJson.ReadFile(path)))!;
        Assert.True(
            JsonNode.DeepEquals(
                original["metadata"]!["custom_tool"],
                written["metadata"]!["custom_tool"]
            )
        );
        Assert.True(
            JsonNode.DeepEquals(original["metadata"]!["authors"], written["metadata"]!["authors"])
        );
        for (var i = 0; i < 2; i++)
        {
            Assert.True(
                JsonNode.DeepEquals(original["cells"]![i], written["cells"]![i]),
                $"cell {i} changed:\n{written["cells"]![i]}"
            );
        }
        var nb = NotebookJson.ReadFile(path);
        Assert.Equal(["graded", "solution"], nb.Cells[1].Tags);
        Assert.Equal("keep-this-id", nb.Cells[1].Id);
    }

    [Fact]
    public void Write_Format45WithMissingIds_GeneratesUniqueValidIds()
    {
        var nb = NotebookJson.Parse(
            """{"cells":[{"cell_type":"code","id":"a","metadata":{},"source":"1","outputs":[],"execution_count":null},{"cell_type":"code","id":"a","metadata":{},"source":"2","outputs":[],"execution_count":null},{"cell_type":"markdown","metadata":{},"source":"x"}],"metadata":{},"nbformat":4,"nbformat_minor":5}"""
        );
        var ids = JsonNode.Parse(NotebookJson.Write(nb))!["cells"]!
            .AsArray()
            .Select(c => (string?)c!["id"])
            .ToList();
        Assert.Equal("a", ids[0]);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9-_]{1,64}$", id!));
    }

    [Fact]
    public void Write_Outputs_UseMultilineStringsAndJsonObjects()
    {
        var nb = NotebookJson.Parse(
            File.ReadAllText(TestPaths.Notebook("constructs/03-display.ipynb"))
        );
        var json = JsonNode.Parse(NotebookJson.Write(nb))!;
        var data = json["cells"]![1]!["outputs"]![0]!["data"]!;
        Assert.IsType<JsonArray>(data["application/json"]);
        Assert.IsType<JsonArray>(data["text/plain"]);
        Assert.Equal("[ 1, 2 ]", NotebookJson.ReadText(data["text/plain"]));
    }

    [Fact]
    public void Write_SortsKeysAtEveryLevelLikeJupyterAndVsCode()
    {
        var text = NotebookJson.Write(
            NotebookJson.ReadFile(TestPaths.Notebook("constructs/08-formatter.ipynb"))
        );
        Assert.True(
            text.IndexOf("\"cells\"", StringComparison.Ordinal)
                < text.IndexOf("\"metadata\": {\n  \"kernelspec\"", StringComparison.Ordinal)
        );
        string[] cellKeys =
        [
            "\"cell_type\"",
            "\"execution_count\"",
            "\"id\"",
            "\"metadata\"",
            "\"outputs\"",
            "\"source\"",
        ];
        var positions = cellKeys.Select(k => text.IndexOf(k, StringComparison.Ordinal)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.True(
            text.IndexOf("\"application/json\"", StringComparison.Ordinal)
                < text.IndexOf("\"text/html\"", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Lines_SplitsAfterEachNewline()
    {
        Assert.Equal(["a\n", "b\n", "c"], NotebookJson.Lines("a\nb\nc").Select(n => (string)n!));
        Assert.Empty(NotebookJson.Lines(""));
    }

    [Theory]
    [InlineData("bad/malformed.ipynb", NotebookProblem.MalformedJson, "not valid JSON")]
    [InlineData("bad/nbformat3.ipynb", NotebookProblem.UnsupportedFormat, "nbformat 3")]
    [InlineData("bad/no-cells.ipynb", NotebookProblem.UnsupportedFormat, "no \"cells\"")]
    [InlineData("bad/empty.ipynb", NotebookProblem.Empty, "empty")]
    [InlineData("bad/python.ipynb", NotebookProblem.NotCSharp, "python3")]
    public void ReadFile_BadInput_ThrowsNamingTheProblem(
        string path,
        NotebookProblem problem,
        string text
    )
    {
        var e = Assert.Throws<NotebookFormatException>(() =>
            NotebookJson.ReadFile(TestPaths.Notebook(path))
        );
        Assert.Equal(problem, e.Problem);
        Assert.Contains(text, e.Message);
        Assert.Contains(Path.GetFileName(path), e.Message);
    }

    [Fact]
    public void Parse_HugeCell_ThrowsTooLarge()
    {
        var nb = new JsonObject
        {
            ["cells"] = new JsonArray(
                new JsonObject
                {
                    ["cell_type"] = "code",
                    ["metadata"] = new JsonObject(),
                    ["source"] = new string('x', NotebookJson.MaxCellChars + 1),
                }
            ),
            ["metadata"] = new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var e = Assert.Throws<NotebookFormatException>(() => NotebookJson.Parse(nb.ToJsonString()));
        Assert.Equal(NotebookProblem.TooLarge, e.Problem);
        Assert.Contains("cell 1", e.Message);
    }
}
