using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class FigureJsonTests
{
    [Fact]
    public void ToHtml_FigureJsonOfAFigure_IsTheFiguresOwnFragment()
    {
        var fig = CourseCharts.LossCurves([3.0, 2.0], [3.1, 2.4]);

        Assert.Equal(fig.ToHtml(), new FigureJson(fig.ToJson()).ToHtml());
    }

    [Theory]
    [InlineData("{\"data\":", "not valid JSON")]
    [InlineData("[1,2]", "a JSON object with a \"data\" array")]
    [InlineData("{\"layout\":{}}", "a JSON object with a \"data\" array")]
    public void Constructor_BadJson_SaysWhatAFigureIs(string json, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new FigureJson(json));

        Assert.Contains(message, ex.Message);
    }
}
