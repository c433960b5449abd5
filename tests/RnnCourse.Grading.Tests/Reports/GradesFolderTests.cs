// A class graded with a written answer, marked by hand through GradesFolder (what the review page
// calls), and the marks in every report format; stale revisions, broken and foreign review files.
using System.Text.Json.Nodes;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Reports;
using RnnCourse.Grading.Tests.Grading;

namespace RnnCourse.Grading.Tests.Reports;

public sealed class GradesFolderTests : IClassFixture<GradesFolderTests.GradedClass>
{
    /// <summary>Three students (one blank) graded once for the whole class; each test copies the folder.</summary>
    public sealed class GradedClass : IDisposable
    {
        public WrittenAssignment A { get; } = new();

        public GradedClass()
        {
            A.Submit(
                "ana",
                WrittenAssignment.SigmoidOk,
                "The derivative is at most $1/4$, so a product of $T$ factors vanishes."
            );
            A.Submit("ben", WrittenAssignment.SigmoidWrong, "Gradients get *small*.");
            A.Submit("cy", null, null);
            ClassGrader.Grade(A.Submissions, A.Load(), A.Output, A.Options());
        }

        public string Copy()
        {
            var dir = Path.Combine(A.Root, "copy-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            foreach (var f in Directory.GetFiles(A.Output))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            return dir;
        }

        public void Dispose() => A.Dispose();
    }

    private readonly GradedClass _class;

    public GradesFolderTests(GradedClass graded) => _class = graded;

    [Fact]
    public void Grade_WrittenAnswers_AwaitReviewBlankScoresZero()
    {
        var folder = GradesFolder.Open(_class.Copy());
        var ana = folder.Reports.Single(r => r.Submission == "ana");
        var cy = folder.Reports.Single(r => r.Submission == "cy");

        Assert.Equal(["1.1", "1.R"], ana.Exercises.Select(e => e.Id));
        Assert.Equal("to-review", ana.Exercises[1].Status);
        Assert.Equal(["1.R"], ana.AwaitingReview);
        Assert.Equal(3, ana.Score);
        Assert.Equal(8, ana.MaxScore);
        Assert.Equal("blank", cy.Exercises[1].Status);
        Assert.Empty(cy.AwaitingReview);
        Assert.DoesNotContain(
            "product of $T$ such factors",
            File.ReadAllText(Path.Combine(folder.Dir, "ana.json"))
        );
    }

    [Fact]
    public void Save_RubricAndOverride_EveryReportFormatHasTheManualMarks()
    {
        var folder = GradesFolder.Open(_class.Copy());

        var written = folder.Save(
            "ana",
            "1.R",
            new ReviewMark { Criteria = ["bound", "product"], Comment = "Name saturation too." },
            0
        );
        var code = folder.Save(
            "ben",
            "1.1",
            new ReviewMark { Override = 1, Reason = "Right idea, constant typo." },
            0
        );

        Assert.True(written.Saved);
        Assert.True(code.Saved);
        var reopened = GradesFolder.Open(folder.Dir);
        var ana = reopened.Reports.Single(r => r.Submission == "ana");
        Assert.Equal(7, ana.Score);
        Assert.Equal("reviewed", ana.Exercises[1].Status);
        Assert.Equal([true, true, false], ana.Exercises[1].Rubric!.Select(l => l.Met == true));
        Assert.Equal(1, reopened.Reports.Single(r => r.Submission == "ben").Exercises[0].Points);

        var csv = File.ReadAllLines(Path.Combine(folder.Dir, "grades.csv"));
        Assert.Equal(
            "submission,status,score,max_score,ex_1.1,ex_1.R,manual,awaiting_review,tampered_cells,notes",
            csv[0]
        );
        Assert.StartsWith("ana,graded,7,8,3,4,1.R,,0,", csv[1]);
        Assert.StartsWith("ben,graded,1,8,1,,1.1,1.R,0,", csv[2]);
        Assert.StartsWith("cy,graded,0,8,0,0,,,0,", csv[3]);
        var md = File.ReadAllText(Path.Combine(folder.Dir, "summary.md"));
        Assert.Contains("| ana | 7/8 | 3 | 4 (manual) |", md);
        Assert.Contains("| ben | 1/8 | 1 (manual) | – (to review) |", md);
        Assert.Contains("Manual marks: 2 given; 1 written answer(s) await review", md);
        var junit = File.ReadAllText(Path.Combine(folder.Dir, "junit.xml"));
        Assert.Contains("<property name=\"awaitingReview\" value=\"1.R\" />", junit);
        Assert.Contains("manual mark 4/5 (reviewed): Name saturation too.", junit);
        Assert.Contains(
            "awaiting manual review",
            File.ReadAllText(Path.Combine(folder.Dir, "results.trx"))
        );
        var feedback = File.ReadAllText(Path.Combine(folder.Dir, "ana.graded.ipynb"));
        Assert.Contains("written answer 1.R: 4 / 5 points", feedback);
        Assert.Contains("Name saturation too.", feedback);
        Assert.Contains(
            "Right idea, constant typo.",
            File.ReadAllText(Path.Combine(folder.Dir, "ben.graded.ipynb"))
        );
    }

    [Fact]
    public void Save_StaleRevision_RefusedAndTheSavedMarkKept()
    {
        var folder = GradesFolder.Open(_class.Copy());
        folder.Save("ana", "1.R", new ReviewMark { Criteria = ["bound"] }, 0);

        var stale = folder.Save("ana", "1.R", new ReviewMark { Criteria = [] }, 0);

        Assert.False(stale.Saved);
        Assert.Equal(1, stale.Current!.Rev);
        Assert.Equal(["bound"], GradesFolder.Open(folder.Dir).MarksOf("ana")["1.R"].Criteria);
    }

    [Theory]
    [InlineData("1.R", "{\"criteria\": [\"nonsense\"]}", "names criterion \"nonsense\"")]
    [InlineData(
        "1.1",
        "{\"override\": 9, \"reason\": \"x\"}",
        "gives 9 points; it is worth 0 to 3"
    )]
    [InlineData("1.1", "{\"override\": 2}", "without a reason")]
    public void Open_HandEditedMarkThatDoesNotFit_ErrorNamesFileAndItem(
        string item,
        string mark,
        string expected
    )
    {
        var dir = _class.Copy();
        File.WriteAllText(
            Path.Combine(dir, GradesFolder.ReviewFile),
            $"{{\"schema\": \"rnncourse-review/1\", \"assignment\": \"written\", \"marks\": {{\"ana\": {{\"{item}\": {mark}}}}}}}"
        );

        var e = Assert.Throws<GradesFolderException>(() => GradesFolder.Open(dir));

        Assert.Contains(GradesFolder.ReviewFile, e.Message);
        Assert.Contains($"ana, item {item}", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Save_BrokenReviewFile_ErrorAndTheFileIsLeftAsItWas()
    {
        var folder = GradesFolder.Open(_class.Copy());
        var path = Path.Combine(folder.Dir, GradesFolder.ReviewFile);
        File.WriteAllText(path, "{\"marks\": {");

        var e = Assert.Throws<GradesFolderException>(() =>
            folder.Save("ana", "1.R", new ReviewMark { Criteria = ["bound"] }, 0)
        );

        Assert.Contains("_review.json cannot be used", e.Message);
        Assert.Contains("restore _review.json.bak", e.Message);
        Assert.Equal("{\"marks\": {", File.ReadAllText(path));
    }

    [Fact]
    public void Open_ReviewFileOfAnotherAssignment_Refused()
    {
        var dir = _class.Copy();
        File.WriteAllText(
            Path.Combine(dir, GradesFolder.ReviewFile),
            "{\"assignment\": \"02-elman\", \"marks\": {}}"
        );

        var e = Assert.Throws<GradesFolderException>(() => GradesFolder.Open(dir));

        Assert.Contains("marks of assignment \"02-elman\"", e.Message);
    }

    [Fact]
    public void Grade_AgainAfterReview_MarksStillApply()
    {
        var a = _class.A;
        var dir = _class.Copy();
        GradesFolder
            .Open(dir)
            .Save(
                "ana",
                "1.R",
                new ReviewMark { Criteria = ["bound", "product", "saturation"] },
                0
            );

        ClassGrader.Grade(Path.Combine(a.Submissions, "ana.ipynb"), a.Load(), dir, a.Options());

        var ana = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "ana.json")))!;
        Assert.Equal(8, ana["score"]!.GetValue<double>());
    }
}
