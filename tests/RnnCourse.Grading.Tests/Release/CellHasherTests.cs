using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Tests.Release;

public sealed class CellHasherTests
{
    private const string Code = "var x = Enumerable.Range(0, 3).Sum();\nConsole.WriteLine(x);";

    [Theory]
    [InlineData("var  x =\n   Enumerable.Range(0,3).Sum();   Console.WriteLine( x );")]
    [InlineData(
        "// a comment\nvar x = Enumerable.Range(0, 3).Sum(); /* another */\nConsole.WriteLine(x); // trailing"
    )]
    [InlineData("\r\nvar x = Enumerable.Range(0, 3).Sum();\r\n\r\nConsole.WriteLine(x);\r\n")]
    public void Hash_WhitespaceOrCommentsChanged_Same(string variant)
    {
        Assert.Equal(CellHasher.Hash(Code), CellHasher.Hash(variant));
    }

    [Theory]
    [InlineData("var x = Enumerable.Range(0, 4).Sum();\nConsole.WriteLine(x);")]
    [InlineData("var x = Enumerable.Range(0, 3).Sum();")]
    [InlineData("var x = Enumerable.Range(0, 3).Sum();\nConsole.WriteLine(\"x\");")]
    public void Hash_CodeChanged_Differs(string variant)
    {
        Assert.NotEqual(CellHasher.Hash(Code), CellHasher.Hash(variant));
    }
}
