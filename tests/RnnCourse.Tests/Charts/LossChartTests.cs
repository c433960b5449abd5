using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class LossChartTests
{
    [Fact]
    public void Add_Attached_UpdatesEveryNthCallWithTheChart()
    {
        var chart = new LossChart { UpdateEvery = 2 };
        var seen = new List<int>();
        chart.Attach(o => seen.Add(((LossChart)o).Points.Count));
        for (int i = 0; i < 5; i++)
            chart.Add(i, 1.0 / (i + 1));
        Assert.Equal([2, 4], seen);
    }

    [Fact]
    public void Show_NoNotebookCellRunning_ThrowsNamingTheAlternatives()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new LossChart().Show());
        Assert.Contains("Attach(", ex.Message);
        Assert.Contains("SaveHtml", ex.Message);
    }

    [Fact]
    public void Add_DecreasingStep_ThrowsAndKeepsPoints()
    {
        var chart = new LossChart();
        chart.Add(10, 1.0);
        var ex = Assert.Throws<ArgumentException>(() => chart.Add(5, 0.9));
        Assert.Contains("Step 5 comes before the last recorded step 10", ex.Message);
        Assert.Single(chart.Points);
    }

    [Fact]
    public void UpdateEvery_Zero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossChart { UpdateEvery = 0 });

    [Fact]
    public void ToFigure_Perplexity_IsExpOfLossOnLogAxisAndMarksBestValidation()
    {
        var chart = new LossChart("p", LossMetric.Perplexity);
        chart.Add(0, Math.Log(50), Math.Log(60));
        chart.Add(1, Math.Log(20));
        chart.Add(2, Math.Log(10), Math.Log(12));
        chart.Add(3, Math.Log(8), Math.Log(13));
        var fig = chart.ToFigure();
        Assert.Equal("log", fig.Layout.YAxis!.Type);
        var train = (Scatter)fig.Data[0];
        Assert.Equal(new[] { 50.0, 20, 10, 8 }, ((double[])train.Y!).Select(v => Math.Round(v, 9)));
        var val = (Scatter)fig.Data[1];
        Assert.Equal(new[] { 0.0, 2, 3 }, (double[])val.X!);
        var best = (Scatter)fig.Data[2];
        Assert.Equal(new[] { 2.0 }, (double[])best.X!);
        Assert.Equal(12, ((double[])best.Y!)[0], 9);
        // Annotation y on a log axis is log10 of the value.
        Assert.Equal(Math.Log10(12), fig.Layout.Annotations![0].Y, 9);
        Assert.Contains("best validation 2.4849 at step 2", chart.ToString());
    }

    [Fact]
    public void LossCurves_ValidationLengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => CourseCharts.LossCurves([1.0, 2.0], [1.0]));
        Assert.Contains("validation has 1 values but train has 2", ex.Message);
    }
}
