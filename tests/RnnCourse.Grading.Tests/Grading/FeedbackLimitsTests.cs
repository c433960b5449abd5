// Student-controlled text is capped where it enters the grader.
using RnnCourse.Grading.Grading;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class FeedbackLimitsTests : IDisposable
{
    private readonly BasicsAssignment _a = new();

    public void Dispose() => _a.Dispose();

    [Fact]
    public void Cap_LongText_CutWithCountOfTheRest()
    {
        var capped = FeedbackLimits.Cap(new string('x', 31_000))!;
        Assert.StartsWith(new string('x', FeedbackLimits.MaxChars) + "…", capped);
        Assert.Contains($"{31_000 - FeedbackLimits.MaxChars} more characters", capped);
        Assert.Equal("short", FeedbackLimits.Cap("short"));
    }

    [Fact]
    public void Cap_ManyDiagnostics_KeepsTheFirstAndCountsTheRest()
    {
        var capped = FeedbackLimits.Cap(Enumerable.Range(0, 50).Select(i => $"e{i}").ToList())!;
        Assert.Equal(FeedbackLimits.MaxDiagnostics + 1, capped.Count);
        Assert.Equal("… and 30 more messages", capped[^1]);
    }

    [Fact]
    public void Grade_HugeExceptionMessages_CappedInReasonAndTestMessages()
    {
        // 31 KB in the cell's own exception and in the exception the tests see.
        var code = """
            double Sigmoid(double x) => throw new InvalidOperationException(new string('Q', 31000));
            throw new InvalidOperationException(new string('Q', 31000));
            """;
        var result = new SubmissionGrader(_a.Load(), _a.Options()).Grade(
            _a.SubmitCorrectExcept("huge", "1.1", code),
            "huge"
        );
        var ex = result.Report.Exercises.Single(e => e.Id == "1.1");
        Assert.Equal(0, ex.Points);
        Assert.Contains("more characters not shown", ex.Reason);
        foreach (var text in new[] { result.Report.ToJson(), result.Notebook!.ToJson() })
        {
            Assert.DoesNotContain(new string('Q', FeedbackLimits.MaxChars + 1), text);
        }
    }
}
