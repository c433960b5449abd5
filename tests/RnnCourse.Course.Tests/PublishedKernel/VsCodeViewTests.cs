// The VS Code view, the normalisation and the comparison with `rnncourse run`, on small synthetic
// event sequences written as the kernel writes them: no tool needed.
using System.Text.Json.Nodes;

namespace RnnCourse.Course.Tests.PublishedKernel;

public class VsCodeViewTests
{
    private static KernelEvent Value(
        string type,
        string text,
        string? id = null,
        string mime = "text/plain"
    ) =>
        new KernelEvent(
            type,
            "cell-1",
            new JsonObject
            {
                ["formattedValues"] = new JsonArray(
                    new JsonObject
                    {
                        ["mimeType"] = mime,
                        ["value"] = text,
                        ["suppressDisplay"] = false,
                    }
                ),
                ["valueId"] = id,
            }
        );

    private static CellRun Ok(params KernelEvent[] events) => new(events, true, null);

    private static List<string> Keys(VsCodeView view, int cell) =>
        view.Cells[cell].Select(o => o.Key()).ToList();

    [Fact]
    public void Add_UpdateWithTheDisplayedId_ReplacesTheOutputInItsEarlierCell()
    {
        var view = new VsCodeView();
        view.Add(Ok(Value("DisplayedValueProduced", "epoch 0", "id-1")));
        view.Add(Ok(Value("StandardOutputValueProduced", "training\n")));
        view.Add(Ok(Value("DisplayedValueUpdated", "epoch 9", "id-1")));

        Assert.Equal(["display_data text/plain\nepoch 9"], Keys(view, 0));
        Assert.Equal(["stream:stdout text/plain\ntraining\n"], Keys(view, 1));
        Assert.Empty(view.Cells[2]);
    }

    [Fact]
    public void Add_UpdateWithAnUnknownId_AppendsASecondCopyAndLeavesTheFirst()
    {
        var view = new VsCodeView();
        view.Add(
            Ok(
                Value("DisplayedValueProduced", "chart 0", "id-1"),
                Value("DisplayedValueUpdated", "chart 1", "id-2"),
                Value("DisplayedValueUpdated", "chart 2", "id-2")
            )
        );

        Assert.Equal(
            ["display_data text/plain\nchart 0", "display_data text/plain\nchart 2"],
            Keys(view, 0)
        );
    }

    [Fact]
    public void Add_InterleavedStreams_MergeOnlyConsecutiveValuesOfOneStream()
    {
        var view = new VsCodeView();
        view.Add(
            Ok(
                Value("StandardOutputValueProduced", "a\n"),
                Value("StandardOutputValueProduced", "b\n"),
                Value("StandardErrorValueProduced", "e\n"),
                Value("StandardOutputValueProduced", "c"),
                Value("ReturnValueProduced", "<b>2</b>", mime: "text/html")
            )
        );

        Assert.Equal(
            [
                "stream:stdout text/plain\na\nb\n",
                "stream:stderr text/plain\ne\n",
                "stream:stdout text/plain\nc",
                "execute_result text/html\n<b>2</b>",
            ],
            Keys(view, 0)
        );
    }

    [Fact]
    public void Add_FailedCellAndWarning_ErrorOutputFailedCellAndWarningRecordedApart()
    {
        var diagnostics = JsonNode
            .Parse(
                """{"diagnostics":[{"severity":"warning","code":"CS8632","message":"m"},{"severity":"error","code":"CS0103","message":"x"}],"formattedDiagnostics":[{"mimeType":"text/plain","value":"(1,7): warning CS8632: m"},{"mimeType":"text/plain","value":"(2,1): error CS0103: x"}]}"""
            )!
            .AsObject();
        var failed = new JsonObject { ["message"] = "System.Exception: boom\n   at Submission#3" };
        var view = new VsCodeView();
        view.Add(Ok());
        view.Add(
            new CellRun(
                [
                    new KernelEvent("DiagnosticsProduced", "cell-2", diagnostics),
                    new KernelEvent("CommandFailed", "cell-2.1", failed),
                    new KernelEvent("CommandFailed", "cell-2", failed),
                ],
                false,
                null
            )
        );

        Assert.Equal([1], view.FailedCells);
        Assert.Equal(["cell 1: (1,7): warning CS8632: m"], view.Warnings);
        Assert.Equal(["error text/plain\nSystem.Exception: boom"], Keys(view, 1));
        Assert.Equal(1, view.ErrorOutputs);
        Assert.Null(view.Died);
    }

    [Fact]
    public void Add_KernelDied_RecordsCellAndReasonAsFailedWithErrorOutput()
    {
        var view = new VsCodeView();
        view.Add(Ok(Value("StandardOutputValueProduced", "before\n")));
        view.Add(new CellRun([], false, "the kernel process exited (code 3)"));

        Assert.Equal("cell 1: the kernel process exited (code 3)", view.Died);
        Assert.Equal([1], view.FailedCells);
        Assert.Equal(1, view.ErrorOutputs);
    }

    [Fact]
    public void FormattedValues_SuppressDisplay_IsLeftOut()
    {
        var e = KernelEvent.Parse(
            """{"eventType":"ReturnValueProduced","command":{"token":"t"},"event":{"formattedValues":[{"mimeType":"text/html","value":"x","suppressDisplay":true}]}}"""
        )!;
        var view = new VsCodeView();
        view.Add(Ok(e));

        Assert.Empty(e.FormattedValues());
        Assert.Empty(view.Cells[0]);
    }

    [Theory]
    [InlineData("info: Microsoft.Hosting.Lifetime[0]")]
    [InlineData("{not json")]
    [InlineData("""{"command":{"token":"t"}}""")]
    public void Parse_LineThatIsNotAnEvent_IsNull(string line) =>
        Assert.Null(KernelEvent.Parse(line));

    [Theory]
    [InlineData("took 123 ms\r\n", "took <time>\n")]
    [InlineData("epoch 3 in 1.2 s, 4ns, 2 min", "epoch 3 in <time>, <time>, <time>")]
    [InlineData(
        "reference   4.390 ms, fused  11.774 ms, ratio                 1.9 × (load average 27.30 on 2 cores)",
        "reference <time>, fused <time>, ratio <ratio> × (load average <load> on 2 cores)"
    )]
    [InlineData(
        "6000 updates (1.83 epochs, 182,803 characters/s) in 31.2 s",
        "6000 updates (1.83 epochs, <rate> characters/s) in <time>"
    )]
    [InlineData(
        """{"data":[{"x":[32,64],"y":[0.93,1.86]}],"layout":{"yaxis":{"title":{"text":"ms per step"}}}}""",
        """{"data":[{"x":[32,64],"y":[<timings>]}],"layout":{"yaxis":{"title":{"text":"ms per step"}}}}"""
    )]
    [InlineData(
        """{"data":[{"y":[0.93,1.86]}],"layout":{"yaxis":{"title":{"text":"loss"}}}}""",
        """{"data":[{"y":[0.93,1.86]}],"layout":{"yaxis":{"title":{"text":"loss"}}}}"""
    )]
    [InlineData("id 25a37f3c-4b9c-469d-bea1-ef6c6c96eff8.", "id <guid>.")]
    [InlineData("<div id=\"plot-1b861ead5e9a\">", "<div id=\"plot-<id>\">")]
    [InlineData("3 steps, loss 0.176, 5.31E-010, <null>", "3 steps, loss 0.176, 5.31E-010, <null>")]
    public void Normalise_VaryingParts_AreReplacedAndTheRestKept(string text, string expected) =>
        Assert.Equal(expected, ViewOutput.Normalise(text));

    [Fact]
    public void Differences_RunnerNotebook_ComparesRenderedMimeAndShowsFirstDifferencePerCell()
    {
        var view = new VsCodeView();
        view.Add(
            Ok(Value("ReturnValueProduced", "<pre>2</pre><style>\r\n</style>", mime: "text/html"))
        );
        view.Add(Ok(Value("StandardOutputValueProduced", "took 5 ms\n")));
        view.Add(Ok(Value("ReturnValueProduced", "<div>&lt;null&gt;</div>", mime: "text/html")));
        var runner = JsonNode
            .Parse(
                """
                {"cells":[
                  {"cell_type":"markdown","source":["# t"]},
                  {"cell_type":"code","outputs":[{"output_type":"execute_result","data":{"text/plain":["2"],"text/html":["<pre>2</pre><style>\n","</style>"]}}]},
                  {"cell_type":"code","outputs":[{"output_type":"stream","name":"stdout","text":["took 9 ms\n"]}]},
                  {"cell_type":"code","outputs":[]}
                ]}
                """
            )!
            .AsObject();

        var diffs = ViewDiff.Differences(view.Cells, ViewDiff.RunnerCells(runner));

        var diff = Assert.Single(diffs);
        Assert.StartsWith("cell 2: kernel 1 output(s), rnncourse run 0; output 0 differs", diff);
        Assert.Contains("kernel: [execute_result text/html] <div>&lt;null&gt;</div>", diff);
        Assert.Contains("run:    (none)", diff);
    }
}
