// The allowlist and the protected names against the escape routes of issue 19: each is refused
// at compile time with a message naming the member, wherever it hides in the cell; ordinary
// homework (LINQ queries, records, await, foreach, tuples, exceptions, Check) still runs.
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Tests.Worker;

public sealed class ApiAllowlistTests
{
    private static ScriptSession.Outcome Run(string code, params string[] testNames)
    {
        using var session = new ScriptSession();
        session.Run(
            "using RnnCourse.Numerics;\ndouble[] Softmax(double[] z) => z;",
            checkPolicy: false,
            TextWriter.Null
        );
        return session.Run(code, checkPolicy: true, TextWriter.Null, testNames);
    }

    [Theory]
    [InlineData(
        "var f = System.Linq.Expressions.Expression.Lambda<Func<int>>(System.Linq.Expressions.Expression.Constant(1)).Compile();",
        "System.Linq.Expressions.Expression.Lambda"
    )]
    [InlineData(
        "Action a = () => { };\nvar d = Delegate.CreateDelegate(typeof(Action), a.Method);",
        "System.Delegate.CreateDelegate"
    )]
    [InlineData("Func<int> f = () => 1;\nvar m = f.Method;", "System.Delegate.Method")]
    [InlineData("var asm = typeof(string).Assembly;", "System.Type")]
    [InlineData("unsafe { int x = 1; int* p = &x; }", "unsafe code")]
    [InlineData("unsafe { delegate*<void> p = null; }", "unsafe code")]
    [InlineData("dynamic d = 1;", "dynamic")]
    [InlineData("Environment.FailFast(\"x\");", "System.Environment.FailFast")]
    [InlineData("var q = new[] { 1 }.AsQueryable();", "System.Linq.Queryable.AsQueryable")]
    [InlineData("using F = System.IO.File;\nF.Delete(\"x\");", "System.IO.File")]
    [InlineData("using static System.IO.File;\nDelete(\"x\");", "System.IO.File")]
    [InlineData(
        "class A { class B { void M() { Func<int> f = () => { System.IO.File.Delete(\"x\"); return 1; }; } } }",
        "System.IO.File.Delete"
    )]
    [InlineData(
        "[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();",
        "System.Runtime.InteropServices.DllImportAttribute"
    )]
    [InlineData(
        "new RnnCourse.Charts.Figure().SaveHtml(\"/tmp/x.html\");",
        "RnnCourse.Charts.Figure.SaveHtml"
    )]
    [InlineData(
        "RnnCourse.Training.Checkpoint.ReadInfo(\"/tmp/x\");",
        "RnnCourse.Training.Checkpoint.ReadInfo"
    )]
    [InlineData(
        "await RnnCourse.Data.DatasetDownloader.DownloadAsync(new Uri(\"http://x\"), \"/tmp/x\");",
        "RnnCourse.Data.DatasetDownloader"
    )]
    [InlineData("var t = new System.Threading.Thread(() => { });", "System.Threading.Thread")]
    [InlineData(
        "System.Runtime.CompilerServices.Unsafe.SizeOf<int>();",
        "System.Runtime.CompilerServices.Unsafe"
    )]
    [InlineData("var o = AppDomain.CurrentDomain;", "System.AppDomain")]
    [InlineData("void M() { int x = 1; TypedReference r = __makeref(x); }", "__makeref")]
    public void Check_EscapeRoute_RefusedNamingTheMember(string code, string member)
    {
        var outcome = Run(code);
        Assert.True(
            outcome.Phase == "policy",
            $"{outcome.Phase}: {string.Join("; ", outcome.Diagnostics)} {outcome.Error}"
        );
        Assert.Contains(outcome.Diagnostics, d => d.Contains(member));
    }

    [Fact]
    public void Check_OrdinaryHomeworkConstructs_Allowed()
    {
        var outcome = Run(
            """
            record Pair(int A, double B);
            var pairs = new List<Pair> { new(1, 2.0), new(2, 3.5) };
            var query = from p in pairs where p.A > 0 orderby p.B descending select p.B * 2;
            var (first, second) = (query.First(), query.Last());
            foreach (var (a, b) in pairs) { Console.WriteLine($"{a}:{b:F2}"); }
            var lookup = pairs.ToDictionary(p => p.A, p => p.B);
            var t = Tensor<double>.Zeros(2, 2);
            Check.Close(0.0, t[0, 0], what: "t[0,0]");
            double Safe(double x) => x < 0 ? throw new ArgumentOutOfRangeException(nameof(x)) : Math.Sqrt(x);
            async Task<double> Later() { await Task.Yield(); return Safe(4); }
            var sum = await Later() + Softmax([1.0])[0];
            int[] Sorted(int[] v) { var c = (int[])v.Clone(); Array.Sort(c); return c; }
            double SpanSum() { Span<double> span = stackalloc double[4]; span.Fill(1); return span[0]; }
            var parsed = double.Parse("1.5", System.Globalization.CultureInfo.InvariantCulture);
            """
        );
        Assert.True(outcome.Phase == "ok", string.Join("\n", outcome.Diagnostics) + outcome.Error);
    }

    [Theory]
    [InlineData("using Check = System.Math;", "would hide RnnCourse.Grading.Check")]
    [InlineData("int.TryParse(\"1\", out var Check);", "would hide RnnCourse.Grading.Check")]
    [InlineData("double[] Softmax(double[] z) => z;", "redefines 'Softmax'")]
    [InlineData("class Softmax { }", "redefines 'Softmax'")]
    [InlineData("using Softmax = System.Math;", "redefines 'Softmax'")]
    public void Check_ProtectedName_Refused(string code, string expected)
    {
        var outcome = Run(code, "Softmax", "Check", "StepForward");
        Assert.Equal("policy", outcome.Phase);
        Assert.Contains(outcome.Diagnostics, d => d.Contains(expected));
    }

    [Theory]
    [InlineData("double StepForward(double x) => x;")] // the exercise's own name, first definition
    [InlineData("double[] Softmax(double[] z) => z;", "StepForward")] // not a name the tests use
    [InlineData("class Helper { class Check { } }")] // nested: invisible to the tests
    public void Check_UnprotectedDeclaration_Allowed(string code, params string[] testNames)
    {
        var outcome = Run(code, testNames.Length > 0 ? testNames : ["Softmax", "StepForward"]);
        Assert.True(outcome.Phase == "ok", string.Join("; ", outcome.Diagnostics));
    }

    [Fact]
    public void FreeNames_TestSource_KeepsCalledNamesNotLocals()
    {
        var names = ProtectedNames.FreeNames([
            """
            [GradedTest(1)]
            void StepForward_Zero_IsZero(GradingContext ctx)
            {
                var w = new ElmanWeights(4, 3);
                var (h, o) = StepForward(w, OneHot(1, 4), new double[3]);
                foreach (var v in h) Check.Close(0, v, what: "h");
            }
            """,
        ]);
        Assert.Superset(
            new HashSet<string>
            {
                "ElmanWeights",
                "StepForward",
                "OneHot",
                "Check",
                "GradingContext",
            },
            names.ToHashSet()
        );
        Assert.DoesNotContain("w", names);
        Assert.DoesNotContain("v", names);
        Assert.DoesNotContain("StepForward_Zero_IsZero", names);
        Assert.DoesNotContain("Close", names);
    }
}
