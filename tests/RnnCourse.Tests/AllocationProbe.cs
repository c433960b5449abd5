namespace RnnCourse.Tests;

/// <summary>Measures what a steady-state call allocates on the calling thread.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// The fewest bytes <paramref name="action"/> allocated on this thread over a few attempts.
    /// An allocation by the code under test appears in every attempt; a one-off runtime event
    /// during one attempt (tiered compilation swapping in optimized code, a lazily created
    /// runtime object) does not, and should not fail a 0-bytes-per-step test.
    /// </summary>
    public static long SteadyBytes(Action action, int attempts = 3)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < attempts && fewest > 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
