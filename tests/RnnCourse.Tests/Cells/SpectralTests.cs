using RnnCourse.Cells;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Cells;

public class SpectralTests
{
    [Fact]
    public void Radius_KnownMatrix_IsLargestEigenvalueMagnitude()
    {
        // Upper triangular: eigenvalues are the diagonal 0.5 and −2.
        Assert.Equal(2.0, Spectral.Radius<double>([0.5, 3, 0, -2], 2), 10);
        // A rotation by 90° scaled by 0.9: eigenvalues ±0.9i.
        Assert.Equal(0.9, Spectral.Radius<double>([0, -0.9, 0.9, 0], 2), 10);
    }

    [Fact]
    public void Radius_OrthogonalInit_IsOneAndNormIsOne()
    {
        var layout = new ParameterLayout();
        var config = new CellConfig(CellKind.Elman, 3, 16);
        var slots = CellParameters.Declare(config, layout);
        var p = new ParameterSet<float>(layout);
        CellParameters.Initialize(config, slots, p, new Rng(7));
        Assert.Equal(1.0, Spectral.Radius<float>(p.Value(slots.Wh), 16), 5);
        Assert.Equal(1.0, Spectral.Norm<float>(p.Value(slots.Wh), 16, 16), 5);
    }

    [Fact]
    public void Radius_ScaledMatrix_Scales()
    {
        var w = new double[25];
        new Rng(3).FillNormal<double>(w);
        double r = Spectral.Radius<double>(w, 5);
        Assert.Equal(3 * r, Spectral.Radius<double>(w.Select(v => 3 * v).ToArray(), 5), 9);
        Assert.True(Spectral.Norm<double>(w, 5, 5) >= r - 1e-12);
    }

    [Fact]
    public void Radius_NotSquare_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Spectral.Radius<double>(new double[6], 2));
        Assert.Contains("(2, 2)", ex.Message);
    }
}
