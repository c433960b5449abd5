// `engine-profile CELL H T B [THREADS] [OPTIMIZER] [CLIP]`: where one char-model training step
// spends its time. Runs CharModelTrainer.Step itself with a phase timer (TickTimer below: a
// Stopwatch read between phases, ≈ 25 ns each) over ≈ 2 s of steps after the usual warm-up, and
// prints µs per phase and its share of the step. For tuning only.
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Bptt;
using RnnCourse.Numerics;

namespace RnnCourse.Benchmarks;

/// <summary>Phase breakdown of the char-model training step (see the file header).</summary>
public static class EngineProfile
{
    /// <summary>Entry point for <c>engine-profile</c>.</summary>
    public static int Run(string[] a)
    {
        if (a.Length < 4)
        {
            Console.Error.WriteLine(
                "usage: engine-profile CELL H T B [THREADS] [adam|adagrad|sgd] [norm|value|none]"
            );
            return 2;
        }
        var timer = new TickTimer();
        var (trainer, inputs, targets, _) = EngineCompare.Build(a, timer);
        EngineCompare.WarmUp(trainer, inputs, targets);
        var ticks = timer.Ticks;
        Array.Clear(ticks); // the warm-up's steps do not count
        int n = 0;
        long stolen0 = WorkerPair.Shared.StolenCount;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 2)
        {
            trainer.Step(inputs, targets);
            n++;
        }
        double total = ticks.Sum();
        int threads = trainer.Options.MaxThreads;
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{a[0]} H={a[1]} T={trainer.Steps} B={trainer.Batch} threads={threads}: {total / Stopwatch.Frequency * 1e6 / n:F1} µs per step over {n} steps"
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
        for (int k = 0; k < ticks.Length; k++)
        {
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {CharModelTrainer.PhaseNames[k], -24} {ticks[k] / (double)Stopwatch.Frequency * 1e6 / n, 9:F2} µs  {100 * ticks[k] / total, 5:F1} %"
                )
            );
        }
        return 0;
    }

    /// <summary>Adds the Stopwatch ticks between two marks to the phase that just ended.</summary>
    private sealed class TickTimer : IStepPhaseTimer
    {
        private long _last;

        /// <summary>Ticks per phase of <see cref="CharModelTrainer.PhaseNames"/>, summed over steps.</summary>
        public long[] Ticks { get; } = new long[CharModelTrainer.PhaseNames.Count];

        public void Mark(int phase)
        {
            long now = Stopwatch.GetTimestamp();
            if (phase >= 0)
            {
                Ticks[phase] += now - _last;
            }
            _last = now;
        }
    }
}
