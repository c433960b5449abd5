// `dotnet run -c Release --project tests/RnnCourse.Benchmarks -- cores [SECONDS]`
// How much of a second core the machine gives right now, for two kinds of work that share
// nothing: the same fixed block of work on one thread, then on two threads at once, each thread
// with its own data. Capacity = 2 · t(one) / t(two): 2.0 on two free cores, about 1.0 when the
// host gives the guest's two vCPUs one core's worth of throughput.
//   fma   eight chains of vector FMAs in registers (no memory traffic);
//   gemm  a 64 × 256 × 256 float product (Gemm.AB, one thread, L2-resident private matrices):
//         the kind of work the engine does, without any of its sharing or synchronisation.
// Plus the cost of sharing: PingPongNs, the round trip of one cache line written in turn by the
// two threads (≈ 100 ns here most of the time, ≈ 440 ns in spells; in those spells work that
// splits shared buffers between the cores slows down, see docs/engine.md "Two threads").
// Measured on this 2-vCPU guest: both read 2.0 most of the time and drop to 1.0–1.5 in spells of
// seconds; the gemm capacity also drops in spells where the fma one stays at 2.0.
// compare_torch.py reads the probe in every round, so each two-thread ratio of the engine table
// can be read beside what the machine gave in that round.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>Measures the machine's two-thread capacity on a compute-bound probe.</summary>
public sealed class CoreProbe : IDisposable
{
    private readonly Thread _thread;
    private readonly SemaphoreSlim _start = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private long _iterations;
    private int _products;
    private bool _gemm;
    private bool _pingPong;
    private long _trips;
    private readonly long[] _line = new long[16]; // the shared counter: _line[8], a line of its own
    private readonly float[][] _a = [new float[64 * 256], new float[64 * 256]];
    private readonly float[][] _b = [new float[256 * 256], new float[256 * 256]];
    private readonly float[][] _c = [new float[64 * 256], new float[64 * 256]];
    private float _sink;
    private volatile bool _stop;

    /// <summary>Starts the probe's second thread (sleeping until a measurement).</summary>
    public CoreProbe()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "core-probe" };
        _thread.Start();
    }

    /// <summary>
    /// One measurement: a block of about <paramref name="milliseconds"/> on one thread, then the
    /// same block on each of two threads at once. Returns (one-thread ms, two-thread ms, capacity).
    /// </summary>
    /// <param name="milliseconds">Length of the one-thread block.</param>
    /// <param name="gemm">The gemm workload instead of the fma one (see the file header).</param>
    public (double OneMs, double TwoMs, double Capacity) Measure(
        double milliseconds = 20,
        bool gemm = false
    )
    {
        if (_iterations == 0)
        {
            Calibrate(milliseconds);
        }
        _gemm = gemm;
        var sw = Stopwatch.StartNew();
        Work(0);
        double one = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        _start.Release();
        Work(0);
        _done.Wait();
        double two = sw.Elapsed.TotalMilliseconds;
        return (one, two, 2 * one / two);
    }

    /// <summary>
    /// Round trip of one cache line between the two threads, in ns: they increment a shared
    /// counter in turn, <paramref name="trips"/> times each.
    /// </summary>
    public double PingPongNs(int trips = 20_000)
    {
        _pingPong = true;
        _trips = trips;
        Volatile.Write(ref _line[8], 0);
        var sw = Stopwatch.StartNew();
        _start.Release();
        Turns(0, trips);
        _done.Wait();
        double ns = sw.Elapsed.TotalNanoseconds / trips;
        _pingPong = false;
        return ns;
    }

    /// <summary>Part p writes the counter when it holds p's parity: 0, 2, 4 … for part 0.</summary>
    private void Turns(int part, long trips)
    {
        for (long v = part; v < 2 * trips; v += 2)
        {
            // A bare busy-wait: a pause or a yield here would be part of what is timed.
            while (Volatile.Read(ref _line[8]) != v) { }
            Volatile.Write(ref _line[8], v + 1);
        }
    }

    private void Work(int part)
    {
        if (_pingPong)
        {
            Turns(part, _trips);
            return;
        }
        if (!_gemm)
        {
            float s = Fma(_iterations);
            if (part == 0)
            {
                _sink += s;
            }
            return;
        }
        for (int i = 0; i < _products; i++)
        {
            Gemm.AB(64, 256, 256, _a[part], _b[part], _c[part]);
        }
    }

    private void Calibrate(double milliseconds)
    {
        for (int i = 0; i < 3; i++)
        {
            _sink += Fma(1_000_000); // reach the optimized JIT tier
        }
        var sw = Stopwatch.StartNew();
        _sink += Fma(2_000_000);
        _iterations = Math.Max(1, (long)(2_000_000 * milliseconds / sw.Elapsed.TotalMilliseconds));
        _gemm = true;
        for (int i = 0; i < 200; i++)
        {
            Gemm.AB(64, 256, 256, _a[0], _b[0], _c[0]);
            Gemm.AB(64, 256, 256, _a[1], _b[1], _c[1]);
        }
        sw.Restart();
        for (int i = 0; i < 100; i++)
        {
            Gemm.AB(64, 256, 256, _a[0], _b[0], _c[0]);
        }
        _products = Math.Max(1, (int)(100 * milliseconds / sw.Elapsed.TotalMilliseconds));
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            if (_stop)
            {
                return;
            }
            Work(1);
            _done.Release();
        }
    }

    /// <summary>Eight independent FMA chains on 256-bit vectors: bound by the FMA units only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Fma(long iterations)
    {
        var m = new Vector<float>(0.999999f);
        var a = new Vector<float>(1e-7f);
        Vector<float> x0 = Vector<float>.One,
            x1 = x0,
            x2 = x0,
            x3 = x0,
            x4 = x0,
            x5 = x0,
            x6 = x0,
            x7 = x0;
        for (long i = 0; i < iterations; i++)
        {
            x0 = Vector.FusedMultiplyAdd(x0, m, a);
            x1 = Vector.FusedMultiplyAdd(x1, m, a);
            x2 = Vector.FusedMultiplyAdd(x2, m, a);
            x3 = Vector.FusedMultiplyAdd(x3, m, a);
            x4 = Vector.FusedMultiplyAdd(x4, m, a);
            x5 = Vector.FusedMultiplyAdd(x5, m, a);
            x6 = Vector.FusedMultiplyAdd(x6, m, a);
            x7 = Vector.FusedMultiplyAdd(x7, m, a);
        }
        return Vector.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7);
    }

    /// <summary>Prints one capacity reading every 0.5 s for the given seconds; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0]) : 30;
        using var probe = new CoreProbe();
        var total = Stopwatch.StartNew();
        var fmaCaps = new List<double>();
        var gemmCaps = new List<double>();
        var pings = new List<double>();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var (one, two, fma) = probe.Measure();
            var (gOne, gTwo, gemm) = probe.Measure(gemm: true);
            double ping = probe.PingPongNs();
            fmaCaps.Add(fma);
            gemmCaps.Add(gemm);
            pings.Add(ping);
            Console.WriteLine(
                $"{total.Elapsed.TotalSeconds, 6:F1} s  fma: one {one, 6:F2} ms two {two, 6:F2} ms capacity {fma:F2}"
                    + $"   gemm: one {gOne, 6:F2} ms two {gTwo, 6:F2} ms capacity {gemm:F2}   line round trip {ping, 5:F0} ns"
            );
            Thread.Sleep(500);
        }
        Console.WriteLine($"fma capacity:  {Summary(fmaCaps)}");
        Console.WriteLine($"gemm capacity: {Summary(gemmCaps)}");
        Console.WriteLine($"line round trip ns: {Summary(pings)}");
        return 0;
    }

    private static string Summary(List<double> caps)
    {
        caps.Sort();
        return $"min {caps[0]:F2}, median {caps[caps.Count / 2]:F2}, max {caps[^1]:F2}";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        _start.Release();
        _thread.Join();
    }
}
