// The fused engine at every SIMD width this machine runs (V512, V256, V128, scalar), each chosen
// by FusedEngineOptions.Width, must match the double-precision reference; CI also runs the suite
// with DOTNET_EnableAVX512=0 and DOTNET_PreferredVectorBitWidth=128, where the JIT has 16 vector
// registers and the GEMM takes its 6-row tile.
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Bptt.Kernels;

public class EveryWidthTests
{
    public static TheoryData<string, string> CellsAndWidths()
    {
        var data = new TheoryData<string, string>();
        foreach (var cell in EngineEquivalenceTests.CellCases)
        {
            foreach (var width in Simd.Supported)
            {
                data.Add(cell, width.ToString());
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CellsAndWidths))]
    public void FusedEngine_EveryWidth_MatchesDoubleReference(string cell, string width)
    {
        EngineEquivalenceTests.RunSingle(
            "fused-" + width,
            EngineEquivalenceTests.Config(cell),
            13,
            2,
            tokens: false,
            mask: null,
            given: true,
            seed: 5
        );
        var mask = SequenceMask.FromLengths([6, 4, 1], 6);
        EngineEquivalenceTests.RunSingle(
            "fused-" + width,
            EngineEquivalenceTests.Config(cell, input: 9),
            6,
            3,
            tokens: true,
            mask,
            given: false,
            seed: 6
        );
    }

    [Fact]
    public void FusedEngineOptions_WidthTheCpuLacks_RefusedNamingTheWidths()
    {
        var missing = Enum.GetValues<SimdWidth>().Where(w => !Simd.IsAccelerated(w)).ToArray();
        if (missing.Length == 0)
        {
            // Every width runs here: the refusal is checked through Simd.Resolve's contract.
            Assert.Equal(Simd.Best, Simd.Resolve(null));
            return;
        }
        var config = EngineEquivalenceTests.Config("lstm");
        var ex = Assert.Throws<PlatformNotSupportedException>(() =>
            EngineTestKit.Create(
                "fused-" + missing[0],
                config,
                EngineTestKit.Declare(config, new ParameterLayout(), "c")
            )
        );
        Assert.Contains(missing[0].ToString(), ex.Message);
        Assert.Contains(Simd.Best.ToString(), ex.Message);
    }
}
