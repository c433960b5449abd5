// Marks a method as one graded test case. Hidden tests (tests/grading/<notebook>/<exercise>.cs)
// and public test cells in the notebook use it; the grader discovers the marked methods after
// compiling the test source as a continuation of the submission's script state.
namespace RnnCourse.Grading;

/// <summary>
/// One graded test case worth <see cref="Points"/>. The method takes no argument or one
/// <see cref="GradingContext"/>, and returns <c>void</c> or <see cref="Task"/>. It passes when it
/// returns; it fails when it throws (usually a <see cref="CheckFailedException"/> from
/// <see cref="Check"/>).
/// </summary>
/// <example><code>
/// [GradedTest(points: 2, Message = "sigmoid(0) must be 0.5")]
/// void Sigmoid_AtZero_IsHalf() => Check.Close(0.5, Sigmoid(0.0));
/// </code></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GradedTestAttribute : Attribute
{
    /// <summary>Marks a graded test worth <paramref name="points"/> (default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The points are negative or not finite.</exception>
    public GradedTestAttribute(double points = 1)
    {
        if (!double.IsFinite(points) || points < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(points),
                points,
                "Test points must be a finite number ≥ 0."
            );
        }
        Points = points;
    }

    /// <summary>The points this test case is worth (partial credit is per test case).</summary>
    public double Points { get; }

    /// <summary>
    /// What the student sees when the test fails: say what is wrong and how to fix it, never the
    /// expected value of a hidden test.
    /// </summary>
    public string? Message { get; init; }

    /// <summary>A display name; the method name when null.</summary>
    public string? Name { get; init; }
}
