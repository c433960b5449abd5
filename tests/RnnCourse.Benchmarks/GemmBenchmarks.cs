// GEMM throughput on square and RNN-shaped products (m × k × n), on one and two threads.
// Run: dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*GemmBenchmarks*'
// A short job (3 warm-ups, 7 iterations of ~0.2 s) keeps the 16 cases to a few minutes; the
// GFLOP/s column is 2·m·k·n / mean time. The naive twin is benchmarked separately on the two
// smallest shapes only (it runs at ~1 GFLOP/s: 2048³ would take half a minute per call).
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>Short job plus a GFLOP/s column: the whole GEMM suite runs in minutes.</summary>
public sealed class GemmConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public GemmConfig()
    {
        AddJob(
            Job.Default.WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(7)
                .WithIterationTime(TimeInterval.FromMilliseconds(200))
        );
        AddColumn(new GflopsColumn());
    }
}

/// <summary>GFLOP/s = 2·m·k·n / mean time, from the benchmark's "Shape" parameter (m×k×n).</summary>
public sealed class GflopsColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => "GFLOPs";

    /// <inheritdoc/>
    public string ColumnName => "GFLOP/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Billions of floating-point operations per second: 2·m·k·n / mean";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        var shape = benchmarkCase.Parameters["Shape"] as string;
        if (stats is null || shape is null)
        {
            return "-";
        }
        var d = shape.Split('x').Select(double.Parse).ToArray();
        return (2 * d[0] * d[1] * d[2] / stats.Mean).ToString("F1"); // flops per ns = GFLOP/s
    }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        GetValue(summary, benchmarkCase);

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Gemm.AB on the benchmark shapes, 1 and 2 threads (WorkerPool.Shared).</summary>
[Config(typeof(GemmConfig))]
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private int _m,
        _k,
        _n;

    /// <summary>Shape as "m×k×n": square sizes, then the RNN products (T·B×I·H…).</summary>
    [Params(
        "256x256x256",
        "512x512x512",
        "1024x1024x1024",
        "2048x2048x2048",
        "32x2048x512",
        "64x2048x512",
        "64x512x2048",
        "2048x512x1600"
    )]
    public string Shape { get; set; } = "256x256x256";

    /// <summary>1: the calling thread only; 2: split with the shared worker.</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>Allocates and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var d = Shape.Split('x').Select(int.Parse).ToArray();
        (_m, _k, _n) = (d[0], d[1], d[2]);
        var rng = new Rng(1);
        _a = new float[_m * _k];
        _b = new float[_k * _n];
        _c = new float[_m * _n];
        rng.FillUniform<float>(_a, -1, 1);
        rng.FillUniform<float>(_b, -1, 1);
    }

    /// <summary>C = A·B.</summary>
    [Benchmark]
    public void AB() =>
        Gemm.AB(_m, _k, _n, _a, _b, _c, false, Threads == 2 ? WorkerPool.Shared : null);
}

/// <summary>The naive twin on the two smallest shapes: the baseline the kernel is measured against.</summary>
[Config(typeof(GemmConfig))]
public class GemmNaiveBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private int _m,
        _k,
        _n;

    /// <summary>Shape as "m×k×n".</summary>
    [Params("256x256x256", "32x2048x512")]
    public string Shape { get; set; } = "256x256x256";

    /// <summary>Allocates and fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var d = Shape.Split('x').Select(int.Parse).ToArray();
        (_m, _k, _n) = (d[0], d[1], d[2]);
        var rng = new Rng(1);
        _a = new float[_m * _k];
        _b = new float[_k * _n];
        _c = new float[_m * _n];
        rng.FillUniform<float>(_a, -1, 1);
        rng.FillUniform<float>(_b, -1, 1);
    }

    /// <summary>Naive C = A·B (GemmNaive).</summary>
    [Benchmark(Baseline = true)]
    public void NaiveAB() => GemmNaive.AB<float>(_m, _k, _n, _a, _b, _c);

    /// <summary>Optimized C = A·B, one thread.</summary>
    [Benchmark]
    public void AB() => Gemm.AB(_m, _k, _n, _a, _b, _c);
}
