// What a graded test receives: the exercise and a deterministic seed, so that random test inputs
// are the same for every submission and every run (issue: "a seed per exercise passed to tests").
using RnnCourse.Numerics;

namespace RnnCourse.Grading;

/// <summary>The context of one test case run: exercise id, seed and a fresh seeded <see cref="Rng"/>.</summary>
public sealed class GradingContext
{
    /// <summary>Creates a context; <paramref name="testSeed"/> seeds <see cref="Rng"/>.</summary>
    public GradingContext(string exercise, ulong exerciseSeed, ulong testSeed, string testName)
    {
        Exercise = exercise;
        Seed = exerciseSeed;
        TestName = testName;
        Rng = new Rng(testSeed);
    }

    /// <summary>The exercise id, e.g. "2.1".</summary>
    public string Exercise { get; }

    /// <summary>The exercise's seed: the same for every submission of the assignment.</summary>
    public ulong Seed { get; }

    /// <summary>The test case's name.</summary>
    public string TestName { get; }

    /// <summary>
    /// A random source seeded from the exercise seed and the test name, fresh for each test, so the
    /// order in which tests run does not change their inputs.
    /// </summary>
    public Rng Rng { get; }
}
