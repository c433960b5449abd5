// The fused engine's options: threads, the batch split and the SIMD width, each passed in by the
// caller (tests and benchmarks choose them per engine; nothing is a global setting).
using RnnCourse.Numerics;

namespace RnnCourse.Bptt;

/// <summary>Options of <see cref="FusedEngine"/>. Defaults are the measured best on a 2-core machine.</summary>
public sealed record FusedEngineOptions
{
    /// <summary>
    /// 2 (default) lets the engine use the second core through <see cref="WorkerPair.Shared"/> at
    /// B ≥ <see cref="ParallelBatch"/>; 1 keeps everything on the calling thread.
    /// </summary>
    public int MaxThreads { get; init; } = 2;

    /// <summary>
    /// Smallest batch split over two cores. 16: below it each half's product is too small to
    /// pay for the hand-off, and at B = 1 there is nothing to split (one thread stays the default).
    /// </summary>
    public int ParallelBatch { get; init; } = 16;

    /// <summary>
    /// The SIMD width of every kernel (products, mat-vec, gate passes). Null (default): the widest
    /// this machine accelerates (<see cref="Simd.Best"/>). Tests and benchmarks run each width on
    /// one machine; a width the CPU does not accelerate is refused when the engine is built.
    /// </summary>
    public SimdWidth? Width { get; init; }
}
