using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

// The conversion itself runs against the real Plotly.NET in the published kernel
// (RnnCourse.Course.Tests PublishedKernel/ChartPackageFormattersTests).
public class PlotlyNetChartsTests
{
    [Fact]
    public void ToFigureJson_NotAGenericChart_SaysWhatItExpected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            PlotlyNetCharts.ToFigureJson(CourseCharts.LossCurves([1.0, 0.5]))
        );

        Assert.Contains("Expected a Plotly.NET GenericChart", ex.Message);
        Assert.Contains("RnnCourse.Charts.Figure", ex.Message);
    }
}
