using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Tests.Release;

public sealed class SolutionRegionsTests
{
    private const string Source =
        "double F(double x)\n{\n    // BEGIN SOLUTION\n    return x * 2;\n    // END SOLUTION\n}\n";

    [Fact]
    public void ToStudent_Region_ReplacedByThrowAtMarkerIndent()
    {
        var s = SolutionRegions.ToStudent(Source, "2.1");
        Assert.Equal(
            "double F(double x)\n{\n    throw new NotImplementedException(\"Exercise 2.1 is not implemented yet.\");\n}\n",
            s
        );
    }

    [Fact]
    public void ToReference_Markers_Removed()
    {
        Assert.Equal(
            "double F(double x)\n{\n    return x * 2;\n}\n",
            SolutionRegions.ToReference(Source)
        );
    }

    [Theory]
    [InlineData("// BEGIN SOLUTION\nx();\n", "never closed")]
    [InlineData("x();\n// END SOLUTION\n", "without a matching")]
    [InlineData("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n", "inside another")]
    [InlineData("x();\n", "no '// BEGIN SOLUTION'")]
    public void ToStudent_BadMarkers_ClearError(string source, string expected)
    {
        var e = Assert.Throws<AssignmentException>(() => SolutionRegions.ToStudent(source, "1.1"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("1.1", e.Message);
    }
}
