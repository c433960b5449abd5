using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Layers;

public class SequenceMaskTests
{
    [Fact]
    public void FromLengths_MarksPrefixes()
    {
        var m = SequenceMask.FromLengths([2, 3], 3);
        Assert.True(m.IsValid(1, 0));
        Assert.False(m.IsValid(2, 0));
        Assert.True(m.IsValid(2, 1));
        Assert.Equal([2, 3], m.Lengths!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void FromLengths_LengthOutsideRange_Throws(int bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => SequenceMask.FromLengths([2, bad], 3));
        Assert.Contains("lengths[1]", ex.Message);
    }

    [Fact]
    public void FromLengths_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => SequenceMask.FromLengths([], 3));

    [Fact]
    public void FromMatrix_WrongCount_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SequenceMask.FromMatrix([true, true, true], 2, 2)
        );
        Assert.Contains("(2, 2)", ex.Message);
    }

    [Fact]
    public void FromMatrix_EmptySequence_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SequenceMask.FromMatrix([true, false, true, false], 2, 2)
        );
        Assert.Contains("Sequence 1", ex.Message);
    }

    [Fact]
    public void FromMatrix_Holes_HasNoLengths()
    {
        Assert.Null(SequenceMask.FromMatrix([false, true, true, true], 2, 2).Lengths);
        Assert.Equal([1, 2], SequenceMask.FromMatrix([true, true, false, true], 2, 2).Lengths!);
        Assert.Equal([2, 1], SequenceMask.FromMatrix([true, true, true, false], 2, 2).Lengths!);
    }
}

public class TokenIdsTests
{
    [Fact]
    public void Constructor_WrongLength_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TokenIds(new int[5], 2, 3));
        Assert.Contains("(2, 3)", ex.Message);
    }

    [Fact]
    public void ToOneHot_OutOfVocabulary_ThrowsNamingPosition()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new TokenIds([0, 7], 1, 2).ToOneHot<double>(5)
        );
        Assert.Contains("(t, b) = (0, 1)", ex.Message);
    }

    [Fact]
    public void ToOneHot_PaddingIsZeroRow()
    {
        var x = new TokenIds([2, -1], 1, 2).ToOneHot<double>(3);
        Assert.Equal(new double[] { 0, 0, 1, 0, 0, 0 }, x.Data);
    }
}
