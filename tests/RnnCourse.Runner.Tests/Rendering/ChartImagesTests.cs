using RnnCourse.Charts;
using RnnCourse.Runner.Notebooks;
using RnnCourse.Runner.Rendering;
using RnnCourse.Tests.Charts;

namespace RnnCourse.Runner.Tests.Rendering;

public class ChartImagesTests
{
    private static CellOutput Display(string html) =>
        CellOutput.Display(new(StringComparer.Ordinal) { ["text/html"] = html });

    private static Notebook WithOutputs(params CellOutput[] outputs)
    {
        var nb = new Notebook();
        var cell = new NotebookCell { Kind = CellKind.Code, Source = "chart" };
        cell.Outputs.AddRange(outputs);
        nb.Cells.Add(cell);
        return nb;
    }

    [Fact]
    public void ChartsWithoutImage_MixedOutputs_FindsOnlyCourseChartsLackingAPicture()
    {
        var chart = CourseCharts.LossCurves([3.0, 2.0], [3.1, 2.5]);
        var done = Display(chart.ToHtml());
        done.Data[ChartImages.Png] = "iVBOR";
        var nb = WithOutputs(
            Display(chart.ToHtml()),
            Display("<b>not a chart</b>"),
            done,
            CellOutput.Stream("stdout", "var fig = {};")
        );

        var found = ChartImages.ChartsWithoutImage(nb);

        var (output, json) = Assert.Single(found);
        Assert.Same(nb.Cells[0].Outputs[0], output);
        Assert.Equal(chart.ToJson(), json);
    }

    [BrowserFact]
    public void AddTo_TwoCharts_AddsAPngOfEachAtTheFigureSize()
    {
        var chromium = TestBrowser.Require();
        var sized = CourseCharts.LossCurves([3.0, 2.0, 1.5], [3.1, 2.5, 2.0]) with
        {
            Layout = new Layout
            {
                Title = "sized",
                Width = 640,
                Height = 320,
            },
        };
        var plain = CourseCharts.GradientNorms(("Elman", [1e-3, 1e-2, 1e-1]));
        var nb = WithOutputs(Display(sized.ToHtml()), Display(plain.ToHtml()));

        var result = new ChartImages(chromium, TestBrowser.PlotlyJs).AddTo(nb);

        Assert.Equal(2, result.Charts);
        var sizes = nb.Cells[0]
            .Outputs.Select(o => PngSize(Convert.FromBase64String(o.Data[ChartImages.Png])))
            .ToList();
        Assert.Equal((640, 320), sizes[0]);
        Assert.Equal((ChartImages.DefaultWidth, ChartImages.DefaultHeight), sizes[1]);
        Assert.Empty(ChartImages.ChartsWithoutImage(nb));
    }

    [BrowserFact]
    public void AddTo_PlotlyJsMissing_ThrowsSayingTheChartsWereNotDrawn()
    {
        var chromium = TestBrowser.Require();
        var nb = WithOutputs(Display(CourseCharts.LossCurves([1.0, 0.5], [1.0, 0.7]).ToHtml()));

        var ex = Assert.Throws<InvalidOperationException>(() =>
            new ChartImages(chromium, "/nonexistent/plotly.min.js").AddTo(nb)
        );

        Assert.Contains("plotly.js could not draw chart 1", ex.Message);
        Assert.False(nb.Cells[0].Outputs[0].Data.ContainsKey(ChartImages.Png));
    }

    // Width and height from the PNG's IHDR chunk (big-endian, bytes 16–23).
    private static (int, int) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))
        );
    }
}
