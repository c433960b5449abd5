// The path taken on CPUs without AVX-512 (most laptops): forward gate kernels as
// TensorPrimitives passes, backward kernels as scalar loops. Chosen by FusedEngineOptions.Avx512
// = false, the fused engine must still match the double-precision reference.
using RnnCourse.Layers;

namespace RnnCourse.Tests.Bptt.Kernels;

public class PortableKernelsTests
{
    public static TheoryData<string> Cells() => new(EngineEquivalenceTests.CellCases);

    [Theory]
    [MemberData(nameof(Cells))]
    public void FusedEngine_PortablePath_MatchesDoubleReference(string cell)
    {
        EngineEquivalenceTests.RunSingle(
            "fused-portable",
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
            "fused-portable",
            EngineEquivalenceTests.Config(cell, input: 9),
            6,
            3,
            tokens: true,
            mask,
            given: false,
            seed: 6
        );
    }
}
