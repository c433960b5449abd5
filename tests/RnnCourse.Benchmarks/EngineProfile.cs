// `engine-profile CELL H T B [THREADS] [OPTIMIZER] [CLIP]`: where one char-model training step
// spends its time. Runs the Trainer's TrainStep on a CharLanguageModel with a phase timer
// (TickTimer below: a Stopwatch read between phases, ≈ 25 ns each) over ≈ 2 s of steps after the
// usual warm-up, and prints µs per phase and its share of the step: the model's phases, then the
// trainer's (zeroing the gradients before the model; norm, clipping, optimizer after it), timed
// around the call. For tuning only.
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Models;
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
        var (trainer, data, _) = EngineCompare.Build(a, timer);
        EngineCompare.WarmUp(trainer, data);
        var ticks = timer.Ticks;
        Array.Clear(ticks); // the warm-up's steps do not count
        int n = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 2)
        {
            long start = Stopwatch.GetTimestamp();
            long model = timer.ModelTicks;
            trainer.Step(data);
            // The step's time outside the model's phases is the trainer's.
            ticks[^1] += Stopwatch.GetTimestamp() - start - (timer.ModelTicks - model);
            n++;
        }
        double total = ticks.Sum();
        int threads = trainer.Model.Options.MaxThreads;
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{a[0]} H={a[1]} T={data.Steps} B={data.Batch} threads={threads}: {total / Stopwatch.Frequency * 1e6 / n:F1} µs per step over {n} steps"
            )
        );
        for (int k = 0; k < ticks.Length; k++)
        {
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {PhaseNames[k], -24} {ticks[k] / (double)Stopwatch.Frequency * 1e6 / n, 9:F2} µs  {100 * ticks[k] / total, 5:F1} %"
                )
            );
        }
        return 0;
    }

    /// <summary>The model's phases, then the trainer's share of the step.</summary>
    private static readonly string[] PhaseNames =
    [
        .. CharLanguageModel.PhaseNames,
        "trainer (zero/clip/opt)",
    ];

    /// <summary>Adds the Stopwatch ticks between two marks to the phase that just ended.</summary>
    private sealed class TickTimer : IStepPhaseTimer
    {
        private long _last;

        /// <summary>Ticks per entry of <see cref="PhaseNames"/>, summed over steps (the last one the caller's).</summary>
        public long[] Ticks { get; } = new long[PhaseNames.Length];

        /// <summary>Ticks of the model's phases so far.</summary>
        public long ModelTicks { get; private set; }

        public void Mark(int phase)
        {
            long now = Stopwatch.GetTimestamp();
            if (phase >= 0)
            {
                Ticks[phase] += now - _last;
                ModelTicks += now - _last;
            }
            _last = now;
        }
    }
}
