// The path taken on CPUs without AVX-512 (most laptops): forward gate kernels as
// TensorPrimitives passes, backward kernels as scalar loops. Forced on this thread, the fused
// engine must still match the double-precision reference.
using RnnCourse.Bptt.Kernels;
using RnnCourse.Layers;

namespace RnnCourse.Tests.Bptt.Kernels;

public class PortableKernelsTests
{
    public static TheoryData<string> Cells() => new(EngineEquivalenceTests.CellCases);

    [Theory]
    [MemberData(nameof(Cells))]
    public void FusedEngine_PortablePath_MatchesDoubleReference(string cell)
    {
        VecMath.ForcePortable = true; // thread-static: only this test's thread
        try
        {
            Assert.False(VecMath.IsVectorized);
            // One thread, so every kernel call runs on this thread.
            EngineEquivalenceTests.RunSingle(
                "fused-1thread",
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
                "fused-1thread",
                EngineEquivalenceTests.Config(cell, input: 9),
                6,
                3,
                tokens: true,
                mask,
                given: false,
                seed: 6
            );
        }
        finally
        {
            VecMath.ForcePortable = false;
        }
    }
}
