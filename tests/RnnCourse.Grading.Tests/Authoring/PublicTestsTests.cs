namespace RnnCourse.Grading.Tests.Authoring;

// Console is process-wide: these tests redirect it, so they do not run beside each other.
[Collection(nameof(PublicTestsTests))]
public sealed class PublicTestsTests
{
    [GradedTest(2, Message = "sigmoid(0) must be 0.5")]
    private static void Passing() => Check.Close(0.5, 0.5);

    [GradedTest(1, Message = "tanh must be odd")]
    private static void Failing() => Check.Close(1.0, 2.0, what: "tanh(-x)");

    [GradedTest(1, Name = "throws")]
    private static void Throwing() => throw new InvalidOperationException("not implemented yet");

    private static void Unmarked() { }

    private static (double Earned, string Text) Capture(Func<double> run)
    {
        var old = Console.Out;
        var text = new StringWriter();
        Console.SetOut(text);
        try
        {
            return (run(), text.ToString());
        }
        finally
        {
            Console.SetOut(old);
        }
    }

    [Fact]
    public void Run_MixedResults_PrintsTheCheckLinesAndReturnsThePointsEarned()
    {
        var (earned, text) = Capture(() => PublicTests.Run("2.1", Passing, Failing, Throwing));
        Assert.Equal(2, earned);
        var lines = text.Split('\n');
        Assert.Equal("Public tests, exercise 2.1: 2 / 4 points", lines[0]);
        Assert.Equal("- ✅ Passing (2/2, public)", lines[1]);
        Assert.StartsWith(
            "- ❌ Failing (0/1, public): tanh must be odd (tanh(-x): expected 1, got 2",
            lines[2]
        );
        Assert.Equal(
            "- ❌ throws (0/1, public): InvalidOperationException: not implemented yet",
            lines[3]
        );
        Assert.Equal("", lines[4]);
    }

    [Fact]
    public void Run_MethodWithoutGradedTest_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => PublicTests.Run("2.1", Unmarked));
        Assert.Contains("Unmarked is not marked [GradedTest(points)]", e.Message);
    }

    [Theory]
    [InlineData(
        "<<Main>$>g__StepForward_ZeroWeights_GivesZeros|0_3",
        "StepForward_ZeroWeights_GivesZeros"
    )]
    [InlineData("Passing", "Passing")]
    [InlineData("<Outer>g__Local", "Local")]
    public void SourceName_CompiledLocalFunction_IsTheNameAsWritten(
        string compiled,
        string expected
    )
    {
        Assert.Equal(expected, PublicTests.SourceName(compiled));
    }
}
