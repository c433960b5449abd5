// Plumbing between compiled test source and the worker: the grader appends
// `RnnCourse.Grading.TestTable.Collect(TestTable.Of(Name1), typeof(Class1), ...)` to a test
// submission so that top-level script methods (which live on the hidden Submission object) can be
// invoked. Not for use in notebooks.
using System.ComponentModel;

namespace RnnCourse.Grading;

/// <summary>Collects graded test methods from a compiled test submission (used by the grader).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TestTable
{
    /// <summary>A test method without arguments.</summary>
    public static Delegate Of(Action test) => test;

    /// <summary>A test method taking the context.</summary>
    public static Delegate Of(Action<GradingContext> test) => test;

    /// <summary>An async test method without arguments.</summary>
    public static Delegate Of(Func<Task> test) => test;

    /// <summary>An async test method taking the context.</summary>
    public static Delegate Of(Func<GradingContext, Task> test) => test;

    /// <summary>The collected delegates and test classes, in source order.</summary>
    public static object[] Collect(params object[] entries) => entries;
}
