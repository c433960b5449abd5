using System.Text.Json;
using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class DownsamplingTests
{
    [Fact]
    public void ToJson_MillionPointLossCurve_IsDownSampledWithANoteAndKeepsTheSpike()
    {
        var train = Enumerable.Range(0, 1_000_000).Select(i => 3.0 - i * 1e-6).ToArray();
        train[654_321] = 50; // a spike must survive
        var fig = CourseCharts.LossCurves(train);

        var json = fig.ToJson();

        Assert.True(json.Length < 1_000_000, $"{json.Length:N0} characters of JSON");
        using var doc = JsonDocument.Parse(json);
        var trace = doc.RootElement.GetProperty("data")[0];
        var y = trace.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var x = trace.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.InRange(y.Count, 100, Downsampling.MaxPoints);
        Assert.Equal(y.Count, x.Count);
        Assert.Contains(50.0, y);
        Assert.Equal(654_321, x[y.IndexOf(50.0)]);
        Assert.Equal([0.0, 999_999.0], new[] { x[0], x[^1] });
        Assert.Contains(
            doc.RootElement.GetProperty("layout").GetProperty("annotations").EnumerateArray(),
            a =>
                a.GetProperty("text")
                    .GetString()!
                    .StartsWith("down-sampled for display: 1,000,000 points")
        );
    }

    [Fact]
    public void ToJson_ShortSeries_IsUnchanged()
    {
        var fig = CourseCharts.LossCurves([3.0, 2.0, 1.0]);

        Assert.Same(fig, Downsampling.Apply(fig));
        Assert.DoesNotContain("down-sampled", fig.ToJson());
    }
}
