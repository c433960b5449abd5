using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class SeriesCheckTests
{
    [Fact]
    public void LossCurves_EmptyTrain_NamesTheArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.LossCurves(Array.Empty<double>())
        );

        Assert.Equal("train", ex.ParamName);
        Assert.Contains("train is empty; pass at least one training loss", ex.Message);
    }

    [Fact]
    public void LossCurves_NaNTrain_NamesTheIndexAndTheLength()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.LossCurves([3.0, double.NaN, 1.0])
        );

        Assert.Contains("train[1] is NaN (3 values)", ex.Message);
        Assert.Contains("training diverged", ex.Message);
    }

    [Fact]
    public void LossCurves_ValidationOfOtherLength_SaysWhatLengthWasExpected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.LossCurves([3.0, 2.0, 1.0], [3.0, 2.0])
        );

        Assert.Equal("validation", ex.ParamName);
        Assert.Contains("validation has 2 values but train has 3", ex.Message);
    }

    [Fact]
    public void PredictedVsActual_InfiniteActual_NamesTheIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.PredictedVsActual([1.0, double.PositiveInfinity], [1.0, 2.0])
        );

        Assert.Equal("actual", ex.ParamName);
        Assert.Contains("actual[1] is Infinity (2 values)", ex.Message);
    }

    [Fact]
    public void PredictedVsActual_Empty_NamesTheArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() => CourseCharts.PredictedVsActual([], []));

        Assert.Contains("actual is empty", ex.Message);
    }

    [Fact]
    public void GradientNorms_NaNNorm_NamesTheSeriesAndStep()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.GradientNorms(("LSTM", [1.0, double.NaN, 0.5]))
        );

        Assert.Contains("Series 'LSTM' has NaN at t = 2 of 3", ex.Message);
    }

    [Fact]
    public void Histograms_EmptySeries_NamesTheSeries()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.Histograms("weights", ("W_hh", [0.1]), ("b_h", []))
        );

        Assert.Contains("series 'b_h' is empty; pass at least one sample", ex.Message);
    }
}
