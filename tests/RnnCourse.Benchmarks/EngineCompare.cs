// `engine-compare`: times one char-model training step of the fused engine (the Trainer's
// TrainStep on a CharLanguageModel) and prints JSON, for tests/RnnCourse.Benchmarks/scripts/compare_torch.py, which runs PyTorch
// and numpy on the same workloads in the same run and prints the comparison table.
//   engine-compare CELL H T B [THREADS] [OPTIMIZER] [CLIP] [PART_ROWS]
//                                                                one measurement, one JSON line
//     (PART_ROWS: CharLanguageModelOptions.PartRows, default 16; compares batch partitions)
//   engine-compare --serve                                       one JSON line per stdin line:
//     CELL H T B [THREADS] [OPT] [CLIP]   a whole measurement (as above)
//     prepare CELL H T B THREADS OPT CLIP build, warm up and keep a trainer; its step time and bytes
//     block N CELL H T B THREADS OPT CLIP run N steps of that trainer: ms per step
//     clear                               drop the kept trainers
//     cores                               CoreProbe readings: the machine's two-thread capacity now
//   (prepare/block let compare_torch.py interleave PyTorch, one-thread and two-thread blocks,
//   so a slow spell of the shared host affects all sides of a ratio alike)
//   engine-memory CELL H T B [THREADS]                           peak working set vs model bytes
// CELL: elman | lstm | gru (| jordan); OPTIMIZER: adam | adagrad | sgd; CLIP: norm | value | none.
// Workload (issue 4): one-hot input I = V = 65, one recurrent layer, linear readout to V,
// softmax cross-entropy over all steps, full BPTT, clip, update. The trainer keeps no step
// history (TrainerConfig.KeepHistory = false), so a step allocates nothing, and reports no
// parameter norm (TrackParamNorm = false): the step measured is forward, backward, clip, update.
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Cells;
using RnnCourse.Models;
using RnnCourse.Numerics;
using RnnCourse.Text;
using RnnCourse.Training;

namespace RnnCourse.Benchmarks;

/// <summary>The engine side of the PyTorch comparison (see the file header).</summary>
public static class EngineCompare
{
    /// <summary>Vocabulary of the benchmark (65 = the tiny-Shakespeare char set).</summary>
    public const int V = 65;

    /// <summary>Seconds of warm-up before timing (the same on the PyTorch side of compare_torch.py).</summary>
    public const double WarmSeconds = 2.0;

    private static CoreProbe? _probe;

    /// <summary>Two 10 ms <see cref="CoreProbe"/> readings (fma, gemm) and a line round trip as a JSON line.</summary>
    private static string Cores()
    {
        _probe ??= new CoreProbe();
        var fma = _probe.Measure(10).Capacity;
        var gemm = _probe.Measure(10, gemm: true).Capacity;
        var ping = _probe.PingPongNs(2_000);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"fma\": {fma:F3}, \"gemm\": {gemm:F3}, \"pingpong_ns\": {ping:F0}}}"
        );
    }

    /// <summary>Entry point for <c>engine-compare</c> and <c>engine-memory</c>.</summary>
    public static int Run(string mode, string[] args)
    {
        if (mode == "engine-memory")
        {
            Console.WriteLine(Memory(args));
            return 0;
        }
        if (args.Length == 1 && args[0] == "--serve")
        {
            string? line;
            while ((line = Console.In.ReadLine()) is not null)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Console.WriteLine(
                    words[0] switch
                    {
                        "prepare" => Prepare(words[1..]),
                        "block" => Block(
                            int.Parse(words[1], CultureInfo.InvariantCulture),
                            words[2..]
                        ),
                        "clear" => Clear(),
                        "cores" => Cores(),
                        _ => Measure(words),
                    }
                );
                Console.Out.Flush();
            }
            return 0;
        }
        if (args.Length < 4)
        {
            Console.Error.WriteLine(
                "usage: engine-compare CELL H T B [THREADS] [adam|adagrad|sgd] [norm|value|none] [PART_ROWS] | --serve"
            );
            return 2;
        }
        Console.WriteLine(Measure(args));
        return 0;
    }

    /// <summary>Model FLOPs of one training step: 3 × forward matmuls (the one-hot input is a gather: 0).</summary>
    public static double StepFlops(CellKind kind, int h, int t, int b)
    {
        int gates = kind switch
        {
            CellKind.Lstm => 4,
            CellKind.Gru => 3,
            _ => 1,
        };
        return 3.0 * 2.0 * t * b * ((double)h * gates * h + (double)h * V);
    }

    /// <summary>elman | lstm | gru | jordan, as the command lines spell them.</summary>
    internal static CellKind ParseCell(string name) =>
        name switch
        {
            "elman" => CellKind.Elman,
            "lstm" => CellKind.Lstm,
            "gru" => CellKind.Gru,
            "jordan" => CellKind.Jordan,
            _ => throw new ArgumentException(
                $"Unknown cell '{name}': use elman, lstm, gru or jordan."
            ),
        };

    internal static (CharWorkload Trainer, TokenBatch Data, CellKind Kind) Build(
        string[] a,
        IStepPhaseTimer? timer = null
    )
    {
        var kind = ParseCell(a[0]);
        int h = int.Parse(a[1], CultureInfo.InvariantCulture),
            t = int.Parse(a[2], CultureInfo.InvariantCulture),
            b = int.Parse(a[3], CultureInfo.InvariantCulture);
        int threads = a.Length > 4 ? int.Parse(a[4], CultureInfo.InvariantCulture) : 1;
        OptimizerConfig optimizer = (a.Length > 5 ? a[5] : "adam") switch
        {
            "adagrad" => new AdagradConfig(0.1),
            "sgd" => new SgdConfig(2e-3),
            _ => new AdamConfig(2e-3),
        };
        // Clipping at 5, min-char-rnn's bound: by global norm, by value, or none.
        string clip = a.Length > 6 ? a[6] : "norm";
        var config = new TrainerConfig(
            ClipNorm: clip == "norm" ? 5 : null,
            ClipValue: clip == "value" ? 5 : null,
            KeepHistory: false,
            TrackParamNorm: false
        );
        var options = new CharLanguageModelOptions
        {
            MaxThreads = threads,
            PartRows =
                a.Length > 7
                    ? int.Parse(a[7], CultureInfo.InvariantCulture)
                    : new CharLanguageModelOptions().PartRows,
            PhaseTimer = timer ?? NoStepPhaseTimer.Instance,
        };
        var cell = new CellConfig(kind, V, h) { Init = WeightInit.PyTorchUniform };
        var model = new CharLanguageModel(cell, t, b, null, options, new Rng(1234));
        var trainer = Trainer.Create(model, optimizer.Create(model.Parameters), config);
        var rng = new Rng(99);
        var ids = new int[t * b];
        var targets = new int[t * b];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = rng.NextInt(V);
            targets[k] = rng.NextInt(V);
        }
        return (new CharWorkload(model, trainer), new TokenBatch(ids, targets, t, b), kind);
    }

    /// <summary>
    /// Steps for ≥ <see cref="WarmSeconds"/> and ≥ 3 steps (workspaces, packing buffers, and the
    /// JIT: .NET compiles a method first unoptimized, then with profile instrumentation, and only
    /// after about a second of calls at full optimization; 0.3 s measured tier-0 code). Returns
    /// the mean ms per step of the warm-up.
    /// </summary>
    internal static double WarmUp(CharWorkload trainer, TokenBatch data)
    {
        var sw = Stopwatch.StartNew();
        int steps = 0;
        while (steps < 3 || sw.Elapsed.TotalSeconds < WarmSeconds)
        {
            trainer.Step(data);
            steps++;
        }
        return sw.Elapsed.TotalMilliseconds / steps;
    }

    /// <summary>Managed bytes one more step allocates on this thread.</summary>
    private static long AllocatedPerStep(CharWorkload trainer, TokenBatch data)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Step(data);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static readonly Dictionary<string, (CharWorkload, TokenBatch)> Kept = [];

    private static string Prepare(string[] a)
    {
        var (trainer, data, kind) = Build(a);
        Kept[string.Join(' ', a)] = (trainer, data);
        double once = WarmUp(trainer, data);
        long allocated = AllocatedPerStep(trainer, data);
        int h = trainer.Model.Parameters.Layout.Slots[1].Shape[1];
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"once_ms\":{once:F4},\"flops\":{StepFlops(kind, h, data.Steps, data.Batch)},\"alloc_bytes_per_step\":{allocated},"
                + $"\"model_bytes\":{trainer.ModelBytes},\"activation_bytes\":{trainer.ActivationBytes}}}"
        );
    }

    private static string Block(int n, string[] a)
    {
        var (trainer, data) = Kept[string.Join(' ', a)];
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            trainer.Step(data);
        }
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"ms\":{sw.Elapsed.TotalMilliseconds / n:F5}}}"
        );
    }

    private static string Clear()
    {
        Kept.Clear();
        GC.Collect();
        return "{}";
    }

    private static string Measure(string[] a)
    {
        var (trainer, data, kind) = Build(a);
        double once = WarmUp(trainer, data);
        int perBlock = Math.Max(1, (int)(80 / once)); // ≈ 80 ms blocks, as in compare_torch.py
        var sw = new Stopwatch();
        var blocks = new List<double>();
        for (int r = 0; r < 15; r++)
        {
            sw.Restart();
            for (int i = 0; i < perBlock; i++)
            {
                trainer.Step(data);
            }
            blocks.Add(sw.Elapsed.TotalMilliseconds / perBlock);
        }
        long allocated = AllocatedPerStep(trainer, data);
        blocks.Sort();
        double median = blocks[blocks.Count / 2],
            best = blocks[0];
        int h = trainer.Model.Parameters.Layout.Slots[1].Shape[1];
        double flops = StepFlops(kind, h, data.Steps, data.Batch);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"cell\":\"{a[0]}\",\"H\":{h},\"T\":{data.Steps},\"B\":{data.Batch},\"threads\":{(a.Length > 4 ? a[4] : "1")},"
                + $"\"ms\":{median:F4},\"ms_best\":{best:F4},\"gflops\":{flops / (median * 1e6):F2},"
                + $"\"alloc_bytes_per_step\":{allocated},\"model_bytes\":{trainer.ModelBytes},\"activation_bytes\":{trainer.ActivationBytes},"
                + $"\"width\":\"{RnnCourse.Numerics.Simd.Best}\",\"vector_registers\":{RnnCourse.Numerics.Simd.VectorRegisters}}}"
        );
    }

    private static string Memory(string[] a)
    {
        // Baseline: the runtime, this code's JIT (at full tier, as in a training run: the same
        // warm-up as the timings), and for B ≥ 16 the worker thread, before any model memory
        // exists. The probe model is tiny (H = 16, T = 2: a few KB of heap), so memory it freed
        // cannot be reused by the measured model and hide its growth.
        string threads = a.Length > 4 ? a[4] : "1";
        int batch = int.Parse(a[3], CultureInfo.InvariantCulture);
        var (probe, probeData, _) = Build([a[0], "16", "2", batch >= 16 ? "16" : "1", threads]);
        WarmUp(probe, probeData);
        probe = null;
        GC.Collect();
        // Linux: reset the peak (VmHWM) to the current resident set, so the peak read at the
        // end is the peak of the measured model's phase, not of start-up or the probe; and read
        // both from /proc/self/status into a reused buffer (Process.Refresh allocates enough to
        // move the resident set by itself).
        File.WriteAllText("/proc/self/clear_refs", "5");
        var (baseline, _) = Resident();
        var (trainer, data, _) = Build(a);
        for (int i = 0; i < 3; i++)
        {
            trainer.Step(data);
        }
        var (current, peak) = Resident();
        if (Environment.GetEnvironmentVariable("RNNCOURSE_MEMORY_STAGES") == "1")
        {
            Console.Error.WriteLine(
                $"baseline {baseline / 1024} KB, after 3 steps +{(current - baseline) / 1024} KB, peak +{(peak - baseline) / 1024} KB"
            );
        }
        long needed = trainer.ModelBytes + trainer.ActivationBytes;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"cell\":\"{a[0]}\",\"H\":{a[1]},\"T\":{a[2]},\"B\":{a[3]},\"baseline_ws\":{baseline},\"peak_ws\":{peak},"
                + $"\"growth_bytes\":{peak - baseline},\"model_bytes\":{trainer.ModelBytes},\"activation_bytes\":{trainer.ActivationBytes},"
                + $"\"ratio\":{(double)(peak - baseline) / needed:F3}}}"
        );
    }

    private static readonly byte[] StatusBuffer = new byte[16384];

    /// <summary>VmRSS and VmHWM (bytes) from /proc/self/status.</summary>
    private static (long Rss, long Peak) Resident()
    {
        int n;
        using (var h = File.OpenHandle("/proc/self/status"))
        {
            n = RandomAccess.Read(h, StatusBuffer, 0);
        }
        var text = System.Text.Encoding.ASCII.GetString(StatusBuffer, 0, n);
        return (Field(text, "VmRSS:"), Field(text, "VmHWM:"));
    }

    private static long Field(string status, string name)
    {
        int i = status.IndexOf(name, StringComparison.Ordinal) + name.Length;
        int e = status.IndexOf("kB", i, StringComparison.Ordinal);
        return 1024 * long.Parse(status.AsSpan(i, e - i).Trim(), CultureInfo.InvariantCulture);
    }
}
