// Every cell refuses an output buffer that shares memory with one of its inputs (or with another
// output of the same step), in Forward and Backward alike: the cell reads its inputs while it
// writes its outputs and keeps them for backward, so an overlap would corrupt both silently.
using RnnCourse.Cells;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Cells;

public class CellAliasingTests
{
    private const int I = 3,
        H = 3,
        B = 2;

    public static TheoryData<CellKind> Kinds() =>
        new(CellKind.Elman, CellKind.Jordan, CellKind.Lstm, CellKind.Gru);

    private static (IRecurrentCell<double> Cell, ParameterSet<double> P) Make(CellKind kind)
    {
        // I = H (and Jordan's output O = H by default) so one buffer fits every argument.
        var config = new CellConfig(kind, I, H);
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(config, layout);
        var p = new ParameterSet<double>(layout);
        new Rng(1).FillUniform<double>(p.Values, -0.5, 0.5);
        return (Cell.Create<double>(config, slots), p);
    }

    private static double[] Filled(ulong seed)
    {
        var a = new double[B * H];
        new Rng(seed).FillUniform<double>(a, -1, 1);
        return a;
    }

    public static TheoryData<CellKind, bool> KindsAndAliasedInputs()
    {
        var d = new TheoryData<CellKind, bool>();
        foreach (var kind in new[] { CellKind.Elman, CellKind.Jordan, CellKind.Lstm, CellKind.Gru })
        {
            d.Add(kind, true);
            d.Add(kind, false);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(KindsAndAliasedInputs))]
    public void Step_OutputOverAnInput_ThrowsNamingTheOutput(CellKind kind, bool overState)
    {
        // The output written over the previous state (h over hPrev), or over the input x.
        var (cell, p) = Make(kind);
        var (x, h) = (Filled(4), Filled(2));
        var output = overState ? h : x;
        var c = cell.Config.HasMemory ? Filled(3) : [];
        var cNew = cell.Config.HasMemory ? new double[B * H] : [];
        var ex = Assert.Throws<ArgumentException>(() =>
            cell.Step(p, B, new CellStep<double>(x, h, c, output, cNew), cell.CreateCache(B))
        );
        bool jordan = kind == CellKind.Jordan;
        Assert.Equal(jordan ? "y" : "h", ex.ParamName);
        string input = overState ? (jordan ? "yPrev" : "hPrev") : "x";
        Assert.Contains($"shares memory with {input}", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StepBackward_GradientWrittenOverItsInput_ThrowsNamingTheOutput(CellKind kind)
    {
        var (cell, p) = Make(kind);
        var cache = cell.CreateCache(B);
        var hasC = cell.Config.HasMemory;
        cell.Step(
            p,
            B,
            new CellStep<double>(
                Filled(4),
                Filled(2),
                hasC ? Filled(3) : [],
                new double[B * H],
                hasC ? new double[B * H] : []
            ),
            cache
        );
        var dh = Filled(5);
        var dc = hasC ? Filled(6) : [];
        var ex = Assert.Throws<ArgumentException>(() =>
            cell.StepBackward(
                p,
                B,
                cache,
                new CellStepGradients<double>(
                    dh,
                    dc,
                    new double[B * I],
                    dh,
                    hasC ? new double[B * H] : []
                )
            )
        );
        Assert.Equal(kind == CellKind.Jordan ? "dyPrev" : "dhPrev", ex.ParamName);
        Assert.Contains(
            kind == CellKind.Jordan ? "shares memory with dy" : "shares memory with dh",
            ex.Message
        );
        Assert.Throws<ArgumentException>(() =>
            cell.StepBackward(
                p,
                B,
                cache,
                new CellStepGradients<double>(
                    dh,
                    dc,
                    dh,
                    new double[B * H],
                    hasC ? new double[B * H] : []
                )
            )
        );
    }

    [Fact]
    public void LstmBackward_MemoryGradientWrittenOverItsInput_ThrowsNamingDcPrev()
    {
        var (cell, p) = Make(CellKind.Lstm);
        var cache = cell.CreateCache(B);
        cell.Step(
            p,
            B,
            new CellStep<double>(
                Filled(4),
                Filled(2),
                Filled(3),
                new double[B * H],
                new double[B * H]
            ),
            cache
        );
        var dc = Filled(6);
        var ex = Assert.Throws<ArgumentException>(() =>
            cell.StepBackward(
                p,
                B,
                cache,
                new CellStepGradients<double>(
                    Filled(5),
                    dc,
                    new double[B * I],
                    new double[B * H],
                    dc
                )
            )
        );
        Assert.Equal("dcPrev", ex.ParamName);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_SeparateBuffers_StillRuns(CellKind kind)
    {
        // The check refuses overlaps only: distinct buffers (and empty c for cells without one) pass.
        var (cell, p) = Make(kind);
        var hasC = cell.Config.HasMemory;
        var h = new double[B * H];
        cell.Step(
            p,
            B,
            new CellStep<double>(
                Filled(4),
                Filled(2),
                hasC ? Filled(3) : [],
                h,
                hasC ? new double[B * H] : []
            ),
            cell.CreateCache(B)
        );
        Assert.Contains(h, v => v != 0);
    }
}
