// Every gate kernel, forward and backward, at every SIMD width this machine runs: the same bits
// as the scalar width (one generic body, the same operations in the same order), on a hidden
// size that leaves a tail at every width (37 = 2·16 + 5 = 4·8 + 5 = 9·4 + 1). Correctness
// against the reference engine is EveryWidthTests' job; this pins down that widths agree.
using RnnCourse.Bptt.Kernels;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Bptt.Kernels;

public class GateKernelsTests
{
    private const int Rows = 3,
        H = 37;

    public static TheoryData<string> Widths() => new(Simd.Supported.Select(w => w.ToString()));

    /// <summary>Runs <paramref name="kernel"/> on fresh copies of the seeded buffers at a width; returns the buffers after.</summary>
    private static float[][] Run(
        Action<float[][], SimdWidth> kernel,
        int[] lengths,
        SimdWidth width
    )
    {
        var rng = new Rng(42);
        var buffers = lengths.Select(n => new float[n]).ToArray();
        foreach (var b in buffers)
        {
            rng.FillUniform<float>(b, -3, 3);
        }
        kernel(buffers, width);
        return buffers;
    }

    private static void AssertWidthMatchesScalar(
        string name,
        Action<float[][], SimdWidth> kernel,
        int[] lengths,
        string width
    )
    {
        var w = Enum.Parse<SimdWidth>(width);
        var got = Run(kernel, lengths, w);
        var want = Run(kernel, lengths, SimdWidth.Scalar);
        var before = Run((_, _) => { }, lengths, SimdWidth.Scalar);
        bool changed = false;
        for (int b = 0; b < got.Length; b++)
        {
            for (int i = 0; i < got[b].Length; i++)
            {
                Assert.True(
                    BitConverter.SingleToInt32Bits(got[b][i])
                        == BitConverter.SingleToInt32Bits(want[b][i]),
                    $"{name} at {width}: buffer {b} element {i} is {got[b][i]:R}, scalar gives {want[b][i]:R}"
                );
                changed |= got[b][i] != before[b][i];
            }
        }
        Assert.True(changed, $"{name} wrote nothing");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void LstmForwardAndBackward_EveryWidth_SameBitsAsScalar(string width)
    {
        int g = Rows * 4 * H,
            s = Rows * H;
        AssertWidthMatchesScalar(
            "LstmForward",
            (b, w) => GateKernels.LstmForward(Rows, H, b[0], b[1], b[2], b[3], b[4], w),
            [g, s, s, s, s],
            width
        );
        AssertWidthMatchesScalar(
            "LstmBackward",
            (b, w) => GateKernels.LstmBackward(Rows, H, b[0], b[1], b[2], b[3], b[4], b[5], w),
            [g, s, s, s, s, g],
            width
        );
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void GruForwardAndBackward_EveryWidth_SameBitsAsScalar(string width)
    {
        int g = Rows * 3 * H,
            s = Rows * H;
        AssertWidthMatchesScalar(
            "GruForward",
            (b, w) => GateKernels.GruForward(Rows, H, b[0], b[1], b[2], b[3], b[4], b[5], w),
            [g, g, H, s, s, s],
            width
        );
        AssertWidthMatchesScalar(
            "GruBackward",
            (b, w) => GateKernels.GruBackward(Rows, H, b[0], b[1], b[2], b[3], b[4], b[5], b[6], w),
            [g, s, s, s, g, g, s],
            width
        );
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ElmanForwardAndBackward_EveryActivationAndWidth_SameBitsAsScalar(string width)
    {
        foreach (var f in Enum.GetValues<Activation>())
        {
            AssertWidthMatchesScalar(
                $"ElmanForward {f}",
                (b, w) => GateKernels.ElmanForward(f, Rows * H, b[0], b[1], w),
                [Rows * H, Rows * H],
                width
            );
            AssertWidthMatchesScalar(
                $"ElmanBackward {f}",
                (b, w) => GateKernels.ElmanBackward(f, Rows * H, b[0], b[1], b[2], w),
                [Rows * H, Rows * H, Rows * H],
                width
            );
        }
    }

    [Fact]
    public void LstmForward_ShortBuffer_ClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            GateKernels.LstmForward(
                2,
                4,
                new float[31],
                new float[8],
                new float[8],
                new float[8],
                new float[8]
            )
        );
        Assert.Contains("rows × H", ex.Message);
    }
}
