using System.Text.Json.Nodes;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;

namespace RnnCourse.Grading.Tests.Notebooks;

public sealed class GradingNotebookTests
{
    private const string Nb44 = """
        {"cells": [
          {"cell_type": "code", "metadata": {"custom": {"keep": true}}, "source": ["var a = 1;\n", "a"], "outputs": [], "execution_count": 3},
          {"cell_type": "code", "metadata": {"rnncourse": {"exercise": 2.1, "points": 3}}, "source": "x", "outputs": [], "execution_count": null}
        ], "metadata": {"unknown": [1, 2]}, "nbformat": 4, "nbformat_minor": 4}
        """;

    [Fact]
    public void Parse_SourceAsLinesOrString_AndRolesFromMetadata()
    {
        var nb = GradingNotebook.Parse(Nb44, "t");
        Assert.Equal("var a = 1;\na", nb.Cells[0].Source);
        Assert.Equal(CellRole.Locked, nb.Cells[0].Role);
        Assert.Equal(CellRole.Exercise, nb.Cells[1].Role);
        Assert.Equal("2.1", nb.Cells[1].Exercise); // a number in JSON still names the exercise
        Assert.Equal(3, nb.Cells[1].Points);
    }

    [Fact]
    public void ToJson_IdsAdded_UnknownMetadataKeptAndMinorVersionRaised()
    {
        var nb = GradingNotebook.Parse(Nb44, "t");
        Assignment.AssignIds(nb);
        var json = JsonNode.Parse(nb.ToJson())!;
        Assert.Equal(5, json["nbformat_minor"]!.GetValue<int>());
        Assert.Equal("cell-0", json["cells"]![0]!["id"]!.GetValue<string>());
        Assert.True(json["cells"]![0]!["metadata"]!["custom"]!["keep"]!.GetValue<bool>());
        Assert.Equal("[1,2]", json["metadata"]!["unknown"]!.ToJsonString());
    }

    [Theory]
    [InlineData("{ nope", "not valid JSON")]
    [InlineData("[1, 2]", "not a notebook")]
    [InlineData("{\"nbformat\": 3, \"worksheets\": []}", "nbformat 3")]
    [InlineData("{\"nbformat\": 4, \"metadata\": {}}", "no \"cells\" array")]
    public void Parse_BadInput_ClearError(string json, string expected)
    {
        var e = Assert.Throws<NotebookFormatException>(() =>
            GradingNotebook.Parse(json, "x.ipynb")
        );
        Assert.Contains(expected, e.Message);
        Assert.Contains("x.ipynb", e.Message);
    }
}
