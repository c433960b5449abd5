using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

public class SequenceOpsTests
{
    // x[t, b, 0] = 10 t + b, so every value says where it came from.
    private static Tensor<double> Positions(int steps, int batch)
    {
        var x = Tensor<double>.Zeros(steps, batch, 1);
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                x[t, b, 0] = 10 * t + b;
            }
        }
        return x;
    }

    [Fact]
    public void Reverse_WithLengths_ReversesEachSequenceWithinItsLength()
    {
        var y = SequenceOps.Reverse(Positions(4, 2), SequenceMask.FromLengths([4, 2], 4));
        Assert.Equal(new double[] { 30, 11, 20, 1, 10, 21, 0, 31 }, y.Data);
    }

    [Fact]
    public void Reverse_Twice_IsIdentity()
    {
        var x = Positions(5, 3);
        var mask = SequenceMask.FromLengths([1, 5, 3], 5);
        Assert.Equal(x.Data, SequenceOps.Reverse(SequenceOps.Reverse(x, mask), mask).Data);
    }

    [Fact]
    public void LastStep_PicksLastValidStepAndBackwardScattersThere()
    {
        var mask = SequenceMask.FromLengths([3, 1], 4);
        var last = SequenceOps.LastStep(Positions(4, 2), mask);
        Assert.Equal(new double[] { 20, 1 }, last.Data);
        var d = SequenceOps.LastStepBackward(Tensor<double>.From([5.0, 7.0], 2, 1), 4, mask);
        Assert.Equal(new double[] { 0, 7, 0, 0, 5, 0, 0, 0 }, d.Data);
    }

    [Fact]
    public void Reverse_WrongRank_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SequenceOps.Reverse(Tensor<double>.Zeros(3, 2))
        );
        Assert.Contains("(3, 2)", ex.Message);
    }
}
