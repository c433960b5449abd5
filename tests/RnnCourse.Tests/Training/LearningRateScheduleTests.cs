using System.Text.Json;
using RnnCourse.Training;

namespace RnnCourse.Tests.Training;

public class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(9, 1.0)]
    [InlineData(10, 0.5)]
    [InlineData(25, 0.25)]
    public void StepDecay_HalvesEveryStepSize(long step, double factor) =>
        Assert.Equal(factor, new StepDecaySchedule(10, 0.5).Factor(step), 15);

    [Fact]
    public void Exponential_IsGammaToTheStep()
    {
        var s = new ExponentialSchedule(0.9);
        Assert.Equal(1.0, s.Factor(0), 15);
        Assert.Equal(0.81, s.Factor(2), 15);
        Assert.Equal(0.3 * Math.Pow(0.9, 7), s.RateAt(0.3, 7), 15);
    }

    [Fact]
    public void Cosine_GoesFromOneToMinAndStays()
    {
        var s = new CosineSchedule(100);
        Assert.Equal(1.0, s.Factor(0), 15);
        Assert.Equal(0.5, s.Factor(50), 15);
        Assert.Equal(0.0, s.Factor(100), 15);
        Assert.Equal(0.0, s.Factor(500), 15);
        Assert.True(s.Factor(30) > s.Factor(31));
        Assert.Equal(0.1, new CosineSchedule(100, 0.1).Factor(100), 15);
        Assert.Equal(0.55, new CosineSchedule(100, 0.1).Factor(50), 15);
    }

    [Fact]
    public void Constant_IsOne() => Assert.Equal(1.0, new ConstantSchedule().Factor(12345));

    [Fact]
    public void BadArguments_ThrowNamingTheField()
    {
        Assert.Contains(
            "StepSize",
            Assert
                .Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(0).Factor(1))
                .Message
        );
        Assert.Contains(
            "Gamma",
            Assert
                .Throws<ArgumentOutOfRangeException>(() => new ExponentialSchedule(1.5).Factor(1))
                .Message
        );
        Assert.Contains(
            "TotalSteps",
            Assert
                .Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0).Factor(1))
                .Message
        );
    }

    [Fact]
    public void Schedule_RoundTripsThroughJson()
    {
        LearningRateSchedule s = new CosineSchedule(300, 0.05);
        string json = JsonSerializer.Serialize(s);
        Assert.Contains("\"kind\":\"cosine\"", json);
        Assert.Equal(s, JsonSerializer.Deserialize<LearningRateSchedule>(json));
    }
}
