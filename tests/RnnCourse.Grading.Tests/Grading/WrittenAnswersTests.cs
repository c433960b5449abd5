// Written answers in the instructor's source: a rubric that sums to the points and a prompt are
// required; release keeps the prompt and empties the answer; a changed prompt is tampering.
using System.Text.Json.Nodes;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class WrittenAnswersTests : IDisposable
{
    private readonly WrittenAssignment _a = new();

    public void Dispose() => _a.Dispose();

    private static GradingNotebook Source() =>
        GradingNotebook.Load(Path.Combine(WrittenAssignment.Hidden, "written.ipynb"));

    private static NotebookCell AnswerCell(GradingNotebook nb) =>
        nb.Cells.Single(c => c.Role == CellRole.Answer);

    [Fact]
    public void WrittenAnswers_Source_RubricPointsAndModel()
    {
        var answer = Assignment.WrittenAnswers(Source(), "written").Single();

        Assert.Equal("1.R", answer.Id);
        Assert.Equal(5, answer.Points);
        Assert.Equal(["bound", "product", "saturation"], answer.Rubric.Select(r => r.Id));
        Assert.Contains("Pascanu", answer.Model);
    }

    [Fact]
    public void WrittenAnswers_RubricNotSummingToPoints_ErrorGivesBothSums()
    {
        var nb = Source();
        AnswerCell(nb).Course!["points"] = 6.0;

        var e = Assert.Throws<AssignmentException>(() => Assignment.WrittenAnswers(nb, "written"));

        Assert.Contains("worth 6 points (cell metadata) but its rubric sums to 5", e.Message);
    }

    [Fact]
    public void WrittenAnswers_NoPrompt_ErrorSaysWhatToAdd()
    {
        var nb = Source();
        nb.Cells.Single(c => c.Role == CellRole.Prompt).Course!.Remove("prompt");

        var e = Assert.Throws<AssignmentException>(() => Assignment.WrittenAnswers(nb, "written"));

        Assert.Contains("has no prompt", e.Message);
    }

    [Fact]
    public void WrittenAnswers_CriterionWithoutPoints_Refused()
    {
        var nb = Source();
        ((JsonArray)AnswerCell(nb).Course!["rubric"]!)[0]!["points"] = 0;

        var e = Assert.Throws<AssignmentException>(() => Assignment.WrittenAnswers(nb, "written"));

        Assert.Contains("rubric criterion 1 needs", e.Message);
    }

    [Fact]
    public void Release_WrittenAnswer_PromptKeptAnswerEmptiedModelGone()
    {
        var released = File.ReadAllText(_a.Release.Notebook);
        var nb = GradingNotebook.Load(_a.Release.Notebook);

        Assert.Equal(Releaser.AnswerPlaceholder, AnswerCell(nb).Source);
        Assert.Contains("Report 1.R", nb.Cells.Single(c => c.Role == CellRole.Prompt).Source);
        Assert.DoesNotContain("Pascanu", released);
        Assert.Contains("\"role\": \"prompt\"", released);
    }

    [Fact]
    public void Grade_PromptChanged_ReportedAsTampering()
    {
        var path = _a.Submit("edited", WrittenAssignment.SigmoidOk, "My answer.");
        var nb = GradingNotebook.Load(path);
        nb.Cells.Single(c => c.Role == CellRole.Prompt).Source =
            "## Report 1.R (50 points)\n\nAnything goes.";
        nb.Save(path);

        var report = new SubmissionGrader(_a.Load(), _a.Options()).Grade(path, "edited").Report;

        Assert.Contains(report.Tampering, t => t.Change == "modified" && t.Id == "w4");
        Assert.Equal("My answer.", report.Exercises.Single(e => e.Id == "1.R").Answer);
    }
}
