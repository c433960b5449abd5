// `gate-table [ROWS H]`: ns per cell of the fused engine's per-step gate kernels (GateKernels:
// LSTM, GRU and Elman tanh, forward and backward) at this process's SIMD width, on ROWS × H units
// (default 16 × 512: one 16-row batch part of the char model at H = 512). Each kernel runs in 15
// batches of about 40 ms after a warm-up; the table gives the median and the best batch. Forward
// kernels work in place, so every call first restores the pre-activations from a copy; the copy
// alone is timed too and subtracted. Force the width per process (DOTNET_EnableAVX512=0,
// DOTNET_PreferredVectorBitWidth=128): a narrower width inside a wider process compiles with the
// wider ISA's registers and encodings, which the laptops of that width do not have.
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Bptt.Kernels;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>Times the gate kernels (see the file header).</summary>
public static class GateTable
{
    private const int Batches = 15;

    /// <summary>Entry point for <c>gate-table</c>.</summary>
    public static int Run(string[] a)
    {
        int rows = a.Length > 0 ? int.Parse(a[0], CultureInfo.InvariantCulture) : 16,
            h = a.Length > 1 ? int.Parse(a[1], CultureInfo.InvariantCulture) : 512,
            cells = rows * h;
        var rng = new Rng(3);
        float[] Random(int n, float scale)
        {
            var v = new float[n];
            for (int i = 0; i < n; i++)
            {
                v[i] = scale * (2 * rng.NextFloat() - 1);
            }
            return v;
        }
        float[] pre4 = Random(4 * cells, 3),
            pre3 = Random(3 * cells, 3),
            gates = new float[4 * cells],
            dGates = new float[4 * cells],
            dHp = new float[3 * cells],
            prev = Random(cells, 1),
            dh = Random(cells, 0.1f),
            hp = Random(3 * cells, 1),
            bhn = Random(h, 0.1f),
            c = new float[cells],
            tanhC = new float[cells],
            hOut = new float[cells],
            dc = new float[cells];
        Console.WriteLine(
            $"gate kernels at {Simd.Best} ({Simd.VectorRegisters} vector registers), {rows} rows × H {h}; "
                + $"ns per cell, median (best) of {Batches} batches"
        );
        Console.WriteLine($"{"kernel", -16} {"ns/cell", 16}");
        double copy4 = Time(() => pre4.CopyTo(gates, 0)).Median;
        double copy3 = Time(() => pre3.CopyTo(gates, 0)).Median;
        Report(
            "lstm forward",
            Time(() =>
            {
                pre4.CopyTo(gates, 0);
                GateKernels.LstmForward(rows, h, gates, prev, c, tanhC, hOut);
            }),
            copy4
        );
        Report(
            "lstm backward",
            Time(() => GateKernels.LstmBackward(rows, h, gates, prev, tanhC, dh, dc, dGates)),
            0
        );
        Report(
            "gru forward",
            Time(() =>
            {
                pre3.CopyTo(gates, 0);
                GateKernels.GruForward(rows, h, gates, hp, bhn, prev, c, hOut);
            }),
            copy3
        );
        Report(
            "gru backward",
            Time(() => GateKernels.GruBackward(rows, h, gates, c, prev, dh, dGates, dHp, tanhC)),
            0
        );
        Report(
            "elman forward",
            Time(() => GateKernels.ElmanForward(Activation.Tanh, cells, pre4, hOut)),
            0
        );
        Report(
            "elman backward",
            Time(() => GateKernels.ElmanBackward(Activation.Tanh, cells, hOut, dh, dc)),
            0
        );
        return 0;

        void Report(string name, (double Median, double Best) ns, double copy) =>
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name, -16} {(ns.Median - copy) / cells, 7:F2} ({(ns.Best - copy) / cells, 5:F2})"
                )
            );
    }

    /// <summary>Median and best ns per call over the batches, after a warm-up of about 0.3 s.</summary>
    private static (double Median, double Best) Time(Action call)
    {
        var watch = Stopwatch.StartNew();
        int calls = 0;
        while (watch.ElapsedMilliseconds < 300)
        {
            call();
            calls++;
        }
        int perBatch = Math.Max(1, (int)(calls * 40.0 / watch.Elapsed.TotalMilliseconds));
        var ns = new double[Batches];
        for (int b = 0; b < Batches; b++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++)
            {
                call();
            }
            ns[b] = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / perBatch;
        }
        Array.Sort(ns);
        return (ns[Batches / 2], ns[0]);
    }
}
