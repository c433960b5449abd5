using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

public class GradientClippingTests
{
    [Fact]
    public void ClipByGlobalNorm_AboveThreshold_RescalesKeepingDirection()
    {
        double[] g = [3, 4];
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, 1.0);
        Assert.Equal(5, norm, 15);
        Assert.Equal(0.6, g[0], 15);
        Assert.Equal(0.8, g[1], 15);
    }

    [Fact]
    public void ClipByGlobalNorm_BelowThreshold_LeavesGradientAlone()
    {
        float[] g = [0.3f, -0.4f];
        float norm = GradientClipping.ClipByGlobalNorm<float>(g, 1f);
        Assert.Equal(0.5f, norm, 6);
        Assert.Equal([0.3f, -0.4f], g);
    }

    [Fact]
    public void ClipByGlobalNorm_NonFinite_ReturnsItAndChangesNothing()
    {
        double[] g = [double.NaN, 1];
        Assert.True(double.IsNaN(GradientClipping.ClipByGlobalNorm<double>(g, 1)));
        Assert.Equal(1, g[1]);
    }

    [Fact]
    public void ClipByGlobalNorm_Empty_IsZero() =>
        Assert.Equal(0.0, GradientClipping.ClipByGlobalNorm<double>(Span<double>.Empty, 1));

    [Fact]
    public void ClipByValue_ClampsEachComponentAndCounts()
    {
        double[] g = [-10, 0.5, 7, 5];
        int n = GradientClipping.ClipByValue<double>(g, 5);
        Assert.Equal(2, n);
        Assert.Equal([-5, 0.5, 5, 5], g);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Clip_BadThreshold_Throws(double bad)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            GradientClipping.ClipByGlobalNorm<double>(new double[2], bad)
        );
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            GradientClipping.ClipByValue<double>(new double[2], bad)
        );
    }
}
