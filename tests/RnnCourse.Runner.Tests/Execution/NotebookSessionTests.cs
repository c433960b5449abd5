using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Execution;

// In-process kernel behaviour (fast: no child process). The same kernel runs in the worker.
public class NotebookSessionTests
{
    private static async Task<CellResult> Run(string code, NotebookSession? session = null)
    {
        session ??= new NotebookSession();
        return await session.ExecuteAsync(code);
    }

    private static CellOutput Single(CellResult r) => Assert.Single(r.Outputs);

    [Fact]
    public async Task Execute_StringValue_GivesTextPlainOnly()
    {
        var o = Single(await Run("\"hi\""));
        Assert.Equal(OutputKind.ExecuteResult, o.Kind);
        Assert.Equal(["text/plain"], o.Data.Keys);
        Assert.Equal("hi", o.Data["text/plain"]);
        Assert.Equal(1, o.ExecutionCount);
    }

    [Fact]
    public async Task Execute_NonStringValue_GivesTextHtmlOnly()
    {
        var o = Single(await Run("6 * 7"));
        Assert.Equal(["text/html"], o.Data.Keys);
        Assert.Contains(">42<", o.Data["text/html"]);
    }

    [Fact]
    public async Task Execute_TrailingSemicolonAfterExpression_IsCS0201()
    {
        var r = await Run("var a = 1;\na + 1;");
        Assert.Equal(CellStatus.CompileError, r.Status);
        Assert.StartsWith("(2,1): error CS0201:", Single(r).ErrorValue);
    }

    [Theory]
    [InlineData("var a = 1;")]
    [InlineData("Console.Write(\"\")")]
    [InlineData("int F() => 1;")]
    public async Task Execute_NoValue_GivesNoOutput(string code)
    {
        var r = await Run(code);
        Assert.Equal(CellStatus.Ok, r.Status);
        Assert.Empty(r.Outputs);
    }

    [Fact]
    public async Task Execute_ObjectWithSpanProperty_ShowsItsOtherProperties()
    {
        // Tensor<T> exposes Span/Shape (ref structs, not readable by reflection): they are left out
        var s = new NotebookSession();
        var r = await s.ExecuteAsync(
            "class Holder { public int[] Data = { 1 }; public Span<int> Span => Data; public int Count => Data.Length; }\nnew Holder()"
        );
        Assert.True(r.Succeeded, r.ErrorSummary);
        var html = Single(r).Data["text/html"];
        Assert.Contains("<td>Count</td>", html);
        Assert.Contains("<td>Data</td>", html); // public fields too
        Assert.DoesNotContain("<td>Span</td>", html);
        var tensor = await s.ExecuteAsync(
            $"#r \"{typeof(RnnCourse.Numerics.Rng).Assembly.Location}\"\nRnnCourse.Numerics.Tensor<float>.Zeros(2, 3)"
        );
        Assert.True(tensor.Succeeded, tensor.ErrorSummary);
        Assert.Contains("<td>Rows</td>", Single(tensor).Data["text/html"]);
    }

    [Fact]
    public async Task Execute_NullValue_ShowsNull()
    {
        var o = Single(await Run("object o = null;\no"));
        Assert.Contains("&lt;null&gt;", o.Data["text/html"]);
    }

    [Fact]
    public async Task Display_EachCall_AddsOneOutputWithTheMimeRule()
    {
        var r = await Run("display(\"s\");\ndisplay(1.5);\ndisplay(HTML(\"<b>x</b>\"));");
        Assert.Equal(3, r.Outputs.Count);
        Assert.All(r.Outputs, o => Assert.Equal(OutputKind.DisplayData, o.Kind));
        Assert.Equal(["text/plain"], r.Outputs[0].Data.Keys);
        Assert.Equal(["text/html"], r.Outputs[1].Data.Keys);
        Assert.Equal("<b>x</b>", r.Outputs[2].Data["text/html"]);
    }

    [Fact]
    public async Task Display_WithMimeTypes_GivesExactlyThoseInOrder()
    {
        var o = Single(
            await Run(
                "display(new Dictionary<string, int> { [\"a\"] = 1 }, \"text/plain\", \"application/json\");"
            )
        );
        Assert.Equal(["text/plain", "application/json"], o.Data.Keys);
        Assert.Equal("{\"a\":1}", o.Data["application/json"]);
    }

    [Fact]
    public async Task DisplayHandle_Update_ReplacesThatOutput()
    {
        var r = await Run("var h = display(\"0%\");\ndisplay(\"other\");\nh.Update(\"100%\");");
        Assert.Equal(2, r.Outputs.Count);
        Assert.Equal("100%", r.Outputs[0].Data["text/plain"]);
        Assert.Equal("other", r.Outputs[1].Data["text/plain"]);
    }

    [Fact]
    public async Task DisplayHandle_UpdateFromLaterCell_IsReportedAsUpdateOfEarlierCell()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync("var h = display(\"old\");");
        var r = await s.ExecuteAsync("h.Update(\"new\");");
        var u = Assert.Single(r.Updates);
        Assert.Equal(1, u.ExecutionCount);
        Assert.Equal(0, u.OutputIndex);
        Assert.Equal("new", u.Output.Data["text/plain"]);
    }

    [Fact]
    public async Task Console_WritesBecomeStreamsInOrderWithDisplays()
    {
        var r = await Run(
            "Console.Write(\"a\");\nConsole.WriteLine(\"b\");\ndisplay(\"d\");\nConsole.Error.WriteLine(\"e\");\nConsole.WriteLine(\"c\");"
        );
        Assert.Equal(
            ["stdout:ab\n", "display:d", "stderr:e\n", "stdout:c\n"],
            r.Outputs.Select(o =>
                o.Kind == OutputKind.Stream
                    ? $"{o.StreamName}:{o.Text}"
                    : $"display:{o.Data["text/plain"]}"
            )
        );
    }

    [Fact]
    public async Task Exception_KeepsEarlierOutputAndTrimsStackToUserCode()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync("void Fail() => throw new ArgumentException(\"bad arg\");");
        var r = await s.ExecuteAsync("Console.WriteLine(\"first\");\nFail();");
        Assert.Equal(CellStatus.RuntimeError, r.Status);
        Assert.Equal("first\n", r.Outputs[0].Text);
        var e = r.Outputs[1];
        Assert.Equal("System.ArgumentException", e.ErrorName);
        Assert.Equal("bad arg", e.ErrorValue);
        Assert.Equal("System.ArgumentException: bad arg", e.Traceback[0]);
        Assert.Contains(e.Traceback, l => l.Contains("Fail()") && l.Contains("cell[1]:line 1"));
        Assert.Contains("cell[2]:line 2", e.Traceback[^1]);
        Assert.DoesNotContain(e.Traceback, l => l.Contains("Microsoft.CodeAnalysis"));
        // the state survives: the next cell still sees Fail
        Assert.Equal(CellStatus.Ok, (await s.ExecuteAsync("Action a = Fail;")).Status);
    }

    [Fact]
    public async Task CompileError_PositionIsRelativeToTheCellIncludingMagicLine()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync("var x = 1;\nvar y = 2;\nvar z = 3;");
        var r = await s.ExecuteAsync("#!csharp\nvar ok = 1;\n   undefinedName.Foo();");
        Assert.Equal(CellStatus.CompileError, r.Status);
        Assert.Equal(
            "(3,4): error CS0103: The name 'undefinedName' does not exist in the current context",
            Single(r).ErrorValue
        );
    }

    [Fact]
    public async Task DefaultUsings_MatchTheRealKernel_WithoutSystemIO()
    {
        var ok = await Run(
            "new StringBuilder().Append(new ArrayList().Count).Append(new List<int> { 1 }.Select(i => i).Count()).Append(Task.CompletedTask.IsCompleted).ToString()"
        );
        Assert.Equal("01True", Single(ok).Data["text/plain"]);
        var io = await Run("Path.GetTempPath()");
        Assert.Contains("CS0103", Single(io).ErrorValue);
        // the whole shared framework is referenced, not only the default usings' assemblies
        var framework = await Run(
            "new System.Xml.Linq.XElement(\"a\", System.IO.Path.GetFileName(\"x/y\")).ToString() + System.Net.HttpStatusCode.OK"
        );
        Assert.Equal("<a>y</a>OK", Single(framework).Data["text/plain"]);
    }

    [Fact]
    public async Task State_PersistsVariablesTypesAndUsings()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync(
            "using System.Globalization;\nrecord P(int X);\nvar items = new List<P>();"
        );
        await s.ExecuteAsync("items.Add(new P(4));");
        var r = await s.ExecuteAsync("CultureInfo.InvariantCulture.Name + items[0].X");
        Assert.Equal("4", Single(r).Data["text/plain"]);
        Assert.Equal(3, r.ExecutionCount);
    }

    [Fact]
    public async Task MarkdownMagic_RendersHtmlWithoutRunningCSharp()
    {
        var o = Single(await Run("#!markdown\n# Title\nnot C# at all;"));
        Assert.Equal(OutputKind.DisplayData, o.Kind);
        Assert.Contains("<h1", o.Data["text/html"]);
        Assert.Contains("not C# at all;", o.Data["text/html"]);
    }

    [Fact]
    public async Task UnsupportedMagic_IsAClearErrorNamingIt()
    {
        var r = await Run("var a = 1;\n#!time\na");
        Assert.Equal(CellStatus.DirectiveError, r.Status);
        Assert.Contains("#!time is not supported", Single(r).ErrorValue);
        Assert.StartsWith("(2,1)", Single(r).ErrorValue);
    }

    private const string FormatterTypes = """
        public class TypeFormatterSourceAttribute : Attribute
        {
            public TypeFormatterSourceAttribute(Type t) => FormatterSourceType = t;
            public Type FormatterSourceType { get; }
            public string[] PreferredMimeTypes { get; set; }
        }
        public class F { public string MimeType { get; init; } public bool Format(object o, System.IO.TextWriter w) { w.Write(MimeType + ":" + ((Box)o).V); return true; } }
        public class Source { public IEnumerable<object> CreateTypeFormatters() => new[] { new F { MimeType = "text/html" }, new F { MimeType = "text/plain" } }; }
        [TypeFormatterSource(typeof(Source), PreferredMimeTypes = new[] { "text/plain", "text/html" })]
        public record Box(int V);
        [TypeFormatterSource(typeof(Source))]
        public record Box2(int V) : Box(V);
        """;

    [Fact]
    public async Task TypeFormatterSource_PreferredMimeTypesChooseTypesAndOrder()
    {
        var s = new NotebookSession();
        Assert.Equal(CellStatus.Ok, (await s.ExecuteAsync(FormatterTypes)).Status);
        var o = Single(await s.ExecuteAsync("new Box(7)"));
        Assert.Equal(["text/plain", "text/html"], o.Data.Keys);
        Assert.Equal("text/html:7", o.Data["text/html"]);
        Assert.Equal("text/plain:7", o.Data["text/plain"]);
        var plain = Single(await s.ExecuteAsync("new Box2(8)"));
        Assert.Equal(["text/html"], plain.Data.Keys); // no PreferredMimeTypes: the default text/html
        Assert.Equal("text/html:8", plain.Data["text/html"]);
        var asked = Single(await s.ExecuteAsync("display(new Box(9), \"text/plain\");"));
        Assert.Equal("text/plain:9", Assert.Single(asked.Data).Value);
    }

    [Fact]
    public async Task OutputLimit_TruncatesWithANote()
    {
        var s = new NotebookSession(new SessionOptions { MaxOutputChars = 1000 });
        var r = await s.ExecuteAsync(
            "for (var i = 0; i < 500; i++) Console.WriteLine(\"0123456789\");"
        );
        Assert.Equal(CellStatus.Ok, r.Status);
        Assert.Equal(1000, r.Outputs.Where(o => o.StreamName == "stdout").Sum(o => o.Text.Length));
        var note = Assert.Single(r.Outputs, o => o.StreamName == "stderr");
        Assert.Contains("output truncated", note.Text);
        Assert.Contains("4,500 more were dropped", note.Text);
    }

    [Fact]
    public async Task RelativeReference_ResolvesAgainstTheWorkingDirectory()
    {
        var dir = TestPaths.TempDir("relref");
        var library = typeof(RnnCourse.Numerics.Rng).Assembly.Location;
        var relative = Path.GetRelativePath(dir, library).Replace('\\', '/');
        var s = new NotebookSession(new SessionOptions { WorkingDirectory = dir });
        var r = await s.ExecuteAsync(
            $"#r \"{relative}\"\nusing RnnCourse.Numerics;\nnew Rng(7).NextInt(1000) == new Rng(7).NextInt(1000)"
        );
        Assert.True(r.Succeeded, r.ErrorSummary);
        Assert.Contains("True", Single(r).Data["text/html"]);
        var missing = await s.ExecuteAsync("#r \"no/such/library.dll\"");
        Assert.Equal(CellStatus.CompileError, missing.Status);
        Assert.Contains("no/such/library.dll", Single(missing).ErrorValue);
    }

    [Fact]
    public async Task Timeout_InProcess_ReportsTimedOut()
    {
        var s = new NotebookSession();
        var r = await s.ExecuteAsync("await Task.Delay(5000);", TimeSpan.FromMilliseconds(200));
        Assert.Equal(CellStatus.TimedOut, r.Status);
        Assert.Contains("did not finish", Single(r).ErrorValue);
    }
}
