using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class CourseChartsSeedsTests
{
    [Fact]
    public void SeedCurves_ThreeSeeds_FaintCurvesThenBoldMedianInOneLegendGroup()
    {
        double[][] curves =
        [
            [1, 10, 5],
            [2, 30, 4],
            [9, 20, 6],
        ];
        var traces = CourseCharts.SeedCurves("GRU", curves, "#2ca02c", dash: "dash");

        Assert.Equal(4, traces.Length);
        var seeds = traces[..3].Cast<Scatter>().ToArray();
        var median = Assert.IsType<Scatter>(traces[3]);
        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(curves[s], seeds[s].Y);
            Assert.False(seeds[s].ShowLegend);
            Assert.Equal(0.3, seeds[s].Opacity);
            Assert.Equal(1, seeds[s].Line!.Width);
        }
        Assert.Equal([2.0, 20, 5], Assert.IsType<double[]>(median.Y));
        Assert.Equal(new Line("#2ca02c", 3, "dash"), median.Line);
        Assert.Null(median.ShowLegend);
        Assert.All(traces, t => Assert.Equal("GRU", t.LegendGroup));
    }

    [Fact]
    public void SeedDots_DelaysBySeeds_MedianLineAndShiftedLabelledDots()
    {
        int[] delays = [10, 40];
        double[][] recall =
        [
            [1.0, 0.9, 1.0],
            [0.3, 0.7, 0.25],
        ];
        var traces = CourseCharts.SeedDots("Elman", delays, recall, [1, 2, 3], "#1f77b4", 1.5);

        var line = Assert.IsType<Scatter>(traces[0]);
        var dots = Assert.IsType<Scatter>(traces[1]);
        Assert.Equal([10.0, 40.0], Assert.IsType<double[]>(line.X));
        Assert.Equal([1.0, 0.3], Assert.IsType<double[]>(line.Y));
        Assert.Equal("lines+markers", line.Mode);
        Assert.Equal([15.0, 15, 15, 60, 60, 60], Assert.IsType<double[]>(dots.X));
        Assert.Equal([1.0, 0.9, 1.0, 0.3, 0.7, 0.25], Assert.IsType<double[]>(dots.Y));
        Assert.Equal(
            ["seed 1", "seed 2", "seed 3", "seed 1", "seed 2", "seed 3"],
            Assert.IsType<string[]>(dots.Text)
        );
        Assert.False(dots.ShowLegend);
        Assert.Equal("Elman", dots.LegendGroup);
    }

    [Fact]
    public void SeedDots_ResultsAndSeedsDisagree_ThrowsNamingTheRow()
    {
        double[][] recall =
        [
            [1.0, 0.9],
            [0.3],
        ];
        var e = Assert.Throws<ArgumentException>(() =>
            CourseCharts.SeedDots("Elman", new[] { 10, 40 }, recall, [1, 2], "#1f77b4")
        );
        Assert.Contains("values[1] has 1 results but there are 2 seeds", e.Message);
    }
}
