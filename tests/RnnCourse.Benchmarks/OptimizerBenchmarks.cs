// Optimizer step cost over one flat float buffer: each SIMD kernel against its readable scalar
// twin (the baseline of its category) in the same run. Allocated bytes must be 0 (MemoryDiagnoser).
// Run: dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*OptimizerBenchmarks*' --job short
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>One update over N parameters; ns per parameter = time / N.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OptimizerBenchmarks
{
    private float[] _g = [];
    private float[] _s1 = [];
    private float[] _s2 = [];
    private float[] _theta = [];

    /// <summary>Number of parameters (1M ≈ a 2-layer LSTM with H = 256 on a 100-symbol vocabulary).</summary>
    [Params(1_000_000)]
    public int N { get; set; }

    /// <summary>Adam's t: late enough that the bias corrections are near 1, as in most of training.</summary>
    private const long Step = 1000;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _g = new float[N];
        _s1 = new float[N];
        _s2 = new float[N];
        _theta = new float[N];
        rng.FillNormal<float>(_g, 0, 1e-3);
        rng.FillNormal<float>(_theta, 0, 0.1);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Sgd")]
    public void SgdNaive() => OptimizerKernelsNaive.Sgd<float>(_g, 1e-6, _theta);

    [Benchmark, BenchmarkCategory("Sgd")]
    public void Sgd() => OptimizerKernels.Sgd<float>(_g, 1e-6, _theta);

    [Benchmark(Baseline = true), BenchmarkCategory("Momentum")]
    public void MomentumNaive() =>
        OptimizerKernelsNaive.Momentum<float>(_g, 1e-6, 0.9, false, _s1, _theta);

    [Benchmark, BenchmarkCategory("Momentum")]
    public void Momentum() => OptimizerKernels.Momentum<float>(_g, 1e-6, 0.9, false, _s1, _theta);

    [Benchmark(Baseline = true), BenchmarkCategory("Adagrad")]
    public void AdagradNaive() => OptimizerKernelsNaive.Adagrad<float>(_g, 1e-6, 1e-8, _s1, _theta);

    [Benchmark, BenchmarkCategory("Adagrad")]
    public void Adagrad() => OptimizerKernels.Adagrad<float>(_g, 1e-6, 1e-8, _s1, _theta);

    [Benchmark(Baseline = true), BenchmarkCategory("RmsProp")]
    public void RmsPropNaive() =>
        OptimizerKernelsNaive.RmsProp<float>(_g, 1e-6, 0.9, 1e-8, _s1, _theta);

    [Benchmark, BenchmarkCategory("RmsProp")]
    public void RmsProp() => OptimizerKernels.RmsProp<float>(_g, 1e-6, 0.9, 1e-8, _s1, _theta);

    [Benchmark(Baseline = true), BenchmarkCategory("Adam")]
    public void AdamNaive() =>
        OptimizerKernelsNaive.Adam<float>(_g, 1e-6, 0.9, 0.999, 1e-8, Step, _s1, _s2, _theta);

    [Benchmark, BenchmarkCategory("Adam")]
    public void Adam() =>
        OptimizerKernels.Adam<float>(_g, 1e-6, 0.9, 0.999, 1e-8, Step, _s1, _s2, _theta);
}
