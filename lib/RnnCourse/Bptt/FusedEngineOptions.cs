// The fused engine's options: threads, the batch split and the SIMD width, each passed in by the
// caller (tests and benchmarks choose them per engine; nothing is a global setting).

namespace RnnCourse.Bptt;

/// <summary>Options of <see cref="FusedEngine"/>. Defaults are the measured best on a 2-core machine.</summary>
public sealed record FusedEngineOptions
{
    /// <summary>
    /// Most threads the engine uses, its caller's included (through
    /// <see cref="WorkerPool.Shared"/>) at B ≥ <see cref="ParallelBatch"/>. Default: the
    /// processors this process may use (<see cref="Environment.ProcessorCount"/>); the batch caps
    /// it further (each thread gets at least ParallelBatch / 2 rows). 1 keeps everything on the
    /// calling thread. Any value gives the same bytes.
    /// </summary>
    public int MaxThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The threads to run on. Null (default): <see cref="WorkerPool.Shared"/>, one thread per
    /// processor. Tests pass their own pool (3 or 4 threads, even on a 2-core machine) to show
    /// that the thread count does not change the bytes.
    /// </summary>
    public WorkerPool? Pool { get; init; }

    /// <summary>
    /// Smallest batch split over threads. 16: below it each slice's product is too small to pay
    /// for the hand-off, and at B = 1 there is nothing to split (one thread stays the default).
    /// Slices have at least half this many rows, so B = 16 uses 2 threads, B = 64 up to 8.
    /// </summary>
    public int ParallelBatch { get; init; } = 16;

    /// <summary>
    /// The SIMD width of every kernel (products, mat-vec, gate passes). Null (default): the widest
    /// this machine accelerates (<see cref="Simd.Best"/>). Tests and benchmarks run each width on
    /// one machine; a width the CPU does not accelerate is refused when the engine is built.
    /// </summary>
    public SimdWidth? Width { get; init; }
}
