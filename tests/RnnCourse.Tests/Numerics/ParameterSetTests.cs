// The flat parameter buffer: named views, and a second gradient buffer over the same values
// (what CharLanguageModel's two batch parts accumulate into).
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

public class ParameterSetTests
{
    private static ParameterSet<float> Make()
    {
        var layout = new ParameterLayout();
        layout.Add("W", 3, 4);
        layout.Add("b", 3);
        return new ParameterSet<float>(layout);
    }

    [Fact]
    public void Value_NamedView_WritesIntoTheFlatBuffer()
    {
        var p = Make();
        p.Value("b")[1] = 7f;
        Assert.Equal(7f, p.Values[12 + 1]);
        Assert.Equal(15, p.Count);
    }

    [Fact]
    public void SharingValues_SameValuesOwnGradients()
    {
        var p = Make();
        var q = p.SharingValues();
        p.Value("W")[5] = 2f;
        q.Value("b")[0] = 3f;
        Assert.Equal(2f, q.Value("W")[5]); // one values array, seen from both
        Assert.Equal(3f, p.Value("b")[0]);
        Assert.Same(p.Layout, q.Layout);

        q.Grad("W")[5] = 1f;
        Assert.Equal(0f, p.Grad("W")[5]); // gradients are separate buffers
        p.ZeroGrad();
        Assert.Equal(1f, q.Grad("W")[5]);
    }
}
