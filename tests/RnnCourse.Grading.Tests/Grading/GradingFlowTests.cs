// Grading behaviour on ordinary (non-hostile) submissions: partial credit, no cascade, compile
// errors per exercise, determinism, check mode, class reports, shards.
using System.Xml.Linq;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;
using RnnCourse.Grading.Reports;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class GradingFlowTests : IDisposable
{
    private readonly BasicsAssignment _a = new();

    public void Dispose() => _a.Dispose();

    private SubmissionGrader.Result Grade(string path) =>
        new SubmissionGrader(_a.Load(), _a.Options()).Grade(
            path,
            Path.GetFileNameWithoutExtension(path)
        );

    private static ExerciseReport Ex(SubmissionReport r, string id) =>
        r.Exercises.Single(e => e.Id == id);

    [Fact]
    public void Grade_OneTestFails_PartialCreditAndFeedbackCell()
    {
        // Overflows for large negative x only: the public test and symmetry pass, the range test fails.
        var path = _a.SubmitCorrectExcept(
            "partial",
            "1.1",
            "double Sigmoid(double x) => x < -40 ? double.NaN : 1.0 / (1.0 + Math.Exp(-x));"
        );
        var result = Grade(path);
        var ex = Ex(result.Report, "1.1");
        Assert.Equal("partial", ex.Status);
        Assert.Equal(2, ex.Points);
        var failed = ex.Tests.Single(t => t.Status != "passed");
        Assert.Equal("Sigmoid_LargeInputs_StayInRange", failed.Name);
        Assert.Equal("Sigmoid must stay finite and in [0, 1] for large |x|.", failed.Message);
        Assert.True(ex.ReferenceUsed);
        Assert.Equal(7, result.Report.Score);
        var nb = result.Notebook!;
        int at = nb.Cells.FindIndex(c => c.Exercise == "1.1");
        Assert.Equal(CellRole.Feedback, nb.Cells[at + 1].Role);
        Assert.Contains("2 / 3 points", nb.Cells[at + 1].Source);
        Assert.Contains("Sigmoid_LargeInputs_StayInRange", nb.Cells[at + 1].Source);
        Assert.Contains("Grade: 7 / 8", nb.Cells[0].Source);
    }

    [Fact]
    public void Grade_WrongEarlierExercise_LaterExerciseGradedAgainstReference()
    {
        var path = _a.SubmitCorrectExcept("cascade", "1.1", "double Sigmoid(double x) => 0.5;");
        var r = Grade(path).Report;
        Assert.Equal("partial", Ex(r, "1.1").Status); // 0.5 is right at x = 0 and in range
        Assert.Equal(2, Ex(r, "1.1").Points);
        Assert.True(Ex(r, "1.1").ReferenceUsed);
        Assert.Equal("passed", Ex(r, "1.3").Status); // uses Sigmoid: the reference one
    }

    [Fact]
    public void Grade_WrongEarlierExerciseDefaultOptions_ReferenceNeverEntersTheWorker()
    {
        // Without ReferenceAfterFailure the reference solution is never sent to the process that
        // runs student code: 1.3 calls the student's own (wrong) Sigmoid and fails with it.
        var path = _a.SubmitCorrectExcept("own", "1.1", "double Sigmoid(double x) => 0.5;");
        var r = new SubmissionGrader(_a.Load(), _a.Options() with { ReferenceAfterFailure = false })
            .Grade(path, "own")
            .Report;
        Assert.Equal(2, Ex(r, "1.1").Points);
        Assert.False(Ex(r, "1.1").ReferenceUsed);
        Assert.NotEqual("passed", Ex(r, "1.3").Status);
        Assert.False(new GradeOptions().ReferenceAfterFailure);
    }

    [Fact]
    public void Grade_CompileError_ReportedPerExerciseWithCellPositions()
    {
        var path = _a.SubmitCorrectExcept(
            "syntax",
            "1.2",
            "Tensor<double> Affine(Tensor<double> W) {\n    return W\n}"
        );
        var r = Grade(path).Report;
        var ex = Ex(r, "1.2");
        Assert.Equal("compile-error", ex.Status);
        Assert.Contains(ex.Diagnostics!, d => d.StartsWith("(2,13): error CS1002"));
        Assert.All(ex.Tests, t => Assert.Equal("not-run", t.Status));
        Assert.Equal("passed", Ex(r, "1.1").Status);
        Assert.Equal("passed", Ex(r, "1.3").Status);
    }

    [Fact]
    public void Grade_WrongSignature_HiddenTestErrorWithoutSource()
    {
        var path = _a.SubmitCorrectExcept("signature", "1.2", "double Affine(double w) => w;");
        var ex = Ex(Grade(path).Report, "1.2");
        var hidden = ex.Tests.Single(t => t.Visibility == "hidden");
        Assert.Equal("error", hidden.Status);
        Assert.Contains("check the names, parameter types", hidden.Message);
        Assert.DoesNotContain("FillNormal", hidden.Message);
    }

    [Fact]
    public void Grade_ExerciseCellMissing_ZeroWithReasonOthersGraded()
    {
        var path = _a.Submit(
            "missing",
            new() { ["1.1"] = BasicsAssignment.SigmoidOk, ["1.3"] = BasicsAssignment.GradOk },
            nb => nb.RemoveCell(nb.Cells.FindIndex(c => c.Exercise == "1.2"))
        );
        var r = Grade(path).Report;
        Assert.Equal("missing", Ex(r, "1.2").Status);
        Assert.Contains("\"exercise\": \"1.2\"", Ex(r, "1.2").Reason);
        Assert.True(Ex(r, "1.2").ReferenceUsed);
        Assert.Equal(5, r.Score);
    }

    [Fact]
    public void Load_HiddenFileForUnknownExercise_ClearError()
    {
        var dir = CopyOfHidden("hidden-copy");
        File.WriteAllText(Path.Combine(dir, "9.9.cs"), "[GradedTest] void T() { }");
        var e = Assert.Throws<RnnCourse.Grading.Release.AssignmentException>(() =>
            AssignmentLoader.Load(dir)
        );
        Assert.Contains("'9.9.cs' matches no exercise", e.Message);
        Assert.Contains("1.1.cs, 1.2.cs, 1.3.cs", e.Message);
    }

    [Fact]
    public void Load_TestPointsDifferFromExercisePoints_ClearErrorWithBothSums()
    {
        var dir = CopyOfHidden("hidden-points");
        File.WriteAllText(Path.Combine(dir, "1.3-more.cs"), "[GradedTest(0.5)] void More() { }");
        var e = Assert.Throws<AssignmentException>(() => AssignmentLoader.Load(dir));
        Assert.Contains("Exercise 1.3 is worth 2 points", e.Message);
        Assert.Contains("tests sum to 2.5 (public 0, hidden 2.5)", e.Message);
    }

    [Fact]
    public void Grade_TestClasses_StaticAndInstanceTestsRun()
    {
        var dir = CopyOfHidden("hidden-classes");
        File.WriteAllText(
            Path.Combine(dir, "1.2-classes.cs"),
            """
            class AffineSuite
            {
                [GradedTest(1, Message = "static")]
                public static void Static_Passes(GradingContext ctx) => Check.Equal("1.2", ctx.Exercise);

                [GradedTest(1, Message = "instance")]
                public void Instance_Fails() => Check.True(false, "always fails");
            }
            """
        );
        // Two more test points for exercise 1.2: its declared points follow (3 → 5).
        var notebook = Path.Combine(dir, "basics.ipynb");
        File.WriteAllText(
            notebook,
            File.ReadAllText(notebook)
                .Replace(
                    "\"exercise\": \"1.2\",\n     \"points\": 3",
                    "\"exercise\": \"1.2\",\n     \"points\": 5"
                )
        );
        var assignment = AssignmentLoader.Load(dir);
        Assert.Equal(5, assignment.Exercises.Single(e => e.Id == "1.2").Points);
        var path = _a.SubmitCorrectExcept("classes", "", "");
        var r = new SubmissionGrader(assignment, _a.Options()).Grade(path, "classes").Report;
        var ex = Ex(r, "1.2");
        Assert.Equal("passed", ex.Tests.Single(t => t.Name == "AffineSuite.Static_Passes").Status);
        var failed = ex.Tests.Single(t => t.Name == "AffineSuite.Instance_Fails");
        Assert.Equal("failed", failed.Status);
        Assert.Equal("instance", failed.Message);
        Assert.Equal(4, ex.Points); // 4 of its 5 test points: a test is worth its [GradedTest] points
    }

    [Fact]
    public void Grade_SameSubmissionTwice_IdenticalApartFromTimings()
    {
        var path = _a.SubmitCorrectExcept(
            "twice",
            "1.1",
            "double Sigmoid(double x) => x < -40 ? double.NaN : 1.0 / (1.0 + Math.Exp(-x));"
        );
        var first = Grade(path).Report.ToJson(timings: false);
        var second = Grade(path).Report.ToJson(timings: false);
        Assert.Equal(first, second);
        Assert.Contains("\"seed\": ", first);
    }

    [Fact]
    public void Check_ReleasedNotebook_PublicTestsOnlyAndTamperWarning()
    {
        var path = _a.SubmitCorrectExcept("mine", "", "");
        var nb = GradingNotebook.Load(path);
        nb.Cells.Single(c => c.Id == "setup").Source += "\nvar extra = 1;";
        var added = new NotebookCell(
            nb.Cells.Single(c => c.Id == "wrapup").Json.DeepClone().AsObject()
        )
        {
            Id = "mine-1",
            Source = "throw new Exception(\"added cells must not run\");",
        };
        nb.InsertCell(2, added);
        nb.Save(path);
        var r = Checker.Check(path, _a.Options());
        Assert.Equal("check", r.Mode);
        Assert.Equal(2, r.MaxScore); // two public tests of 1 point
        Assert.Equal(2, r.Score);
        Assert.All(r.Exercises.SelectMany(e => e.Tests), t => Assert.Equal("public", t.Visibility));
        Assert.Equal("no-tests", Ex(r, "1.3").Status);
        Assert.Contains(r.Notes, n => n.Contains("grading will use the originals"));
        Assert.Contains(r.Notes, n => n.StartsWith("Cell 2 was added"));
        Assert.DoesNotContain(r.Notes, n => n.Contains("added cells must not run"));
        Assert.Contains("Feedback, exercise 1.1: 1 / 1 points (passed)", Checker.Format(r));
    }

    [Fact]
    public void ClassGrader_Folder_AllSubmissionsReportedInEveryFormat()
    {
        _a.SubmitCorrectExcept("alice", "", "");
        _a.Submit("bob", []);
        File.WriteAllText(Path.Combine(_a.Submissions, "carol.ipynb"), "not json");
        var outcome = ClassGrader.Grade(
            _a.Submissions,
            _a.Load(),
            _a.Output,
            _a.Options() with
            {
                Jobs = 2,
            }
        );
        Assert.Equal(["alice", "bob", "carol"], outcome.Reports.Select(r => r.Submission));
        Assert.Equal([8.0, 0, 0], outcome.Reports.Select(r => r.Score));
        foreach (var id in new[] { "alice", "bob", "carol" })
        {
            Assert.Equal(
                id,
                SubmissionReport
                    .FromJson(File.ReadAllText(Path.Combine(_a.Output, id + ".json")))
                    .Submission
            );
        }
        Assert.True(File.Exists(Path.Combine(_a.Output, "alice.graded.ipynb")));
        var csv = File.ReadAllLines(Path.Combine(_a.Output, "grades.csv"));
        Assert.Equal(
            "submission,status,score,max_score,ex_1.1,ex_1.2,ex_1.3,manual,awaiting_review,tampered_cells,notes",
            csv[0]
        );
        Assert.StartsWith("alice,graded,8,8,3,3,2,,,0,", csv[1]);
        Assert.StartsWith("carol,invalid,0,8,", csv[3]);
        var junit = XDocument.Load(Path.Combine(_a.Output, "junit.xml"));
        Assert.Equal(3, junit.Root!.Elements("testsuite").Count());
        Assert.Equal(6, junit.Root.Elements("testsuite").First().Elements("testcase").Count());
        var trx = XDocument.Load(Path.Combine(_a.Output, "results.trx"));
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        Assert.Equal(18, trx.Descendants(ns + "UnitTestResult").Count());
        Assert.Equal("6", trx.Descendants(ns + "Counters").Single().Attribute("passed")!.Value);
        Assert.Contains("| alice | 8/8 |", File.ReadAllText(Path.Combine(_a.Output, "summary.md")));
    }

    [Fact]
    public void ClassGrader_Shards_PartitionTheClass()
    {
        var all = Enumerable.Range(0, 7).ToList();
        var shards = Enumerable.Range(1, 3).Select(i => ClassGrader.Shard(all, i, 3)).ToList();
        Assert.Equal(all, shards.SelectMany(s => s).Order());
        Assert.Equal([0, 3, 6], shards[0]);
        Assert.Throws<ArgumentException>(() => ClassGrader.Shard(all, 4, 3));
    }

    /// <summary>A copy of the Basics hidden folder, to add or change files in.</summary>
    private string CopyOfHidden(string name)
    {
        var dir = Path.Combine(_a.Root, name);
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(_a.Hidden))
        {
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        }
        return dir;
    }
}
