// Optimizer step cost over one flat float buffer, against plain SGD (the baseline: one
// multiply-add per parameter) in the same run. Allocated bytes must be 0 (MemoryDiagnoser).
// Run: dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*OptimizerBenchmarks*' --job short
using BenchmarkDotNet.Attributes;
using RnnCourse.Numerics;
using RnnCourse.Training;

namespace RnnCourse.Benchmarks;

/// <summary>One optimizer step over N parameters; ns per parameter = time / N.</summary>
[MemoryDiagnoser]
public class OptimizerBenchmarks
{
    private Optimizer<float> _sgd = null!;
    private Optimizer<float> _momentum = null!;
    private Optimizer<float> _adagrad = null!;
    private Optimizer<float> _rmsprop = null!;
    private Optimizer<float> _adam = null!;
    private ParameterSet<float> _p = null!;

    /// <summary>Number of parameters (1M ≈ a 2-layer LSTM with H = 256 on a 100-symbol vocabulary).</summary>
    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var layout = new ParameterLayout();
        layout.Add("theta", N);
        _p = new ParameterSet<float>(layout);
        var rng = new Rng(1);
        rng.FillNormal<float>(_p.Values, 0, 0.1);
        rng.FillNormal<float>(_p.Grads, 0, 1e-3);
        _sgd = new SgdConfig(1e-6).Create(_p);
        _momentum = new MomentumConfig(1e-6).Create(_p);
        _adagrad = new AdagradConfig(1e-6).Create(_p);
        _rmsprop = new RmsPropConfig(1e-6).Create(_p);
        _adam = new AdamConfig(1e-6).Create(_p);
    }

    [Benchmark(Baseline = true)]
    public void Sgd() => _sgd.Step();

    [Benchmark]
    public void Momentum() => _momentum.Step();

    [Benchmark]
    public void Adagrad() => _adagrad.Step();

    [Benchmark]
    public void RmsProp() => _rmsprop.Step();

    [Benchmark]
    public void Adam() => _adam.Step();

    [Benchmark]
    public float ClipByGlobalNorm() => GradientClipping.ClipByGlobalNorm<float>(_p.Grads, 1e6f);
}
