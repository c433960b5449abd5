using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Execution;

// #r "nuget: ..." restores for real (through the configured feed), so these need the package
// source: Markdig 1.6.0 is one of the solution's own packages, hence already in the local cache.
public class NuGetResolverTests
{
    [Fact]
    public async Task NuGetReference_KnownPackage_IsRestoredReferencedAndCached()
    {
        var cache = TestPaths.TempDir("nuget-cache");
        var s = new NotebookSession(new SessionOptions { NuGetCacheDirectory = cache });
        var r = await s.ExecuteAsync(
            "#r \"nuget: Markdig, 1.6.0\"\nMarkdig.Markdown.ToHtml(\"*x*\").Trim()"
        );
        Assert.True(r.Succeeded, r.ErrorSummary);
        Assert.Equal("Installed package Markdig, version 1.6.0\n", r.Outputs[0].Text);
        Assert.Equal("<p><em>x</em></p>", r.Outputs[1].Data["text/plain"]);
        var list = Path.Combine(cache, "markdig", "1.6.0", "assemblies.txt");
        Assert.Contains("markdig.dll", File.ReadAllText(list).ToLowerInvariant());
    }

    [Fact]
    public async Task NuGetReference_UnknownPackage_IsAClearCellError()
    {
        var s = new NotebookSession(
            new SessionOptions
            {
                NuGetCacheDirectory = TestPaths.TempDir("nuget-cache"),
                NuGetTimeout = TimeSpan.FromSeconds(120),
            }
        );
        var r = await s.ExecuteAsync("#r \"nuget: RnnCourse.No.Such.Package.Xyz, 1.0.0\"\n1");
        Assert.Equal(CellStatus.DirectiveError, r.Status);
        var e = Assert.Single(r.Outputs);
        Assert.Equal(OutputKind.Error, e.Kind);
        Assert.Contains("RnnCourse.No.Such.Package.Xyz", e.ErrorValue);
        Assert.Contains("restore failed", e.ErrorValue);
    }

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
