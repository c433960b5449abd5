// `dotnet run -c Release --project tests/RnnCourse.Benchmarks -- pair-dispatch`
// Why WorkerPool and not Parallel.For: runs one job split in two equal halves of a given length
// (a dependent floating-point loop, no memory traffic) four ways and prints the speed-up over
// running both halves on one thread:
//   Parallel.For(0, 2)       the thread pool;
//   blocking hand-off        a dedicated thread sleeping on an event between jobs;
//   WorkerPool               the spinning worker (WorkerPool.Shared);
// each with the same job repeated back to back, as in a per-time-step loop.
using System.Diagnostics;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>Dispatch strategies for a two-way split, compared on synthetic jobs.</summary>
public static class PairDispatch
{
    private struct Spin : IParallelWork
    {
        public int Iterations;
        public double[] Sink;

        public readonly void Execute(int part) => Sink[part * 8] = Work(Iterations, part);
    }

    private static double Work(int iterations, int seed)
    {
        double x = seed;
        for (int i = 0; i < iterations; i++)
        {
            x = x * 0.9999999 + 1.0;
        }
        return x;
    }

    /// <summary>Runs the comparison; returns the exit code.</summary>
    public static int Run()
    {
        var sink = new double[16];
        // Calibrate: iterations per microsecond on this machine.
        var sw = Stopwatch.StartNew();
        Work(10_000_000, 0);
        double perMicro = 10_000_000 / sw.Elapsed.TotalMicroseconds;
        using var blocking = new BlockingWorker();
        Console.WriteLine(
            $"{"half-job", 9} {"1 thread", 10} {"Parallel.For", 13} {"blocking", 10} {"WorkerPool", 11}   (speed-up over 1 thread; load {LoadAverage()})"
        );
        foreach (int micro in new[] { 10, 50, 200, 1000 })
        {
            int iters = (int)(micro * perMicro);
            var job = new Spin { Iterations = iters, Sink = sink };
            double one = Time(() =>
            {
                job.Execute(0);
                job.Execute(1);
            });
            double pf = Time(() => Parallel.For(0, 2, p => job.Execute(p)));
            double bl = Time(() => blocking.Run(() => job.Execute(1), () => job.Execute(0)));
            double wp = Time(() => WorkerPool.Shared.Run(ref job, 2));
            Console.WriteLine(
                $"{micro + " µs", 9} {one, 8:F1}µs {one / pf, 12:F2}× {one / bl, 9:F2}× {one / wp, 10:F2}×"
            );
        }
        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Median microseconds per call over 9 batches of ≥ 30 ms.</summary>
    private static double Time(Action action)
    {
        for (int i = 0; i < 20; i++)
        {
            action();
        }
        var times = new double[9];
        for (int t = 0; t < times.Length; t++)
        {
            var sw = Stopwatch.StartNew();
            int n = 0;
            while (sw.Elapsed.TotalMilliseconds < 30)
            {
                action();
                n++;
            }
            times[t] = sw.Elapsed.TotalMicroseconds / n;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }

    /// <summary>A dedicated thread that sleeps on an event until given work (no spinning).</summary>
    private sealed class BlockingWorker : IDisposable
    {
        private readonly Thread _thread;
        private readonly SemaphoreSlim _start = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private Action? _job;
        private volatile bool _stop;

        public BlockingWorker()
        {
            _thread = new Thread(Loop) { IsBackground = true };
            _thread.Start();
        }

        public void Run(Action remote, Action local)
        {
            _job = remote;
            _start.Release();
            local();
            _done.Wait();
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
                _job!();
                _done.Release();
            }
        }

        public void Dispose()
        {
            _stop = true;
            _start.Release();
            _thread.Join();
        }
    }
}
