// `engine-profile CELL H T B [THREADS]`: where one char-model training step spends its time.
// Replays CharModelTrainer.Step phase by phase (same calls, same order) with a Stopwatch
// between phases, over ≈ 2 s of steps, and prints µs per phase and its share of the step.
// For tuning only: the phase split adds a few timer reads per step (≈ 25 ns each).
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Bptt;
using RnnCourse.Bptt.Kernels;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RnnCourse.Benchmarks;

/// <summary>Phase breakdown of the char-model training step (see the file header).</summary>
public static class EngineProfile
{
    private static readonly string[] Names =
    [
        "zero grads",
        "engine forward",
        "readout forward + loss",
        "readout backward",
        "engine backward",
        "grad norm + clip",
        "adam",
    ];

    /// <summary>Entry point for <c>engine-profile</c>.</summary>
    public static int Run(string[] a)
    {
        if (a.Length < 4)
        {
            Console.Error.WriteLine("usage: engine-profile CELL H T B [THREADS]");
            return 2;
        }
        var kind = a[0] switch
        {
            "lstm" => CellKind.Lstm,
            "gru" => CellKind.Gru,
            "jordan" => CellKind.Jordan,
            _ => CellKind.Elman,
        };
        int h = int.Parse(a[1], CultureInfo.InvariantCulture),
            t = int.Parse(a[2], CultureInfo.InvariantCulture),
            b = int.Parse(a[3], CultureInfo.InvariantCulture),
            threads = a.Length > 4 ? int.Parse(a[4], CultureInfo.InvariantCulture) : 1;
        const int v = EngineCompare.V;
        var cell = new CellConfig(kind, v, h) { Init = WeightInit.PyTorchUniform };
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cell, layout, "rnn.");
        var why = layout.Add("Why", v, cell.StateSize);
        var by = layout.Add("by", v);
        var p = new ParameterSet<float>(layout);
        var rng = new Rng(1234);
        CellParameters.Initialize(cell, slots, p, rng);
        rng.FillXavier(p.Value(why), cell.StateSize, v);
        var engine = new FusedEngine(cell, slots, new FusedEngineOptions { MaxThreads = threads });
        var workers = threads >= 2 && b >= 16 ? WorkerPair.Shared : null;
        int rows = t * b,
            s = cell.StateSize;
        var ids = new int[rows];
        var targets = new int[rows];
        for (int k = 0; k < rows; k++)
        {
            ids[k] = rng.NextInt(v);
            targets[k] = rng.NextInt(v);
        }
        var tokens = new TokenIds(ids, t, b);
        var logits = new float[rows * v];
        var dLogits = new float[rows * v];
        var dHs = new Tensor<float>(new float[rows * s], t, b, s);
        var m1 = new float[p.Count];
        var m2 = new float[p.Count];
        var ticks = new long[Names.Length];
        int step = 0;
        void One(bool record)
        {
            long t0 = Stopwatch.GetTimestamp();
            p.ZeroGrad();
            long t1 = Stopwatch.GetTimestamp();
            var f = engine.Forward(p, tokens);
            long t2 = Stopwatch.GetTimestamp();
            Gemm.ABt(rows, s, v, f.Hs.Data, p.Value(why), logits, false, workers);
            for (int r = 0; r < rows; r++)
            {
                var row = logits.AsSpan(r * v, v);
                TensorPrimitives.Add(row, p.Value(by), row);
            }
            Activations.SoftmaxCrossEntropy<float>(rows, v, logits, targets, dLogits);
            long t3 = Stopwatch.GetTimestamp();
            Gemm.AtB(v, rows, s, dLogits, f.Hs.Data, p.Grad(why), true, workers);
            var dby = p.Grad(by);
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(dby, dLogits.AsSpan(r * v, v), dby);
            }
            Gemm.AB(rows, v, s, dLogits, p.Value(why), dHs.Data, false, workers);
            long t4 = Stopwatch.GetTimestamp();
            engine.Backward(p, f, dHs);
            long t5 = Stopwatch.GetTimestamp();
            float norm = p.GradNorm();
            if (norm > 5f)
            {
                TensorPrimitives.Multiply(p.Grads, 5f / norm, p.Grads);
            }
            long t6 = Stopwatch.GetTimestamp();
            OptimizerKernels.Adam(p.Values, p.Grads, m1, m2, ++step, 2e-3f);
            long t7 = Stopwatch.GetTimestamp();
            if (record)
            {
                ticks[0] += t1 - t0;
                ticks[1] += t2 - t1;
                ticks[2] += t3 - t2;
                ticks[3] += t4 - t3;
                ticks[4] += t5 - t4;
                ticks[5] += t6 - t5;
                ticks[6] += t7 - t6;
            }
        }
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < EngineCompare.WarmSeconds)
        {
            One(false);
        }
        int n = 0;
        long stolen0 = WorkerPair.Shared.StolenCount;
        sw.Restart();
        while (sw.Elapsed.TotalSeconds < 2)
        {
            One(true);
            n++;
        }
        double total = 0;
        foreach (long x in ticks)
        {
            total += x;
        }
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{a[0]} H={h} T={t} B={b} threads={threads}: {total / Stopwatch.Frequency * 1e6 / n:F1} µs per step over {n} steps"
            )
        );
        if (threads >= 2)
        {
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"  hand-offs whose second half the caller ran itself (worker not ready): {(WorkerPair.Shared.StolenCount - stolen0) / (double)n:F2} per step"
                )
            );
        }
        for (int k = 0; k < Names.Length; k++)
        {
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {Names[k], -24} {ticks[k] / (double)Stopwatch.Frequency * 1e6 / n, 9:F2} µs  {100 * ticks[k] / total, 5:F1} %"
                )
            );
        }
        return 0;
    }
}
