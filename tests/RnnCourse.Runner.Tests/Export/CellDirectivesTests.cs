using RnnCourse.Runner.Export;

namespace RnnCourse.Runner.Tests.Export;

public class CellDirectivesTests
{
    [Theory]
    [InlineData("#r \"nuget: Foo, 1.2.3\"", "Foo", "1.2.3")]
    [InlineData("#r \"nuget:Foo.Bar\"", "Foo.Bar", null)]
    [InlineData("  #r \"nuget: Foo,  [1.0,2.0) \"", "Foo", "[1.0,2.0)")]
    public void Parse_NuGetLine_ReadsNameAndVersionAndBlanksTheLine(
        string line,
        string name,
        string? version
    )
    {
        var d = CellDirectives.Parse(line + "\nvar x = 1;");
        Assert.Equal(new NuGetPackage(name, version), Assert.Single(d.Packages));
        Assert.Equal("\nvar x = 1;", d.Code);
    }
}
