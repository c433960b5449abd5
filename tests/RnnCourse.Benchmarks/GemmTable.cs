// `dotnet run -c Release --project tests/RnnCourse.Benchmarks -- gemm-table [--json FILE] [--shapes 256x256x256,...]`
// A quick GFLOP/s table of Gemm.AB (1 and 2 threads; `--variant ABpacked`: B packed once, as the
// engine packs Wh once per pass) on the benchmark shapes, timed with a
// Stopwatch: the number scripts/compare_gemm.py puts next to numpy's in the same run.
// BenchmarkDotNet (GemmBenchmarks) gives the same figures with full statistics, more slowly.
using System.Diagnostics;
using System.Text.Json;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>Stopwatch timing of Gemm.AB over the benchmark shapes.</summary>
public static class GemmTable
{
    /// <summary>Square sizes and the RNN shapes (m×k×n) of the course's models.</summary>
    public static readonly string[] DefaultShapes =
    [
        "256x256x256",
        "512x512x512",
        "1024x1024x1024",
        "2048x2048x2048",
        "32x2048x512",
        "64x2048x512",
        "64x512x2048",
        "2048x512x1600",
    ];

    /// <summary>Runs the table; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        string? json = null;
        var shapes = DefaultShapes;
        int batches = 7;
        string variant = "AB";
        long minFlops = GemmSplit.MinParallelFlops;
        int tileRows = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json" when i + 1 < args.Length:
                    json = args[++i];
                    break;
                case "--shapes" when i + 1 < args.Length:
                    shapes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--variant"
                    when i + 1 < args.Length && args[i + 1] is "AB" or "ABt" or "AtB" or "ABpacked":
                    variant = args[++i];
                    break;
                case "--min-flops" when i + 1 < args.Length: // tuning the two-thread split only
                    minFlops = long.Parse(args[++i]);
                    break;
                case "--tile-rows" when i + 1 < args.Length && args[i + 1] is "6" or "8":
                    tileRows = int.Parse(args[++i]); // tuning: force the micro-tile height
                    break;
                case "--batches" when i + 1 < args.Length:
                    batches = int.Parse(args[++i]);
                    break;
                default:
                    Console.Error.WriteLine(
                        $"gemm-table: unknown argument '{args[i]}'. Use --json FILE, --shapes MxKxN,..., --variant AB|ABt|AtB|ABpacked, --batches N, --min-flops F, --tile-rows 6|8."
                    );
                    return 2;
            }
        }
        Console.WriteLine(
            $"Gemm.{variant}, best ISA {Simd.Best}, {Simd.VectorRegisters} vector registers, "
                + $"{(tileRows == 0 ? GemmDriver.TileRows : tileRows)}-row tiles, {Environment.ProcessorCount} processors; "
                + $"GFLOP/s = 2·m·k·n / time, best and median of {batches} batches"
        );
        Console.WriteLine(
            $"{"shape (m×k×n)", -16} {"1 thread", 18} {"2 threads", 18} {"2T/1T", 6} {"1T by CPU time", 16}"
        );
        var rows = new List<Dictionary<string, object>>();
        foreach (var shape in shapes)
        {
            var d = shape.Split('x').Select(int.Parse).ToArray();
            var oneT = Measure(variant, d[0], d[1], d[2], null, batches, minFlops, tileRows);
            var twoT = Measure(
                variant,
                d[0],
                d[1],
                d[2],
                WorkerPool.Shared,
                batches,
                minFlops,
                tileRows
            );
            double one = oneT.Best,
                oneMed = oneT.Median,
                two = twoT.Best,
                twoMed = twoT.Median;
            Console.WriteLine(
                $"{shape, -16} {one, 8:F1} ({oneMed, 6:F1}) {two, 8:F1} ({twoMed, 6:F1}) {two / one, 6:F2} {oneT.CpuBest, 7:F1} ({oneT.CpuMedian, 6:F1})"
            );
            rows.Add(
                new()
                {
                    ["shape"] = shape,
                    ["one_thread_best"] = one,
                    ["one_thread_median"] = oneMed,
                    ["two_threads_best"] = two,
                    ["two_threads_median"] = twoMed,
                    ["one_thread_cpu_best"] = oneT.CpuBest,
                    ["one_thread_cpu_median"] = oneT.CpuMedian,
                }
            );
        }
        if (json is not null)
        {
            File.WriteAllText(
                json,
                JsonSerializer.Serialize(new { isa = Simd.Best.ToString(), rows })
            );
        }
        return 0;
    }

    /// <summary>Best and median GFLOP/s over batches of ≥ 0.15 s each (after a warm-up).</summary>
    public static Rates Measure(
        string variant,
        int m,
        int k,
        int n,
        WorkerPool? workers,
        int batches,
        long minParallelFlops = GemmSplit.MinParallelFlops,
        int tileRows = 0
    )
    {
        var rng = new Rng(1);
        var a = new float[m * k]; // A (m×k) or Aᵀ stored (k×m): same length
        var b = new float[k * n]; // B (k×n) or Bᵀ stored (n×k)
        var c = new float[m * n];
        rng.FillUniform<float>(a, -1, 1);
        rng.FillUniform<float>(b, -1, 1);
        double flops = 2.0 * m * k * n;
        // Warm-up: tiered JIT to full optimisation, packing buffers grown, worker spinning.
        var sw = Stopwatch.StartNew();
        int reps = 0;
        while (reps < 5 || sw.Elapsed.TotalSeconds < 0.2)
        {
            Product(variant, m, k, n, a, b, c, workers, minParallelFlops, tileRows);
            reps++;
        }
        int perBatch = Math.Max(1, (int)(0.15 * reps / sw.Elapsed.TotalSeconds));
        var rates = new double[batches];
        var cpuRates = new double[batches];
        for (int t = 0; t < batches; t++)
        {
            double cpu0 = ThreadCpuSeconds();
            sw.Restart();
            for (int r = 0; r < perBatch; r++)
            {
                Product(variant, m, k, n, a, b, c, workers, minParallelFlops, tileRows);
            }
            rates[t] = flops * perBatch / sw.Elapsed.TotalSeconds / 1e9;
            cpuRates[t] = flops * perBatch / (ThreadCpuSeconds() - cpu0) / 1e9;
        }
        Array.Sort(rates);
        Array.Sort(cpuRates);
        return new Rates(rates[^1], rates[batches / 2], cpuRates[^1], cpuRates[batches / 2]);
    }

    /// <summary>
    /// GFLOP/s by wall clock (best and median batch) and by this thread's CPU time. On a shared
    /// machine the CPU-time rate is the stable one for one thread: time slices given to other
    /// processes are not counted (cache pollution by them still is). It means nothing for two
    /// threads (the worker's time is not counted), where only wall clock shows the speed-up.
    /// </summary>
    public readonly record struct Rates(
        double Best,
        double Median,
        double CpuBest,
        double CpuMedian
    );

    [System.Runtime.InteropServices.StructLayout(
        System.Runtime.InteropServices.LayoutKind.Sequential
    )]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU seconds used by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID); NaN elsewhere.</summary>
    public static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }
        const int clockThreadCpuTime = 3;
        return ClockGetTime(clockThreadCpuTime, out var t) == 0
            ? t.Seconds + t.Nanoseconds * 1e-9
            : double.NaN;
    }

    private static readonly PackedB Packed = new();

    private static void Product(
        string variant,
        int m,
        int k,
        int n,
        float[] a,
        float[] b,
        float[] c,
        WorkerPool? workers,
        long minParallelFlops,
        int tileRows
    )
    {
        var isa = Simd.Best;
        switch (variant)
        {
            case "ABpacked":
                // The engine's recurrent product: B (Wh) packed once per pass, outside the timing.
                if (!Packed.Matches(k, n, isa, transposed: false))
                {
                    Packed.Pack(k, n, b, isa);
                }
                Gemm.Prepacked(GemmOp.AB, m, k, n, a, b, Packed, c, false);
                break;
            case "ABt":
                Gemm.Product(
                    GemmOp.ABt,
                    m,
                    k,
                    n,
                    a,
                    b,
                    c,
                    false,
                    workers,
                    isa,
                    minParallelFlops,
                    tileRows
                );
                break;
            case "AtB":
                Gemm.Product(
                    GemmOp.AtB,
                    m,
                    k,
                    n,
                    a,
                    b,
                    c,
                    false,
                    workers,
                    isa,
                    minParallelFlops,
                    tileRows
                );
                break;
            default:
                Gemm.Product(
                    GemmOp.AB,
                    m,
                    k,
                    n,
                    a,
                    b,
                    c,
                    false,
                    workers,
                    isa,
                    minParallelFlops,
                    tileRows
                );
                break;
        }
    }
}
