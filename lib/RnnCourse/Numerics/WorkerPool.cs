// Multi-core execution without Parallel.For: persistent worker threads that, with the calling
// thread, run the parts of one job. Used by Gemm (a large product split over m or n), by the BPTT
// engine (batch rows through the whole recurrence, the two directions of a bidirectional layer)
// and by the char model (its batch parts).
//
// The job says how many parts it has; the threads claim parts one at a time from a shared
// counter, so which thread runs a part is decided at run time but what a part computes is not:
// a job whose parts are fixed by its data (rows per part independent of the thread count) gives
// the same bytes on 1, 2, 3 or 16 threads.
//
// Why not Parallel.For or Task.Run: measured on the 2-core course machine, Parallel.For ran
// both halves on one core most of the time (the thread pool had no idle worker ready), and a
// blocking hand-off (worker sleeps on an event until the caller signals it) paid a wake-up of
// tens of microseconds per dispatch, which lost most of the gain on per-time-step products.
// A worker that spins briefly after each job picks the next one up within a few hundred
// nanoseconds; it parks on its own event only after SpinTime without work, so an idle library
// costs no CPU.
//
// One file, over 300 lines: the dispatch protocol (post, claim, run, park, wake, rethrow) is one
// state machine whose invariants have to be read together.
//
// The claim word: epoch (32 bits) | parts (16) | next part (16), changed only by atomic
// operations. A worker claims part `next` of epoch e by a compare-and-swap from the word it read;
// the swap succeeds only while job e still has unclaimed parts, that is while its dispatcher is
// still inside Run, so the job pointer the worker read with that word is still valid. A worker
// that wakes late for a finished job sees another epoch (or no part left) and runs nothing.
//
// Allocation: none per dispatch. The job is a struct passed by reference; the workers reach it
// through a pointer to the caller's stack (valid because Run does not return before every part
// has finished) and a function pointer to a generic trampoline. Only a failing part allocates
// (its captured exception).
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace RnnCourse.Numerics;

/// <summary>
/// A job for <see cref="WorkerPool.Run{TWork}(ref TWork, int, int)"/>: <see cref="Execute"/> is
/// called once for each part 0 … parts − 1, concurrently on the pool's threads. Parts must write
/// disjoint memory.
/// </summary>
/// <remarks>
/// Implement it on a struct that holds what the parts need (arrays, pointers, sizes); the struct
/// is passed by reference, so dispatching allocates nothing. A struct cannot hold spans: pin them
/// (<c>fixed</c>) and store pointers, or store arrays and offsets. For results that do not depend
/// on the thread count, let the data decide what each part computes (e.g. a fixed number of rows
/// per part), never the number of threads.
/// </remarks>
public interface IParallelWork
{
    /// <summary>Runs part <paramref name="part"/> (0 ≤ part &lt; the dispatch's part count).</summary>
    void Execute(int part);
}

/// <summary>
/// The calling thread plus <see cref="Threads"/> − 1 persistent worker threads.
/// <see cref="Run{TWork}(ref TWork, int, int)"/> runs the parts of a job on them and returns when
/// every part is done; an exception thrown by a part is rethrown to the caller (several: an
/// <see cref="AggregateException"/> in part order).
/// </summary>
/// <remarks>
/// <para>The caller claims and runs parts like any worker, so a dispatch is never slower than
/// running the parts in sequence plus one atomic operation per part: parts no worker has picked up
/// by the time the caller is free run on the caller. Workers spin for <see cref="SpinTime"/>
/// after each job waiting for the next one (yielding now and then, so they cannot starve a thread
/// queued on their core), then park on an event (no CPU used while idle).</para>
/// <para>One dispatch at a time: a call made while the pool is busy (from another thread, or from
/// inside a part) runs its parts in order on its own thread, so nesting is safe and never
/// deadlocks. With one processor (or after <see cref="Dispose"/>) every call runs sequentially.</para>
/// <para>Typical use: <c>WorkerPool.Shared.Run(ref work, parts)</c> with a struct implementing
/// <see cref="IParallelWork"/>.</para>
/// </remarks>
public sealed unsafe class WorkerPool : IDisposable
{
    private const int MaxParts = ushort.MaxValue;

    private static readonly Lazy<WorkerPool> SharedInstance = new(
        () => new WorkerPool(),
        LazyThreadSafetyMode.ExecutionAndPublication
    );

    private readonly Worker[] _workers;
    private readonly WorkerPool? _source; // set on a view made by WithMaxThreads
    private readonly int _cap = int.MaxValue;
    private readonly long _spinTicks;
    private readonly ManualResetEventSlim _wakeCaller; // a view shares its source's (and never uses it)
    private readonly Lock _errorLock;

    // Job slot: written by the dispatcher before the claim word is published, read by workers after.
    private void* _job;
    private delegate* <void*, int, void> _trampoline;
    private int _helpers; // workers asked to take part in the current job
    private List<(int Part, Exception Error)>? _errors;

    private long _claim; // epoch << 32 | parts << 16 | next
    private int _pending; // parts of the current job not yet finished
    private int _busy; // 1 while a dispatch owns the pool
    private int _callerParked; // 1 = the dispatcher is (about to be) blocked on _wakeCaller
    private volatile bool _disposed;

    /// <summary>
    /// The process-wide pool with one thread per processor this process may use
    /// (<see cref="Environment.ProcessorCount"/>), created on first use. Library code (Gemm, the
    /// BPTT engine, the char model) shares it; never dispose it.
    /// </summary>
    public static WorkerPool Shared => SharedInstance.Value;

    /// <summary>Creates a pool and starts its worker threads (background threads).</summary>
    /// <param name="threads">
    /// Threads including the caller's; default <see cref="Environment.ProcessorCount"/> (one per
    /// core this process may use). 1 starts no worker: every job then runs on the caller.
    /// </param>
    /// <param name="spinTime">
    /// How long a worker (and a waiting caller) spins before parking; default 200 µs, long enough
    /// to bridge the gap between the products of consecutive time steps, short enough that an
    /// idle pool costs nothing measurable.
    /// </param>
    public WorkerPool(int? threads = null, TimeSpan? spinTime = null)
    {
        int n = threads ?? Environment.ProcessorCount;
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(threads),
                n,
                "A pool needs at least 1 thread (the caller's); pass 1 to run every job on the caller."
            );
        }
        var spin = spinTime ?? TimeSpan.FromMicroseconds(200);
        if (spin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(spinTime),
                spin,
                "Spin time must be ≥ 0 (use TimeSpan.Zero to park immediately)."
            );
        }
        _wakeCaller = new(false, 0);
        _errorLock = new();
        _spinTicks = (long)(spin.TotalSeconds * Stopwatch.Frequency);
        SpinTime = spin;
        _workers = new Worker[n - 1];
        if (n == 1)
        {
            return;
        }
        // A ManualResetEventSlim creates its internal lock object on the first Wait that blocks;
        // make each do it now (1 ms each, once), so the first time a training step has to park
        // a thread it does not allocate (the 0-bytes-per-step guarantee).
        _wakeCaller.Wait(1);
        for (int w = 0; w < _workers.Length; w++)
        {
            var worker = new Worker(this, w);
            worker.Wake.Wait(1);
            _workers[w] = worker;
        }
        foreach (var worker in _workers)
        {
            worker.Thread.Start();
        }
    }

    private WorkerPool(WorkerPool source, int cap)
    {
        _source = source;
        _cap = cap;
        _wakeCaller = source._wakeCaller;
        _errorLock = source._errorLock;
        _workers = [];
        SpinTime = source.SpinTime;
    }

    /// <summary>How long each side spins waiting before it parks on an event.</summary>
    public TimeSpan SpinTime { get; }

    /// <summary>Threads a job can run on: the workers plus the caller (1 after <see cref="Dispose"/>).</summary>
    public int Threads =>
        _source is not null ? Math.Min(_cap, _source.Threads)
        : _disposed ? 1
        : _workers.Length + 1;

    /// <summary>
    /// True when <see cref="Run{TWork}(ref TWork, int, int)"/> can run parts concurrently (the
    /// pool has workers and is not disposed). Callers may use it to pick a split.
    /// </summary>
    public bool IsParallel => Threads >= 2;

    /// <summary>
    /// True while a dispatch owns the pool; a call made now would run sequentially. Gemm checks
    /// it to avoid splitting (and packing once per part) when called from inside another job.
    /// </summary>
    internal bool IsBusy => _source?.IsBusy ?? Volatile.Read(ref _busy) != 0;

    /// <summary>
    /// This pool seen through a thread budget: jobs run on its workers but on at most
    /// <paramref name="maxThreads"/> threads, the caller's included (an engine's
    /// <c>MaxThreads</c> holds one). Make it once and keep it; disposing it does nothing.
    /// </summary>
    public WorkerPool WithMaxThreads(int maxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        return new WorkerPool(_source ?? this, Math.Min(maxThreads, _cap));
    }

    /// <summary>For tests: how many worker threads are still running.</summary>
    internal int LiveWorkers => _workers.Count(w => w is { Thread.IsAlive: true });

    /// <summary>
    /// Runs <c>work.Execute(part)</c> for every part 0 … <paramref name="parts"/> − 1 on up to
    /// <paramref name="maxThreads"/> threads (this one included) and returns when all have
    /// finished. Allocates nothing.
    /// </summary>
    /// <param name="work">The job; its struct is shared by all parts.</param>
    /// <param name="parts">How many parts (0 to 65 535); decided by the data, not the thread count.</param>
    /// <param name="maxThreads">Most threads to use, the caller's included; default: all of the pool's.</param>
    /// <exception cref="AggregateException">Several parts threw (inner exceptions in part order).</exception>
    /// <remarks>
    /// If a part throws, the other parts still run to completion before the exception is
    /// rethrown (with its original stack trace). If the pool is busy or disposed, or
    /// <paramref name="maxThreads"/> is 1, the parts run here, in order. For the dispatch,
    /// <paramref name="work"/> is copied to this thread's stack (so the workers' pointer to it
    /// cannot be moved by the GC) and copied back afterwards: all parts see one copy, and field
    /// updates they make are visible in <paramref name="work"/> when Run returns.
    /// </remarks>
    public void Run<TWork>(ref TWork work, int parts, int maxThreads = int.MaxValue)
        where TWork : struct, IParallelWork
    {
        if ((uint)parts > MaxParts)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parts),
                parts,
                $"A job has 0 to {MaxParts} parts; give each part more of the data."
            );
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        if (_source is not null)
        {
            _source.Run(ref work, parts, Math.Min(maxThreads, _cap));
            return;
        }
        int helpers = Math.Min(Math.Min(_workers.Length, maxThreads - 1), parts - 1);
        if (helpers < 1 || _disposed || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            RunSequential(ref work, parts);
            return;
        }
        // The workers reach the job through a raw pointer, so it must not move during the
        // dispatch: copy it to this stack frame (the caller's ref may point into the GC heap),
        // and copy it back afterwards so fields the parts updated are seen by the caller.
        TWork local = work;
        try
        {
            _job = Unsafe.AsPointer(ref local);
            _trampoline = &Trampoline<TWork>;
            _helpers = helpers;
            _errors = null;
            Volatile.Write(ref _pending, parts);
            long epoch = (Volatile.Read(ref _claim) >>> 32) + 1;
            // Full fence: the job slot is visible before the word that lets workers claim it.
            Interlocked.Exchange(ref _claim, (epoch << 32) | ((long)parts << 16));
            for (int w = 0; w < helpers; w++)
            {
                if (Volatile.Read(ref _workers[w].Parked) == 1)
                {
                    _workers[w].Wake.Set();
                }
            }
            RunClaimed((uint)epoch);
            WaitForParts();
            _job = null;
            var errors = _errors;
            _errors = null;
            if (errors is not null)
            {
                Rethrow(errors);
            }
        }
        finally
        {
            work = local;
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Stops the worker threads (waiting for them to exit). Later calls to
    /// <see cref="Run{TWork}(ref TWork, int, int)"/> run sequentially. Do not dispose
    /// <see cref="Shared"/>; on a view made by <see cref="WithMaxThreads"/> this does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_disposed || _source is not null)
        {
            return;
        }
        // Take the pool so no dispatch is in flight while the workers stop.
        var spinner = new SpinWait();
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        _disposed = true;
        foreach (var worker in _workers)
        {
            worker.Wake.Set();
        }
        foreach (var worker in _workers)
        {
            worker.Thread.Join();
            worker.Wake.Dispose();
        }
        _wakeCaller.Dispose();
    }

    /// <summary>Every part on this thread, in order; failures rethrown as by a parallel run.</summary>
    private static void RunSequential<TWork>(ref TWork work, int parts)
        where TWork : struct, IParallelWork
    {
        List<(int Part, Exception Error)>? errors = null;
        for (int part = 0; part < parts; part++)
        {
            try
            {
                work.Execute(part);
            }
            catch (Exception e)
            {
                (errors ??= []).Add((part, e));
            }
        }
        if (errors is not null)
        {
            Rethrow(errors);
        }
    }

    private static void Trampoline<TWork>(void* job, int part)
        where TWork : struct, IParallelWork => Unsafe.AsRef<TWork>(job).Execute(part);

    private static void Rethrow(List<(int Part, Exception Error)> errors)
    {
        if (errors.Count == 1)
        {
            ExceptionDispatchInfo.Capture(errors[0].Error).Throw();
        }
        errors.Sort((a, b) => a.Part.CompareTo(b.Part));
        throw new AggregateException(
            $"{errors.Count} parts of a WorkerPool job failed.",
            errors.Select(e => e.Error)
        );
    }

    /// <summary>Claims and runs parts of job <paramref name="epoch"/> until none is left.</summary>
    private void RunClaimed(uint epoch)
    {
        while (true)
        {
            long word = Volatile.Read(ref _claim);
            int next = (int)(word & 0xFFFF),
                parts = (int)((word >> 16) & 0xFFFF);
            if ((uint)(word >>> 32) != epoch || next >= parts)
            {
                return;
            }
            // Read with this word: valid for as long as the swap below can succeed (see header).
            var job = _job;
            var trampoline = _trampoline;
            if (Interlocked.CompareExchange(ref _claim, word + 1, word) != word)
            {
                continue;
            }
            try
            {
                trampoline(job, next);
            }
            catch (Exception e)
            {
                lock (_errorLock)
                {
                    (_errors ??= []).Add((next, e));
                }
            }
            // Full fence: the part's results are visible before it counts as finished.
            if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _callerParked) == 1)
            {
                _wakeCaller.Set();
            }
        }
    }

    private void WaitForParts()
    {
        // Workers are running the last parts: spin (yielding now and then, in case one was
        // preempted onto this core), and block only if they take longer than the spin time.
        long deadline = Stopwatch.GetTimestamp() + _spinTicks;
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) != 0)
        {
            if (Stopwatch.GetTimestamp() < deadline)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            _wakeCaller.Reset();
            Interlocked.Exchange(ref _callerParked, 1);
            if (Volatile.Read(ref _pending) != 0)
            {
                _wakeCaller.Wait();
            }
            Interlocked.Exchange(ref _callerParked, 0);
        }
    }

    private void WorkerLoop(Worker self)
    {
        uint seen = 0;
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + _spinTicks;
            int spins = 0;
            uint epoch;
            while ((epoch = (uint)(Volatile.Read(ref _claim) >>> 32)) == seen && !_disposed)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    // Mostly pause; now and then yield, so that on an oversubscribed machine a
                    // runnable thread queued on this core (often the caller) is not starved.
                    if (++spins % 64 == 0)
                    {
                        Thread.Yield();
                    }
                    else
                    {
                        Thread.SpinWait(8);
                    }
                    continue;
                }
                self.Wake.Reset();
                Interlocked.Exchange(ref self.Parked, 1); // full fence, then re-check
                if ((uint)(Volatile.Read(ref _claim) >>> 32) == seen && !_disposed)
                {
                    self.Wake.Wait();
                }
                Interlocked.Exchange(ref self.Parked, 0);
                deadline = Stopwatch.GetTimestamp() + _spinTicks;
            }
            if (_disposed)
            {
                return;
            }
            seen = epoch;
            // Workers beyond the job's thread budget sit it out (the claim protocol, not this
            // check, is what keeps a late worker off a finished job).
            if (self.Index < Volatile.Read(ref _helpers))
            {
                RunClaimed(epoch);
            }
        }
    }

    private sealed class Worker
    {
        public readonly int Index;
        public readonly Thread Thread;
        public readonly ManualResetEventSlim Wake = new(false, 0);
        public int Parked; // 1 = blocked (or about to block) on Wake

        public Worker(WorkerPool pool, int index)
        {
            Index = index;
            Thread = new Thread(() => pool.WorkerLoop(this))
            {
                IsBackground = true,
                Name = $"RnnCourse.WorkerPool {index + 1}",
            };
        }
    }
}
