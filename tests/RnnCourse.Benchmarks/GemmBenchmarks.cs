// GEMM throughput on square and RNN-shaped products (m × k × n), optimized against naive.
using BenchmarkDotNet.Attributes;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>A·B for the shapes BPTT uses. GFLOP/s = 2·m·k·n / time.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>Shape as "m×k×n".</summary>
    [Params("256x256x256", "512x512x512", "32x2048x512", "64x2048x512")]
    public string Shape { get; set; } = "256x256x256";

    private (int M, int K, int N) Dims
    {
        get
        {
            var p = Shape.Split('x').Select(int.Parse).ToArray();
            return (p[0], p[1], p[2]);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var (m, k, n) = Dims;
        var rng = new Rng(1);
        _a = new float[m * k];
        _b = new float[k * n];
        _c = new float[m * n];
        rng.FillUniform<float>(_a, -1, 1);
        rng.FillUniform<float>(_b, -1, 1);
    }

    [Benchmark(Baseline = true)]
    public void AB()
    {
        var (m, k, n) = Dims;
        Gemm.AB(m, k, n, _a, _b, _c);
    }
}
