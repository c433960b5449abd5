using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

/// <summary>The two-core worker: both halves run, errors come back, nesting and disposal are safe.</summary>
public class WorkerPairTests
{
    private struct RecordThreads : IPairWork
    {
        public int[] ThreadIds;
        public int[] Calls;

        public readonly void Execute(int part)
        {
            ThreadIds[part] = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref Calls[part]);
        }
    }

    /// <summary>Part 0 waits until part 1 has started, so part 1 cannot be run by the caller.</summary>
    private struct Handshake : IPairWork
    {
        public int[] ThreadIds;
        public int[] Started;

        public readonly void Execute(int part)
        {
            ThreadIds[part] = Environment.CurrentManagedThreadId;
            if (part == 1)
            {
                Volatile.Write(ref Started[0], 1);
                return;
            }
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref Started[0]) == 0 && sw.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Yield();
            }
        }
    }

    private struct Throwing : IPairWork
    {
        public bool ThrowIn0;
        public bool ThrowIn1;
        public int[] Ran;

        public readonly void Execute(int part)
        {
            Interlocked.Increment(ref Ran[part]);
            if ((part == 0 && ThrowIn0) || (part == 1 && ThrowIn1))
            {
                throw new InvalidOperationException($"part {part} failed");
            }
        }
    }

    /// <summary>Each part adds its own values into its own half of the array.</summary>
    private struct SumHalves : IPairWork
    {
        public long[] Sums;
        public int Round;

        public readonly void Execute(int part) => Sums[part] += Round * (part + 1);
    }

    private struct Nested : IPairWork
    {
        public WorkerPair Pair;
        public int[] InnerCalls;

        public readonly void Execute(int part)
        {
            var inner = new RecordThreads { ThreadIds = new int[2], Calls = new int[2] };
            Pair.Run(ref inner);
            // A nested dispatch runs both inner parts on the current thread.
            Assert.Equal(inner.ThreadIds[0], inner.ThreadIds[1]);
            Assert.Equal(Environment.CurrentManagedThreadId, inner.ThreadIds[0]);
            Interlocked.Add(ref InnerCalls[part], inner.Calls[0] + inner.Calls[1]);
        }
    }

    [Fact]
    public void Run_TwoProcessors_RunsEachPartOnce()
    {
        using var pair = new WorkerPair();
        var work = new RecordThreads { ThreadIds = new int[2], Calls = new int[2] };
        pair.Run(ref work);
        Assert.Equal([1, 1], work.Calls);
        Assert.Equal(Environment.CurrentManagedThreadId, work.ThreadIds[0]);
    }

    [Fact]
    public void Run_PartZeroWaitsForPartOne_PartOneRunsOnWorkerThread()
    {
        using var pair = new WorkerPair();
        if (Environment.ProcessorCount < 2)
        {
            Assert.False(pair.IsParallel); // one processor: no worker thread, sequential runs
            return;
        }
        Assert.True(pair.IsParallel);
        var work = new Handshake { ThreadIds = new int[2], Started = new int[1] };
        pair.Run(ref work);
        Assert.Equal(1, work.Started[0]);
        Assert.Equal(Environment.CurrentManagedThreadId, work.ThreadIds[0]);
        Assert.NotEqual(work.ThreadIds[0], work.ThreadIds[1]);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Run_OnePartThrows_RethrowsAfterBothRan(bool throwIn0, bool throwIn1)
    {
        using var pair = new WorkerPair();
        var work = new Throwing
        {
            ThrowIn0 = throwIn0,
            ThrowIn1 = throwIn1,
            Ran = new int[2],
        };
        var ex = Assert.Throws<InvalidOperationException>(() => pair.Run(ref work));
        Assert.Equal(throwIn0 ? "part 0 failed" : "part 1 failed", ex.Message);
        Assert.Equal([1, 1], work.Ran);

        // The pair is still usable after a failed job.
        var ok = new RecordThreads { ThreadIds = new int[2], Calls = new int[2] };
        pair.Run(ref ok);
        Assert.Equal([1, 1], ok.Calls);
    }

    [Fact]
    public void Run_BothPartsThrow_ThrowsAggregateWithBoth()
    {
        using var pair = new WorkerPair();
        var work = new Throwing
        {
            ThrowIn0 = true,
            ThrowIn1 = true,
            Ran = new int[2],
        };
        var ex = Assert.Throws<AggregateException>(() => pair.Run(ref work));
        Assert.Equal(2, ex.InnerExceptions.Count);
        Assert.Equal("part 0 failed", ex.InnerExceptions[0].Message);
        Assert.Equal("part 1 failed", ex.InnerExceptions[1].Message);
    }

    [Theory]
    [InlineData(200)] // worker stays hot between dispatches
    [InlineData(0)] // worker parks before every dispatch: exercises the wake-up hand-shake
    public void Run_ManyDispatches_EveryPartRunsEveryTime(int spinMicroseconds)
    {
        using var pair = new WorkerPair(TimeSpan.FromMicroseconds(spinMicroseconds));
        var work = new SumHalves { Sums = new long[2] };
        const int rounds = 20_000;
        for (int r = 1; r <= rounds; r++)
        {
            work.Round = r;
            pair.Run(ref work);
        }
        long expected = (long)rounds * (rounds + 1) / 2;
        Assert.Equal(expected, work.Sums[0]);
        Assert.Equal(2 * expected, work.Sums[1]);
    }

    [Fact]
    public void Run_NestedDispatch_RunsInnerJobSequentially()
    {
        using var pair = new WorkerPair();
        var work = new Nested { Pair = pair, InnerCalls = new int[2] };
        pair.Run(ref work);
        Assert.Equal([2, 2], work.InnerCalls);
    }

    [Fact]
    public void Run_ConcurrentCallers_AllJobsComplete()
    {
        using var pair = new WorkerPair();
        const int perThread = 2_000;
        var totals = new long[2][];
        var threads = new Thread[2];
        for (int t = 0; t < 2; t++)
        {
            int id = t;
            totals[id] = new long[2];
            threads[id] = new Thread(() =>
            {
                var work = new SumHalves { Sums = totals[id] };
                for (int r = 1; r <= perThread; r++)
                {
                    work.Round = r;
                    pair.Run(ref work);
                }
            });
            threads[id].Start();
        }
        foreach (var th in threads)
        {
            th.Join();
        }
        long expected = (long)perThread * (perThread + 1) / 2;
        foreach (var sums in totals)
        {
            Assert.Equal(expected, sums[0]);
            Assert.Equal(2 * expected, sums[1]);
        }
    }

    [Fact]
    public void Dispose_StopsWorker_LaterRunsAreSequential()
    {
        var pair = new WorkerPair(TimeSpan.Zero);
        var warm = new RecordThreads { ThreadIds = new int[2], Calls = new int[2] };
        pair.Run(ref warm);
        pair.Dispose();
        pair.Dispose(); // idempotent
        Assert.False(pair.IsWorkerAlive);
        Assert.False(pair.IsParallel);
        var work = new RecordThreads { ThreadIds = new int[2], Calls = new int[2] };
        pair.Run(ref work);
        Assert.Equal([1, 1], work.Calls);
        Assert.Equal(Environment.CurrentManagedThreadId, work.ThreadIds[1]);
    }

    private struct CountParts : IPairWork
    {
        public int Part0Calls;
        public int Part1Calls;

        public void Execute(int part)
        {
            if (part == 0)
            {
                Part0Calls++;
            }
            else
            {
                Part1Calls++;
            }
        }
    }

    private sealed class Holder
    {
        public CountParts Work;
    }

    /// <summary>Part 0 runs a compacting GC while part 1 is in flight; part 1 then writes a field.</summary>
    private struct GcDuringDispatch : IPairWork
    {
        public int[] GcDone;
        public int Part1Writes;

        public void Execute(int part)
        {
            if (part == 0)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                Volatile.Write(ref GcDone[0], 1);
                return;
            }
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref GcDone[0]) == 0 && sw.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Yield();
            }
            Part1Writes++;
        }
    }

    private sealed class GcHolder
    {
        public GcDispatchPadding Padding = new();
        public GcDuringDispatch Work;
    }

    private sealed class GcDispatchPadding
    {
        public byte[] Bytes = new byte[1024];
    }

    [Fact]
    public void Run_JobInHeapObjectMovedByGCDuringDispatch_WritesLandInTheObject()
    {
        using var pair = new WorkerPair();
        for (int round = 0; round < 5; round++)
        {
            // A fresh (generation 0) object: the compacting GC in part 0 moves it.
            var holder = new GcHolder { Work = new GcDuringDispatch { GcDone = new int[1] } };
            pair.Run(ref holder.Work);
            Assert.Equal(1, holder.Work.Part1Writes);
            Assert.Equal(1, holder.Work.GcDone[0]);
        }
    }

    [Fact]
    public void Run_JobStoredInHeapObjectAcrossGCs_UpdatesFieldsInPlace()
    {
        using var pair = new WorkerPair();
        var holder = new Holder();
        for (int i = 0; i < 200; i++)
        {
            pair.Run(ref holder.Work);
            if (i % 50 == 0)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
        }
        Assert.Equal(200, holder.Work.Part0Calls);
        Assert.Equal(200, holder.Work.Part1Calls);
    }

    [Fact]
    public void Run_AfterWarmUp_AllocatesNothingOnTheCallingThread()
    {
        using var pair = new WorkerPair();
        var work = new SumHalves { Sums = new long[2] };
        pair.Run(ref work);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 1000; r++)
        {
            work.Round = r;
            pair.Run(ref work);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Constructor_NegativeSpin_ThrowsNamingTheFix()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new WorkerPair(TimeSpan.FromMicroseconds(-1))
        );
        Assert.Contains("≥ 0", ex.Message);
    }

    [Fact]
    public void Shared_IsOneInstance()
    {
        Assert.Same(WorkerPair.Shared, WorkerPair.Shared);
    }
}
