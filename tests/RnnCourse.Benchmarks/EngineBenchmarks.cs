// BenchmarkDotNet: one char-model training step (CharModelTrainer: one-hot V = 65, one layer,
// readout, softmax CE over all steps, BPTT, clip, Adam) with the fused engine on one and two
// threads, against the reference engine in the same run (the Baseline). Reports time and
// allocated bytes per step (MemoryDiagnoser: the fused rows must show 0 B).
//   dotnet run -c Release --project tests/RnnCourse.Benchmarks -- --filter '*EngineBenchmarks*'
// The PyTorch/numpy comparison is scripts/compare_torch.py (it uses `engine-compare`).
using BenchmarkDotNet.Attributes;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>Training-step time of the fused engine vs the reference engine.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private CharModelTrainer _reference = null!;
    private CharModelTrainer _fused1 = null!;
    private CharModelTrainer _fused2 = null!;
    private TokenIds _inputs = null!;
    private int[] _targets = [];

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
        _reference = new CharModelTrainer(
            cell,
            T,
            Batch,
            ReferenceEngine<float>.Factory,
            new CharTrainerOptions { MaxThreads = 1 },
            new Rng(1)
        );
        _fused1 = new CharModelTrainer(
            cell,
            T,
            Batch,
            null,
            new CharTrainerOptions { MaxThreads = 1 },
            new Rng(1)
        );
        _fused2 = new CharModelTrainer(
            cell,
            T,
            Batch,
            null,
            new CharTrainerOptions { MaxThreads = 2 },
            new Rng(1)
        );
        var rng = new Rng(2);
        var ids = new int[T * Batch];
        _targets = new int[T * Batch];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = rng.NextInt(V);
            _targets[k] = rng.NextInt(V);
        }
        _inputs = new TokenIds(ids, T, Batch);
    }

    /// <summary>The readable reference engine (allocates per step).</summary>
    [Benchmark(Baseline = true)]
    public float Reference() => _reference.Step(_inputs, _targets);

    /// <summary>The fused engine on one thread.</summary>
    [Benchmark]
    public float Fused1Thread() => _fused1.Step(_inputs, _targets);

    /// <summary>The fused engine with the second core (used at B ≥ 16).</summary>
    [Benchmark]
    public float Fused2Threads() => _fused2.Step(_inputs, _targets);
}
