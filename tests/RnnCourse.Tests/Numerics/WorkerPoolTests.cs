using RnnCourse.Numerics;

namespace RnnCourse.Tests.Numerics;

/// <summary>
/// The worker pool: every part runs once on any thread count, errors come back in part order,
/// thread budgets hold, nesting, disposal and a moving GC are safe, a dispatch allocates nothing.
/// Pools of 3 and 4 threads are tested on a 2-core machine too (the threads then share cores).
/// </summary>
public class WorkerPoolTests
{
    private struct RecordThreads : IParallelWork
    {
        public int[] ThreadIds;
        public int[] Calls;

        public readonly void Execute(int part)
        {
            ThreadIds[part] = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref Calls[part]);
        }
    }

    /// <summary>Each part waits until every part has started: only as many threads as parts can finish it.</summary>
    private struct Barrier : IParallelWork
    {
        public int[] ThreadIds;
        public int[] Started;
        public int Parts;

        public readonly void Execute(int part)
        {
            ThreadIds[part] = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref Started[0]);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref Started[0]) < Parts && sw.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Yield();
            }
        }
    }

    private struct Throwing : IParallelWork
    {
        public bool[] Throws;
        public int[] Ran;

        public readonly void Execute(int part)
        {
            Interlocked.Increment(ref Ran[part]);
            if (Throws[part])
            {
                throw new InvalidOperationException($"part {part} failed");
            }
        }
    }

    /// <summary>Each part adds to its own slot.</summary>
    private struct SumParts : IParallelWork
    {
        public long[] Sums;
        public int Round;

        public readonly void Execute(int part) => Sums[part] += Round * (part + 1);
    }

    private struct Nested : IParallelWork
    {
        public WorkerPool Pool;
        public int[] InnerCalls;

        public readonly void Execute(int part)
        {
            var inner = new RecordThreads { ThreadIds = new int[3], Calls = new int[3] };
            Pool.Run(ref inner, 3);
            // A nested dispatch runs every inner part on the current thread.
            Assert.All(inner.ThreadIds, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
            Interlocked.Add(ref InnerCalls[part], inner.Calls.Sum());
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(2, 2)]
    [InlineData(2, 7)]
    [InlineData(3, 3)]
    [InlineData(4, 2)]
    [InlineData(4, 9)]
    [InlineData(4, 100)]
    public void Run_AnyThreadsAndParts_RunsEachPartOnce(int threads, int parts)
    {
        using var pool = new WorkerPool(threads);
        Assert.Equal(threads, pool.Threads);
        var work = new RecordThreads { ThreadIds = new int[parts], Calls = new int[parts] };
        pool.Run(ref work, parts);
        Assert.All(work.Calls, c => Assert.Equal(1, c));
        Assert.True(work.ThreadIds.Distinct().Count() <= threads);
    }

    [Fact]
    public void Run_ZeroParts_RunsNothing()
    {
        using var pool = new WorkerPool(3);
        var work = new RecordThreads { ThreadIds = [], Calls = [] };
        pool.Run(ref work, 0);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65_536)]
    public void Run_PartsOutOfRange_ThrowsNamingTheLimit(int parts)
    {
        using var pool = new WorkerPool(2);
        var work = new RecordThreads { ThreadIds = [], Calls = [] };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => pool.Run(ref work, parts));
        Assert.Contains("0 to 65535 parts", ex.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Run_PartsWaitForEachOther_EachPartOnItsOwnThread(int threads)
    {
        // Every part spins until all have started, so the job only completes (without the
        // 20 s escape) if the pool runs all of them at once, one per thread.
        using var pool = new WorkerPool(threads);
        var work = new Barrier
        {
            ThreadIds = new int[threads],
            Started = new int[1],
            Parts = threads,
        };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        pool.Run(ref work, threads);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), "the parts did not run concurrently");
        Assert.Equal(threads, work.ThreadIds.Distinct().Count());
        Assert.Contains(Environment.CurrentManagedThreadId, work.ThreadIds);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_MaxThreads_UsesNoMoreThreadsThanAllowed(int maxThreads)
    {
        using var pool = new WorkerPool(4);
        var view = pool.WithMaxThreads(maxThreads);
        Assert.Equal(maxThreads, view.Threads);
        for (int round = 0; round < 200; round++)
        {
            var direct = new RecordThreads { ThreadIds = new int[16], Calls = new int[16] };
            pool.Run(ref direct, 16, maxThreads);
            Assert.True(direct.ThreadIds.Distinct().Count() <= maxThreads);
            var viaView = new RecordThreads { ThreadIds = new int[16], Calls = new int[16] };
            view.Run(ref viaView, 16);
            Assert.True(viaView.ThreadIds.Distinct().Count() <= maxThreads);
            Assert.All(viaView.Calls, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void WithMaxThreads_OfAView_KeepsTheSmallerBudget()
    {
        using var pool = new WorkerPool(4);
        Assert.Equal(2, pool.WithMaxThreads(2).WithMaxThreads(3).Threads);
        Assert.Equal(4, pool.WithMaxThreads(16).Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.WithMaxThreads(0));
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    [InlineData(4, 3)]
    public void Run_OnePartThrows_RethrowsAfterAllRan(int threads, int failing)
    {
        using var pool = new WorkerPool(threads);
        var work = new Throwing { Throws = new bool[4], Ran = new int[4] };
        work.Throws[failing] = true;
        var ex = Assert.Throws<InvalidOperationException>(() => pool.Run(ref work, 4));
        Assert.Equal($"part {failing} failed", ex.Message);
        Assert.Equal([1, 1, 1, 1], work.Ran);

        // The pool is still usable after a failed job.
        var ok = new RecordThreads { ThreadIds = new int[4], Calls = new int[4] };
        pool.Run(ref ok, 4);
        Assert.Equal([1, 1, 1, 1], ok.Calls);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Run_SeveralPartsThrow_AggregateInPartOrder(int threads)
    {
        using var pool = new WorkerPool(threads);
        var work = new Throwing { Throws = [true, false, true, true, false], Ran = new int[5] };
        var ex = Assert.Throws<AggregateException>(() => pool.Run(ref work, 5));
        Assert.Equal(
            ["part 0 failed", "part 2 failed", "part 3 failed"],
            ex.InnerExceptions.Select(e => e.Message)
        );
        Assert.Equal([1, 1, 1, 1, 1], work.Ran);
    }

    [Theory]
    [InlineData(2, 200)] // workers stay hot between dispatches
    [InlineData(2, 0)] // workers park before every dispatch: exercises the wake-up hand-shake
    [InlineData(4, 200)]
    [InlineData(4, 0)]
    public void Run_ManyDispatches_EveryPartRunsEveryTime(int threads, int spinMicroseconds)
    {
        using var pool = new WorkerPool(threads, TimeSpan.FromMicroseconds(spinMicroseconds));
        var work = new SumParts { Sums = new long[5] };
        const int rounds = 10_000;
        for (int r = 1; r <= rounds; r++)
        {
            work.Round = r;
            pool.Run(ref work, 2 + r % 4); // 2 to 5 parts: a late worker must not run a stale part
        }
        for (int part = 0; part < 5; part++)
        {
            long expected = 0;
            for (int r = 1; r <= rounds; r++)
            {
                expected += part < 2 + r % 4 ? (long)r * (part + 1) : 0;
            }
            Assert.Equal(expected, work.Sums[part]);
        }
    }

    [Fact]
    public void Run_NestedDispatch_RunsInnerJobSequentially()
    {
        using var pool = new WorkerPool(3);
        var work = new Nested { Pool = pool, InnerCalls = new int[3] };
        pool.Run(ref work, 3);
        Assert.Equal([3, 3, 3], work.InnerCalls);
    }

    [Fact]
    public void Run_ConcurrentCallers_AllJobsComplete()
    {
        using var pool = new WorkerPool(3);
        const int perThread = 2_000;
        var totals = new long[2][];
        var threads = new Thread[2];
        for (int t = 0; t < 2; t++)
        {
            int id = t;
            totals[id] = new long[3];
            threads[id] = new Thread(() =>
            {
                var work = new SumParts { Sums = totals[id] };
                for (int r = 1; r <= perThread; r++)
                {
                    work.Round = r;
                    pool.Run(ref work, 3);
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
            Assert.Equal([expected, 2 * expected, 3 * expected], sums);
        }
    }

    [Fact]
    public void Dispose_StopsWorkers_LaterRunsAreSequential()
    {
        var pool = new WorkerPool(3, TimeSpan.Zero);
        var warm = new RecordThreads { ThreadIds = new int[3], Calls = new int[3] };
        pool.Run(ref warm, 3);
        var view = pool.WithMaxThreads(2);
        view.Dispose(); // a view does not stop the pool
        Assert.Equal(2, pool.LiveWorkers);
        pool.Dispose();
        pool.Dispose(); // idempotent
        Assert.Equal(0, pool.LiveWorkers);
        Assert.False(pool.IsParallel);
        Assert.False(view.IsParallel);
        var work = new RecordThreads { ThreadIds = new int[3], Calls = new int[3] };
        pool.Run(ref work, 3);
        Assert.Equal([1, 1, 1], work.Calls);
        Assert.All(work.ThreadIds, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    private struct CountParts : IParallelWork
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
    private struct GcDuringDispatch : IParallelWork
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
        using var pool = new WorkerPool(2);
        for (int round = 0; round < 5; round++)
        {
            // A fresh (generation 0) object: the compacting GC in part 0 moves it.
            var holder = new GcHolder { Work = new GcDuringDispatch { GcDone = new int[1] } };
            pool.Run(ref holder.Work, 2);
            Assert.Equal(1, holder.Work.Part1Writes);
            Assert.Equal(1, holder.Work.GcDone[0]);
        }
    }

    [Fact]
    public void Run_JobStoredInHeapObjectAcrossGCs_UpdatesFieldsInPlace()
    {
        using var pool = new WorkerPool(2);
        var holder = new Holder();
        for (int i = 0; i < 200; i++)
        {
            pool.Run(ref holder.Work, 2);
            if (i % 50 == 0)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
        }
        Assert.Equal(200, holder.Work.Part0Calls);
        Assert.Equal(200, holder.Work.Part1Calls);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Run_AfterWarmUp_AllocatesNothingOnTheCallingThread(int threads)
    {
        using var pool = new WorkerPool(threads);
        var work = new SumParts { Sums = new long[6] };
        pool.Run(ref work, 6);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 1000; r++)
        {
            work.Round = r;
            pool.Run(ref work, 6);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Constructor_BadArguments_ThrowNamingTheFix()
    {
        var spin = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new WorkerPool(2, TimeSpan.FromMicroseconds(-1))
        );
        Assert.Contains("≥ 0", spin.Message);
        var threads = Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(0));
        Assert.Contains("pass 1", threads.Message);
    }

    [Fact]
    public void Shared_OneInstanceWithAThreadPerProcessor()
    {
        Assert.Same(WorkerPool.Shared, WorkerPool.Shared);
        Assert.Equal(Environment.ProcessorCount, WorkerPool.Shared.Threads);
    }
}
