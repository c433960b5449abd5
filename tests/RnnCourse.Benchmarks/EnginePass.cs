// `engine-pass CELL H T B`: the fused engine alone (one forward and one backward on fixed token
// ids and a fixed ∂L/∂hs, no readout, no optimizer), on one thread and with the engine's own
// two-core batch split (FusedEngineOptions.MaxThreads = 2), interleaved in 8 rounds of 100
// passes, with CoreProbe's line round trip before each round. This is the split that layers
// (StackedRnn, RecurrentLayer) use at B ≥ 16; CharLanguageModel uses batch parts instead.
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Bptt;
using RnnCourse.Cells;
using RnnCourse.Layers;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>One and two threads of the engine's own batch split (see the file header).</summary>
public static class EnginePass
{
    /// <summary>Entry point for <c>engine-pass</c>.</summary>
    public static int Run(string[] a)
    {
        if (a.Length < 4)
        {
            Console.Error.WriteLine("usage: engine-pass CELL H T B");
            return 2;
        }
        var kind = EngineCompare.ParseCell(a[0]);
        int h = int.Parse(a[1], CultureInfo.InvariantCulture),
            t = int.Parse(a[2], CultureInfo.InvariantCulture),
            b = int.Parse(a[3], CultureInfo.InvariantCulture);
        var cell = new CellConfig(kind, EngineCompare.V, h) { Init = WeightInit.PyTorchUniform };
        var layout = new ParameterLayout();
        var slots = CellParameters.Declare(cell, layout, "rnn.");
        var p = new ParameterSet<float>(layout);
        CellParameters.Initialize(cell, slots, p, new Rng(1));
        var one = new FusedEngine(cell, slots, new FusedEngineOptions { MaxThreads = 1 });
        var two = new FusedEngine(cell, slots, new FusedEngineOptions { MaxThreads = 2 });
        var rng = new Rng(5);
        var ids = new int[t * b];
        for (int k = 0; k < ids.Length; k++)
        {
            ids[k] = rng.NextInt(EngineCompare.V);
        }
        var tokens = new TokenIds(ids, t, b);
        var dHs = new Tensor<float>(new float[t * b * cell.StateSize], t, b, cell.StateSize);
        for (int k = 0; k < dHs.Data.Length; k++)
        {
            dHs.Data[k] = 0.01f * (k % 7);
        }
        (double Forward, double Backward) Time(FusedEngine e, int n)
        {
            long f = 0,
                bw = 0;
            for (int i = 0; i < n; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                var output = e.Forward(p, tokens);
                long t1 = Stopwatch.GetTimestamp();
                e.Backward(p, output, dHs);
                long t2 = Stopwatch.GetTimestamp();
                f += t1 - t0;
                bw += t2 - t1;
            }
            double us = 1e6 / Stopwatch.Frequency / n;
            return (f * us, bw * us);
        }
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < EngineCompare.WarmSeconds)
        {
            Time(one, 5);
            Time(two, 5);
        }
        using var probe = new CoreProbe();
        for (int round = 0; round < 8; round++)
        {
            double ping = probe.PingPongNs(2_000);
            var x = Time(one, 100);
            var y = Time(two, 100);
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"line round trip {ping, 4:F0} ns | forward 1T {x.Forward, 8:F1} µs 2T {y.Forward, 8:F1} µs ({x.Forward / y.Forward:F2}×) | backward 1T {x.Backward, 8:F1} µs 2T {y.Backward, 8:F1} µs ({x.Backward / y.Backward:F2}×)"
                )
            );
        }
        return 0;
    }
}
