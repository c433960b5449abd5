// Golden values computed by an independent Python implementation of xoshiro256** seeded
// through SplitMix64 (tests/RnnCourse.Tests/Numerics/rng_golden.py prints this file).
namespace RnnCourse.Tests.Numerics;

internal static class RngGolden
{
    public static readonly ulong[] Seed42First3 =
    [
        1546998764402558742UL,
        6990951692964543102UL,
        12544586762248559009UL,
    ];
    public static readonly long[] Seed42Normals =
    [
        -4618655616828722313L,
        -4626594845666230372L,
        4597152819617802828L,
        4602883928301632081L,
    ];
}
