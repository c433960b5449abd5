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

    [Fact]
    public void Hash_ReferenceRebasedToAnotherFolder_SameButAnotherFileDiffers()
    {
        var source =
            "#r \"../../../lib/RnnCourse/bin/Release/net10.0/RnnCourse.dll\"\nusing RnnCourse.Numerics;";
        var rebased =
            "#r \"../lib/RnnCourse/bin/Release/net10.0/RnnCourse.dll\"\nusing RnnCourse.Numerics;";
        var other = "#r \"../lib/Evil/bin/Release/net10.0/Evil.dll\"\nusing RnnCourse.Numerics;";
        Assert.Equal(CellHasher.Hash(source), CellHasher.Hash(rebased));
        Assert.NotEqual(CellHasher.Hash(source), CellHasher.Hash(other));
    }
}
