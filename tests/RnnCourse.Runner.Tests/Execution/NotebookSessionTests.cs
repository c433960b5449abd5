using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Tests.Execution;

// What the real C# kernel publishes, as the outputs the runner writes (VS Code's view of them).
// In process, so fast; NotebookProcessTests runs the same session in the worker process.
public class NotebookSessionTests
{
    private static readonly string Library = typeof(RnnCourse.Numerics.Rng).Assembly.Location;

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
    public async Task Execute_NonStringValue_GivesTheKernelsHtml()
    {
        var o = Single(await Run("6 * 7"));
        Assert.Equal("text/html", o.Data.Keys.First());
        Assert.Contains("<pre>42</pre>", o.Data["text/html"]);
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
    public async Task Warnings_NullableAnnotationOutsideANullableContext_AreReportedNotShown()
    {
        var r = await Run("string? s = null;");
        Assert.Equal(CellStatus.Ok, r.Status);
        Assert.Empty(r.Outputs);
        Assert.Contains(r.Warnings, w => w.Contains("warning CS8632"));
    }

    [Fact]
    public async Task DisplayHelper_UpdateInTheSameCell_IsASecondOutputAsInVsCode()
    {
        // display(x).Update(y): the kernel publishes the update under a new value id, so VS Code
        // shows a second output; the course's live charts use LossChart.Show() instead.
        var r = await Run("var h = display(\"0%\");\nh.Update(\"100%\");");
        Assert.Equal(["0%", "100%"], r.Outputs.Select(o => o.Data["text/plain"]));
    }

    [Fact]
    public async Task ContextDisplay_Update_ReplacesThatOutputInPlace()
    {
        var r = await Run(
            "using Microsoft.DotNet.Interactive;\nvar h = KernelInvocationContext.Current.Display(\"0%\");\ndisplay(\"other\");\nh.Update(\"100%\");"
        );
        Assert.Equal(["100%", "other"], r.Outputs.Select(o => o.Data["text/plain"]));
    }

    [Fact]
    public async Task ContextDisplay_UpdateFromALaterCell_IsReportedAsUpdateOfTheEarlierCell()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync(
            "using Microsoft.DotNet.Interactive;\nvar h = KernelInvocationContext.Current.Display(\"old\");"
        );
        var r = await s.ExecuteAsync("h.Update(\"new\");");
        Assert.Empty(r.Outputs);
        var u = Assert.Single(r.Updates);
        Assert.Equal(1, u.ExecutionCount);
        Assert.Equal(0, u.OutputIndex);
        Assert.Equal("new", u.Output.Data["text/plain"]);
    }

    [Fact]
    public async Task LossChartShow_AddAfterShow_RedrawsTheOneChartInPlace()
    {
        var s = new NotebookSession();
        var r = await s.ExecuteAsync(
            $"#r \"{Library}\"\nvar chart = RnnCourse.Charts.CourseCharts.LiveLoss(\"t\").Show();\nchart.Add(1, 2.0);\nchart.Add(2, 1.5);"
        );
        Assert.True(r.Succeeded, r.ErrorSummary);
        var chart = Single(r);
        Assert.Equal(OutputKind.DisplayData, chart.Kind);
        Assert.Contains("1.5", chart.Data["text/html"]);
        var later = await s.ExecuteAsync("chart.Add(3, 0.25);");
        Assert.Contains("0.25", Assert.Single(later.Updates).Output.Data["text/html"]);
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
    public async Task Exception_KeepsEarlierOutputAndTheStateSurvives()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync("void Fail() => throw new ArgumentException(\"bad arg\");");
        var r = await s.ExecuteAsync("Console.WriteLine(\"first\");\nFail();");
        Assert.Equal(CellStatus.RuntimeError, r.Status);
        Assert.Equal("first\n", r.Outputs[0].Text);
        var e = r.Outputs[1];
        Assert.Equal("System.ArgumentException", e.ErrorName);
        Assert.Equal("bad arg", e.ErrorValue);
        Assert.StartsWith("System.ArgumentException: bad arg", e.Traceback[0]);
        Assert.Equal(CellStatus.Ok, (await s.ExecuteAsync("Action a = Fail;")).Status);
    }

    [Fact]
    public async Task CompileError_PositionIsRelativeToTheCell()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync("var x = 1;\nvar y = 2;\nvar z = 3;");
        var r = await s.ExecuteAsync("var ok = 1;\n   undefinedName.Foo();");
        Assert.Equal(CellStatus.CompileError, r.Status);
        Assert.Contains(
            "(2,4): error CS0103: The name 'undefinedName' does not exist in the current context",
            Single(r).ErrorValue
        );
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
    public async Task Who_ListsTheCellsVariables()
    {
        var s = new NotebookSession();
        await s.ExecuteAsync("var answer = 42;");
        var r = await s.ExecuteAsync("#!who");
        Assert.True(r.Succeeded, r.ErrorSummary);
        Assert.Contains("answer", Single(r).Data.Values.First());
    }

    [Fact]
    public async Task OtherKernelMagic_IsACellErrorNamingIt()
    {
        var r = await Run("#!fsharp\nlet a = 1");
        Assert.NotEqual(CellStatus.Ok, r.Status);
        Assert.Contains("fsharp", r.ErrorSummary);
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
    public async Task OutputLimit_FiftyMegabytesPrinted_KeepsUnderFiveWithTheDroppedAmount()
    {
        var r = await Run(
            "var line = new string('x', 999);\nfor (var i = 0; i < 50_000; i++) Console.WriteLine(line);"
        );
        Assert.Equal(CellStatus.Ok, r.Status);
        Assert.InRange(r.Outputs.Sum(o => o.Size), 1, 5_000_000);
        var note = Assert.Single(r.Outputs, o => o.StreamName == "stderr");
        Assert.Contains("46,000,000 more were dropped", note.Text);
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
