// BenchmarkDotNet: one char-model training step (the Trainer's TrainStep on a CharLanguageModel:
// one-hot V = 65, one layer, readout, softmax CE over all steps, BPTT, clip, Adam) with the fused
// engine on one and two threads, against the reference engine in the same run (the Baseline).
// Reports time and allocated bytes per step (MemoryDiagnoser: the fused rows must show 0 B; the
// trainers keep no step history and measure no parameter norm).
//   dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*EngineBenchmarks*'
// The PyTorch/numpy comparison is scripts/compare_torch.py (it uses `engine-compare`).
using BenchmarkDotNet.Attributes;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Models;
using RnnCourse.Numerics;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Benchmarks;

/// <summary>Training-step time of the fused engine vs the reference engine.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private Trainer<float, TokenBatch> _reference = null!;
    private Trainer<float, TokenBatch> _fused1 = null!;
    private Trainer<float, TokenBatch> _fused2 = null!;
    private TokenBatch _data = null!;

    /// <summary>The cell.</summary>
    [Params(CellKind.Elman, CellKind.Lstm, CellKind.Gru)]
    public CellKind Cell { get; set; }

    /// <summary>H.</summary>
    [Params(128, 256)]
    public int Hidden { get; set; }

    /// <summary>B (T = 25).</summary>
    [Params(1, 32)]
    public int Batch { get; set; }

    /// <summary>Builds the three trainers with identical weights and one batch of data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        const int V = EngineCompare.V,
            T = 25;
        var cell = new CellConfig(Cell, V, Hidden) { Init = WeightInit.PyTorchUniform };
        Trainer<float, TokenBatch> Make(RecurrentEngineFactory<float>? engine, int threads)
        {
            var options = new CharLanguageModelOptions { MaxThreads = threads };
            var model = new CharLanguageModel(cell, T, Batch, engine, options, new Rng(1));
            return Trainer.Create(
                model,
                new AdamConfig(2e-3).Create(model.Parameters),
                new TrainerConfig(KeepHistory: false, TrackParamNorm: false)
            );
        }
        _reference = Make(ReferenceEngine<float>.Factory, 1);
        _fused1 = Make(null, 1);
        _fused2 = Make(null, 2);
        var rng = new Rng(2);
        var ids = new int[T * Batch];
        var targets = new int[T * Batch];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = rng.NextInt(V);
            targets[k] = rng.NextInt(V);
        }
        _data = new TokenBatch(ids, targets, T, Batch);
    }

    /// <summary>The readable reference engine (allocates per step).</summary>
    [Benchmark(Baseline = true)]
    public double Reference() => _reference.TrainStep(_data).Loss;

    /// <summary>The fused engine on one thread.</summary>
    [Benchmark]
    public double Fused1Thread() => _fused1.TrainStep(_data).Loss;

    /// <summary>The fused engine with the second core (used at B ≥ 16).</summary>
    [Benchmark]
    public double Fused2Threads() => _fused2.TrainStep(_data).Loss;
}
