using RnnCourse.Numerics;

namespace RnnCourse.Grading.Tests.Authoring;

public sealed class CheckTests
{
    [Fact]
    public void Close_WithinTolerance_Passes() => Check.Close(1.0, 1.0 + 1e-9);

    [Theory]
    [InlineData(1.0, 1.001)]
    [InlineData(1.0, double.NaN)]
    public void Close_Outside_FailsNamingValues(double expected, double actual)
    {
        var e = Assert.Throws<CheckFailedException>(() =>
            Check.Close(expected, actual, what: "loss")
        );
        Assert.StartsWith("loss: expected 1, got", e.Message);
    }

    [Fact]
    public void AllClose_ReportsWorstElement()
    {
        var a = Tensor<double>.From([1, 2, 3, 4], 2, 2);
        var b = Tensor<double>.From([1, 2.1, 3, 9], 2, 2);
        var e = Assert.Throws<CheckFailedException>(() => Check.AllClose(a, b, what: "h"));
        Assert.Contains("element [3] expected 4, got 9", e.Message);
    }

    [Fact]
    public void Shape_Mismatch_NamesBothShapes()
    {
        var e = Assert.Throws<CheckFailedException>(() =>
            Check.Shape(Tensor<double>.Zeros(2, 3), [3, 2], "Wxh")
        );
        Assert.Equal("Wxh: expected shape (3, 2), got (2, 3).", e.Message);
    }

    [Fact]
    public void Gradient_CorrectAnalytic_Passes()
    {
        var x = Tensor<double>.From([0.3, -1.2, 2.0], 3);
        var g = Tensor<double>.From(x.Data.Select(v => 2 * v).ToArray(), 3);
        double err = Check.Gradient(t => t.Data.Sum(v => v * v), x, g);
        Assert.True(err < 1e-8);
        Assert.Equal([0.3, -1.2, 2.0], x.Data); // restored
    }

    [Fact]
    public void Gradient_WrongElement_FailsNamingIt()
    {
        var x = Tensor<double>.From([0.3, -1.2, 2.0], 3);
        var g = Tensor<double>.From([0.6, -2.4, 3.0], 3);
        var e = Assert.Throws<CheckFailedException>(() =>
            Check.Gradient(t => t.Data.Sum(v => v * v), x, g, what: "dx")
        );
        Assert.StartsWith("dx: element [2] is 3 but finite differences give 4", e.Message);
    }

    [Fact]
    public void Throws_NothingThrown_Fails()
    {
        Assert.Throws<CheckFailedException>(() => Check.Throws<ArgumentException>(() => { }));
        Check.Throws<ArgumentException>(() => throw new ArgumentException("x"));
    }
}
