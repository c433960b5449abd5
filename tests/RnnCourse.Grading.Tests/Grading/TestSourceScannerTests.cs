using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class TestSourceScannerTests
{
    [Fact]
    public void Scan_TopLevelAndClassMethods_NamesPointsMessages()
    {
        var tests = TestSourceScanner.Scan(
            """
            [GradedTest(2.5, Message = "m1")]
            void A() { }
            void NotATest() { }
            class Suite
            {
                [GradedTest(points: 1, Name = "nice name")]
                public static void B(GradingContext ctx) { }
                [GradedTest]
                public void C() { }
            }
            """,
            "x.cs"
        );
        Assert.Equal(
            [("A", 2.5, "m1"), ("nice name", 1.0, null), ("Suite.C", 1.0, null)],
            tests.Select(t => (t.Name, t.Points, t.Message))
        );
    }

    [Fact]
    public void Scan_NonLiteralPoints_ClearError()
    {
        var e = Assert.Throws<AssignmentException>(() =>
            TestSourceScanner.Scan("const double P = 2;\n[GradedTest(P)]\nvoid A() { }", "x.cs")
        );
        Assert.Contains("number literal", e.Message);
    }
}
