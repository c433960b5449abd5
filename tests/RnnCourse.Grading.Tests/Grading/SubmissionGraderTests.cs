using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Reports;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class SubmissionGraderTests : IDisposable
{
    private readonly BasicsAssignment _a = new();

    public void Dispose() => _a.Dispose();

    private SubmissionReport Grade(string path, GradeOptions? options = null) =>
        new SubmissionGrader(_a.Load(), options ?? _a.Options())
            .Grade(path, Path.GetFileNameWithoutExtension(path))
            .Report;

    private static ExerciseReport Ex(SubmissionReport r, string id) =>
        r.Exercises.Single(e => e.Id == id);

    [Fact]
    public void Grade_CorrectSubmission_FullMarks()
    {
        var r = Grade(_a.SubmitCorrectExcept("good", "", ""));
        Assert.Equal("graded", r.Status);
        Assert.Equal(8, r.MaxScore);
        Assert.Equal(8, r.Score);
        Assert.All(r.Exercises, e => Assert.Equal("passed", e.Status));
        Assert.Empty(r.Tampering);
    }

    [Fact]
    public void Grade_UnchangedStudentVersion_ZeroWithNotImplementedReason()
    {
        var r = Grade(_a.Submit("blank", []));
        Assert.Equal(0, r.Score);
        var t = Ex(r, "1.1").Tests.First(t => t.Visibility == "public");
        Assert.Equal("error", t.Status);
        Assert.Contains("NotImplementedException", t.Message);
    }
}
