// Two-core execution without Parallel.For: one persistent worker thread that runs "part 1" of a
// job while the calling thread runs "part 0". Used by Gemm (a large product split over n or m)
// and by the BPTT engine (the two directions of a bidirectional layer, recurrent products at
// B ≥ 16).
//
// Why not Parallel.For(0, 2) or Task.Run: measured on the 2-core course machine, Parallel.For ran
// both halves on one core most of the time (the thread pool had no idle worker ready), and a
// blocking hand-off (worker sleeps on an event until the caller signals it) paid a wake-up of
// tens of microseconds per dispatch, which lost most of the gain on per-time-step products.
// A worker that spins briefly after each job picks the next one up within a few hundred
// nanoseconds; it parks on an event only after SpinTime without work, so an idle library costs
// no CPU.
//
// One file, over 300 lines: the dispatch protocol (post, claim, steal, spin, park, rethrow) is one
// state machine whose invariants have to be read together.
//
// Allocation: none per dispatch. The job is a struct passed by reference; the worker reaches it
// through a pointer to the caller's stack (valid because Run does not return before the worker
// has finished) and a function pointer to a generic trampoline.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace RnnCourse.Numerics;

/// <summary>
/// A job for <see cref="WorkerPair.Run{TWork}(ref TWork)"/>: <see cref="Execute"/> is called
/// once with <c>part = 0</c> on the calling thread and once with <c>part = 1</c> on the worker
/// thread, concurrently. The two parts must write disjoint memory.
/// </summary>
/// <remarks>
/// Implement it on a struct that holds what both halves need (arrays, pointers, sizes); the
/// struct is passed by reference, so dispatching allocates nothing. A struct cannot hold spans:
/// pin them (<c>fixed</c>) and store pointers, or store arrays and offsets.
/// </remarks>
public interface IPairWork
{
    /// <summary>Runs one half of the job. <paramref name="part"/> is 0 or 1.</summary>
    void Execute(int part);
}

/// <summary>
/// A calling thread plus one persistent worker thread, for splitting a job in two halves on a
/// 2-core machine. <see cref="Run{TWork}(ref TWork)"/> runs part 0 here and part 1 on the worker
/// and returns when both are done; an exception thrown by either half is rethrown to the caller
/// (both: an <see cref="AggregateException"/>).
/// </summary>
/// <remarks>
/// <para>The worker spins for <see cref="SpinTime"/> after each job waiting for the next one
/// (yielding now and then, so it cannot starve a caller queued on its core), then parks on an
/// event (no CPU used while idle). Both threads claim part 1 atomically: if the
/// worker has not started it by the time the caller finishes part 0 (worker parked, or its core
/// taken by another process), the caller runs it itself, so a dispatch is never slower than
/// running both parts in sequence plus one atomic operation. Once the worker has claimed part 1,
/// the caller spins (then blocks) until it is done.</para>
/// <para>One dispatch at a time: a call made while the pair is busy (from another thread, from
/// inside a job, or on the worker thread itself) runs both parts sequentially on its own thread,
/// so nesting is safe and never deadlocks. With one processor (or after
/// <see cref="Dispose"/>), every call runs sequentially.</para>
/// <para>Typical use: <c>WorkerPair.Shared.Run(ref work)</c> with a struct implementing
/// <see cref="IPairWork"/>.</para>
/// </remarks>
public sealed unsafe class WorkerPair : IDisposable
{
    private static readonly Lazy<WorkerPair> SharedInstance = new(
        () => new WorkerPair(),
        LazyThreadSafetyMode.ExecutionAndPublication
    );

    private readonly Thread? _thread;
    private readonly long _spinTicks;
    private readonly ManualResetEventSlim _wakeWorker = new(false, 0);
    private readonly ManualResetEventSlim _wakeCaller = new(false, 0);

    // Job slot: written by the dispatcher before _posted is raised, read by the worker after.
    private void* _job;
    private delegate* <void*, int, void> _trampoline;
    private ExceptionDispatchInfo? _workerError;

    private int _busy; // 1 while a dispatch owns the pair
    private int _posted; // 1 = a job (or the stop request) is waiting; claimed by CAS 1 → 0
    private long _stolen; // dispatches whose part 1 the caller ran itself
    private int _done; // 1 = the worker finished the posted job
    private int _workerParked; // 1 = the worker is (about to be) blocked on _wakeWorker
    private int _callerParked; // 1 = the caller is (about to be) blocked on _wakeCaller
    private volatile bool _disposed;

    /// <summary>
    /// The process-wide pair, created on first use. Library code (Gemm, the BPTT engine) shares
    /// it; never dispose it.
    /// </summary>
    public static WorkerPair Shared => SharedInstance.Value;

    /// <summary>
    /// Creates a pair and starts its worker thread (a background thread; none when the machine
    /// has a single processor).
    /// </summary>
    /// <param name="spinTime">
    /// How long each side spins before parking; default 200 µs, long enough to bridge the gap
    /// between the products of consecutive time steps, short enough that an idle pair costs
    /// nothing measurable.
    /// </param>
    public WorkerPair(TimeSpan? spinTime = null)
    {
        var spin = spinTime ?? TimeSpan.FromMicroseconds(200);
        if (spin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(spinTime),
                spin,
                "Spin time must be ≥ 0 (use TimeSpan.Zero to park immediately)."
            );
        }
        _spinTicks = (long)(spin.TotalSeconds * Stopwatch.Frequency);
        SpinTime = spin;
        if (Environment.ProcessorCount < 2)
        {
            return;
        }
        // A ManualResetEventSlim creates its internal lock object on the first Wait that blocks;
        // make both do it now (1 ms each, once), so the first time a training step has to park
        // its thread it does not allocate (the 0-bytes-per-step guarantee).
        _wakeWorker.Wait(1);
        _wakeCaller.Wait(1);
        _thread = new Thread(WorkerLoop) { IsBackground = true, Name = "RnnCourse.WorkerPair" };
        _thread.Start();
    }

    /// <summary>How long each side spins waiting before it parks on an event.</summary>
    public TimeSpan SpinTime { get; }

    /// <summary>
    /// True when <see cref="Run{TWork}(ref TWork)"/> can run the two parts concurrently (a worker
    /// thread exists and the pair is not disposed). Callers may use it to pick a split.
    /// </summary>
    public bool IsParallel => _thread is not null && !_disposed;

    /// <summary>
    /// For benchmarks and docs: how many dispatches ran part 1 on the calling thread because the
    /// worker had not picked it up by the time part 0 finished.
    /// </summary>
    internal long StolenCount => Interlocked.Read(ref _stolen);

    /// <summary>
    /// True while a dispatch owns the pair; a call made now would run sequentially. Gemm checks
    /// it to avoid splitting (and packing twice) when called from inside another pair job.
    /// </summary>
    internal bool IsBusy => Volatile.Read(ref _busy) != 0;

    /// <summary>For tests: whether the worker thread is still running.</summary>
    internal bool IsWorkerAlive => _thread is { IsAlive: true };

    /// <summary>
    /// Runs <c>work.Execute(0)</c> on this thread and <c>work.Execute(1)</c> on the worker thread
    /// and returns when both have finished. Allocates nothing.
    /// </summary>
    /// <exception cref="AggregateException">Both parts threw.</exception>
    /// <remarks>
    /// If one part throws, the other still runs to completion before the exception is rethrown
    /// (with its original stack trace). If the pair is busy or disposed, both parts run here,
    /// part 0 first. For the dispatch, <paramref name="work"/> is copied to this thread's stack
    /// (so the worker's pointer to it cannot be moved by the GC) and copied back afterwards:
    /// both halves see one copy, and field updates they make are visible in
    /// <paramref name="work"/> when Run returns.
    /// </remarks>
    public void Run<TWork>(ref TWork work)
        where TWork : struct, IPairWork
    {
        if (
            _thread is null
            || _disposed
            || Thread.CurrentThread == _thread
            || Interlocked.CompareExchange(ref _busy, 1, 0) != 0
        )
        {
            RunSequential(ref work);
            return;
        }
        // The worker reaches the job through a raw pointer, so it must not move during the
        // dispatch: copy it to this stack frame (the caller's ref may point into the GC heap),
        // and copy it back afterwards so fields the halves updated are seen by the caller.
        TWork local = work;
        try
        {
            _job = Unsafe.AsPointer(ref local);
            _trampoline = &Trampoline<TWork>;
            _workerError = null;
            Volatile.Write(ref _done, 0);
            Interlocked.Exchange(ref _posted, 1); // full fence: job slot visible before the flag
            if (Volatile.Read(ref _workerParked) == 1)
            {
                _wakeWorker.Set();
            }

            Exception? callerError = null;
            try
            {
                local.Execute(0);
            }
            catch (Exception e)
            {
                callerError = e;
            }

            // If the worker has not claimed part 1 yet (it is parked, or its core is busy with
            // another process), run it here: never wait for a thread that has not started.
            if (Interlocked.CompareExchange(ref _posted, 0, 1) == 1)
            {
                Interlocked.Increment(ref _stolen);
                try
                {
                    local.Execute(1);
                }
                catch (Exception e)
                {
                    _workerError = ExceptionDispatchInfo.Capture(e);
                }
            }
            else
            {
                WaitForWorker();
            }
            var workerError = _workerError;
            _workerError = null;
            _job = null;
            if (callerError is not null && workerError is not null)
            {
                throw new AggregateException(
                    "Both halves of a WorkerPair job failed.",
                    callerError,
                    workerError.SourceException
                );
            }
            if (callerError is not null)
            {
                ExceptionDispatchInfo.Capture(callerError).Throw();
            }
            workerError?.Throw();
        }
        finally
        {
            work = local;
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Stops the worker thread (waiting for it to exit). Later calls to
    /// <see cref="Run{TWork}(ref TWork)"/> run sequentially. Do not dispose <see cref="Shared"/>.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        // Take the pair so no dispatch is in flight while we stop the worker.
        var spinner = new SpinWait();
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        _disposed = true;
        if (_thread is not null)
        {
            Interlocked.Exchange(ref _posted, 1);
            _wakeWorker.Set();
            _thread.Join();
        }
        _wakeWorker.Dispose();
        _wakeCaller.Dispose();
    }

    private static void RunSequential<TWork>(ref TWork work)
        where TWork : struct, IPairWork
    {
        work.Execute(0);
        work.Execute(1);
    }

    private static void Trampoline<TWork>(void* job, int part)
        where TWork : struct, IPairWork => Unsafe.AsRef<TWork>(job).Execute(part);

    private void WaitForWorker()
    {
        // The worker is running part 1: spin (yielding now and then, in case it was preempted
        // onto this core), and block only if it takes longer than the spin time.
        long deadline = Stopwatch.GetTimestamp() + _spinTicks;
        var spinner = new SpinWait();
        while (Volatile.Read(ref _done) == 0)
        {
            if (Stopwatch.GetTimestamp() < deadline)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            _wakeCaller.Reset();
            Interlocked.Exchange(ref _callerParked, 1);
            if (Volatile.Read(ref _done) == 0)
            {
                _wakeCaller.Wait();
            }
            Interlocked.Exchange(ref _callerParked, 0);
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + _spinTicks;
            int spins = 0;
            while (Volatile.Read(ref _posted) == 0)
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
                _wakeWorker.Reset();
                Interlocked.Exchange(ref _workerParked, 1); // full fence, then re-check
                if (Volatile.Read(ref _posted) == 0)
                {
                    _wakeWorker.Wait();
                }
                Interlocked.Exchange(ref _workerParked, 0);
                deadline = Stopwatch.GetTimestamp() + _spinTicks;
            }
            if (Interlocked.CompareExchange(ref _posted, 0, 1) != 1)
            {
                continue; // the caller ran part 1 itself
            }
            if (_disposed)
            {
                return;
            }
            try
            {
                _trampoline(_job, 1);
            }
            catch (Exception e)
            {
                _workerError = ExceptionDispatchInfo.Capture(e);
            }
            Interlocked.Exchange(ref _done, 1); // full fence: results visible before the flag
            if (Volatile.Read(ref _callerParked) == 1)
            {
                _wakeCaller.Set();
            }
        }
    }
}
