// The "must survive" list of the grader: each hostile submission is graded, the grader keeps
// going, records a grade (0 or partial) with a reason, and the other exercises are still graded.
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Reports;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class HostileSubmissionTests : IDisposable
{
    private readonly BasicsAssignment _a = new();

    public void Dispose() => _a.Dispose();

    private SubmissionReport Grade(string path, GradeOptions options) =>
        new SubmissionGrader(_a.Load(), options)
            .Grade(path, Path.GetFileNameWithoutExtension(path))
            .Report;

    private static ExerciseReport Ex(SubmissionReport r, string id) =>
        r.Exercises.Single(e => e.Id == id);

    private static void OthersPassed(SubmissionReport r, string failing)
    {
        foreach (var e in r.Exercises.Where(e => e.Id != failing))
        {
            Assert.True(e.Status == "passed", $"exercise {e.Id}: {e.Status} {e.Reason}");
        }
    }

    [Fact]
    public void Grade_InfiniteLoopInTests_TimesOutAndLaterExercisesUseReference()
    {
        var path = _a.SubmitCorrectExcept(
            "loop",
            "1.1",
            "double Sigmoid(double x) { while (true) { } }"
        );
        var r = Grade(path, _a.Options(TimeSpan.FromSeconds(10)));
        var ex = Ex(r, "1.1");
        Assert.Equal("timeout", ex.Status);
        Assert.Contains("did not finish", ex.Reason);
        Assert.True(ex.ReferenceUsed);
        Assert.Contains(ex.Tests, t => t.Status == "timeout");
        OthersPassed(r, "1.1"); // 1.3 calls Sigmoid: it ran against the reference
        Assert.Equal(5, r.Score);
    }

    [Fact]
    public void Grade_InfiniteLoopAtTopLevel_CellTimesOut()
    {
        var path = _a.SubmitCorrectExcept("toploop", "1.2", "while (true) { }");
        var r = Grade(path, _a.Options(TimeSpan.FromSeconds(10)));
        Assert.True(Ex(r, "1.2").Status == "timeout", r.ToJson());
        Assert.Contains("longer than", Ex(r, "1.2").Reason);
        OthersPassed(r, "1.2");
    }

    [Fact]
    public void Grade_UnboundedRecursion_CrashIsContained()
    {
        var path = _a.SubmitCorrectExcept(
            "recursion",
            "1.1",
            "double Sigmoid(double x) => Sigmoid(x + 1) * 0.5;"
        );
        var r = Grade(path, _a.Options());
        var ex = Ex(r, "1.1");
        Assert.Equal("crashed", ex.Status);
        Assert.Contains("stack overflow", ex.Reason);
        OthersPassed(r, "1.1");
        Assert.Equal(5, r.Score);
    }

    [Theory]
    [InlineData("Environment.Exit(3);")]
    [InlineData("Environment.FailFast(\"bye\");")]
    public void Grade_ProcessExitWithoutPolicy_CrashIsContained(string code)
    {
        var path = _a.SubmitCorrectExcept("exit", "1.2", code + "\n" + BasicsAssignment.AffineOk);
        var r = Grade(path, _a.Options(policy: false));
        Assert.Equal("crashed", Ex(r, "1.2").Status);
        Assert.Contains("Environment.Exit", Ex(r, "1.2").Reason);
        OthersPassed(r, "1.2");
        Assert.Equal(5, r.Score);
    }

    [Fact]
    public void Grade_ProcessExitWithPolicy_DeniedBeforeRunning()
    {
        var path = _a.SubmitCorrectExcept("exit-policy", "1.2", "Environment.Exit(3);");
        var r = Grade(path, _a.Options());
        var ex = Ex(r, "1.2");
        Assert.Equal("policy", ex.Status);
        Assert.Contains(ex.Diagnostics!, d => d.Contains("Environment.Exit"));
        OthersPassed(r, "1.2");
    }

    [Fact]
    public void Grade_HugeAllocation_HitsHeapLimitAndIsRecorded()
    {
        var path = _a.SubmitCorrectExcept(
            "alloc",
            "1.2",
            "var hog = new List<double[]>();\nwhile (true) hog.Add(new double[1 << 20]);"
        );
        var r = Grade(path, _a.Options());
        var ex = Ex(r, "1.2");
        Assert.Equal(0, ex.Points);
        Assert.True(
            ex.Status == "crashed" || ex.Reason!.Contains("OutOfMemoryException"),
            $"{ex.Status}: {ex.Reason}"
        );
        OthersPassed(r, "1.2");
    }

    [Fact]
    public void Grade_HugeOutput_IsCappedAndGradingContinues()
    {
        // 2 GB through Console (captured, capped) and 200 MB without a newline on the raw stdout
        // (ignored by the protocol reader), then a correct solution.
        var code = """
            var chunk = new string('x', 100);
            for (int i = 0; i < 20_000_000; i++) Console.Write(chunk);
            var raw = Console.OpenStandardOutput();
            var junk = new byte[1 << 20];
            Array.Fill(junk, (byte)'y');
            for (int i = 0; i < 200; i++) raw.Write(junk);
            double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
            """;
        var path = _a.SubmitCorrectExcept("output", "1.1", code);
        var r = Grade(path, _a.Options(TimeSpan.FromSeconds(60), policy: false));
        Assert.True(r.Score == 8, r.ToJson());
    }

    [Fact]
    public void Grade_WritingOutsideSandbox_DeniedAndNothingWritten()
    {
        var target = Path.Combine(_a.Root, "escaped.txt");
        var code = $$"""
            System.IO.File.WriteAllText("{{target}}", "pwned");
            double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
            """;
        var r = Grade(_a.SubmitCorrectExcept("write", "1.1", code), _a.Options());
        var ex = Ex(r, "1.1");
        Assert.Equal("policy", ex.Status);
        Assert.Contains(ex.Diagnostics!, d => d.Contains("files are not allowed"));
        Assert.False(File.Exists(target));
        OthersPassed(r, "1.1");
    }

    [Fact]
    public void Grade_RelativeAndHomeWritesWithoutPolicy_StayInSandbox()
    {
        var home = Environment.GetEnvironmentVariable("HOME")!;
        var marker = "rnncourse-escape-" + Guid.NewGuid().ToString("N");
        var code = $$"""
            System.IO.File.WriteAllText("{{marker}}", "x");
            System.IO.File.WriteAllText(System.IO.Path.Combine(Environment.GetEnvironmentVariable("HOME"), "{{marker}}"), "x");
            System.IO.File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "{{marker}}"), "x");
            double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
            """;
        var options = _a.Options(policy: false) with { KeepSandboxes = true };
        var r = Grade(_a.SubmitCorrectExcept("relwrite", "1.1", code), options);
        Assert.Equal(8, r.Score);
        Assert.False(File.Exists(Path.Combine(home, marker)));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), marker)));
        Assert.False(File.Exists(Path.Combine(Directory.GetCurrentDirectory(), marker)));
        var inSandbox = Directory.GetFiles(_a.Sandboxes, marker, SearchOption.AllDirectories);
        Assert.Equal(3, inSandbox.Length);
    }

    [Fact]
    public void Grade_SearchingForHiddenTests_FindsNothing()
    {
        // Without the API policy the submission may read files: it searches everything the worker
        // knows about (working directory, HOME, TMPDIR, the sandbox root, environment, command
        // line) for the hidden tests or the source notebook, and sabotages its own answer if found.
        // Inside the OS sandbox the parent of the working directory is "/": then every top-level
        // folder but the system's (/usr and its links, /proc, /dev, the .NET root) is searched.
        var code = """
            bool found = false;
            var roots = new List<string> { ".", Environment.GetEnvironmentVariable("HOME") ?? ".", System.IO.Path.GetTempPath() };
            var parent = System.IO.Path.GetFullPath("..");
            if (parent != "/")
                roots.Add(parent);
            else
                roots.AddRange(System.IO.Directory.GetDirectories("/").Where(d => new System.IO.DirectoryInfo(d).LinkTarget is null && d is not ("/usr" or "/proc" or "/dev" or "/sys" or "/opt")).Append("/opt/rnncourse"));
            foreach (var root in roots)
                foreach (var f in System.IO.Directory.EnumerateFiles(root, "*", System.IO.SearchOption.AllDirectories))
                    if (f.EndsWith(".cs") || f.EndsWith(".ipynb") || (!f.EndsWith(".dll") && System.IO.File.ReadAllText(f).Contains("GradedTest")))
                        found = true;
            foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
                if (e.Value?.ToString()?.Contains("hidden") == true || e.Value?.ToString()?.Contains("Assignments") == true)
                    found = true;
            if (string.Join(" ", Environment.GetCommandLineArgs()).Contains("Assignments"))
                found = true;
            double Sigmoid(double x) => found ? double.NaN : 1.0 / (1.0 + Math.Exp(-x));
            """;
        var options = _a.Options(policy: false);
        var r = Grade(_a.SubmitCorrectExcept("snoop", "1.1", code), options);
        Assert.True(Ex(r, "1.1").Status == "passed", r.ToJson());
    }

    [Fact]
    public void Grade_Reports_NeverContainHiddenSourceOrReference()
    {
        var path = _a.Submit("blank", []);
        var result = new SubmissionGrader(_a.Load(), _a.Options()).Grade(path, "blank");
        var texts = new[] { result.Report.ToJson(), result.Notebook!.ToJson() };
        var hidden = Directory
            .GetFiles(_a.Hidden, "*.cs")
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Trim())
            .Where(l => l.Length > 25 && !l.StartsWith("[GradedTest") && !l.StartsWith("//"));
        var reference = new[]
        {
            "return 1.0 / (1.0 + Math.Exp(-x));",
            "return s * (1 - s);",
            "sum += W[h, i] * x[i];",
        };
        foreach (var text in texts)
        {
            foreach (var line in hidden.Concat(reference))
            {
                Assert.DoesNotContain(line, text);
            }
        }
        Assert.Equal(0, result.Report.Score);
    }

    [Fact]
    public void Grade_EditedLockedCells_ReportedAndOriginalsUsed()
    {
        var path = _a.Submit(
            "tamper",
            new()
            {
                ["1.1"] = "double Sigmoid(double x) => 0.25;",
                ["1.2"] = BasicsAssignment.AffineOk,
                ["1.3"] = BasicsAssignment.GradOk,
            },
            nb =>
            {
                // Weaken the public test, change a locked cell, delete another, and merely
                // reformat a third (not tampering).
                nb.Cells.Single(c => c.Id == "ex11-tests").Source =
                    "[GradedTest(1)]\nvoid Sigmoid_AtZero_IsHalf() { }";
                nb.Cells.Single(c => c.Id == "setup").Source =
                    "using RnnCourse.Numerics;\ndouble[] samplePoints = { };";
                nb.RemoveCell(nb.Cells.FindIndex(c => c.Id == "wrapup"));
                var ex12Tests = nb.Cells.Single(c => c.Id == "ex12-tests");
                ex12Tests.Source = "// reformatted\n" + ex12Tests.Source.Replace("\n", "\n\n");
            }
        );
        var r = Grade(path, _a.Options());
        Assert.Equal(
            ["ex11-tests:modified", "setup:modified", "wrapup:deleted"],
            r.Tampering.Select(t => $"{t.Id}:{t.Change}").Order()
        );
        Assert.Contains(r.Notes, n => n.Contains("original cells were used"));
        // The original public test ran and failed on the wrong Sigmoid.
        Assert.Equal(
            "failed",
            Ex(r, "1.1").Tests.Single(t => t.Name == "Sigmoid_AtZero_IsHalf").Status
        );
    }

    [Theory]
    [InlineData(
        "static class Check { public static void Close(double a, double b, double atol = 0, double rtol = 0, string what = \"\") { } public static void True(bool c, string w) { } }"
    )]
    [InlineData("static class Math { public static double Exp(double x) => 0; }")]
    [InlineData(
        "class Fake { public void Close(double a, double b, double atol = 0, double rtol = 0, string what = \"\") { } public void True(bool c, string w) { } }\nvar Check = new Fake();"
    )]
    public void Grade_ShadowingTestHelpers_Denied(string shadow)
    {
        // A wrong Sigmoid plus a fake Check (or Math) that would make the hidden tests pass.
        var path = _a.SubmitCorrectExcept(
            "shadow",
            "1.1",
            shadow + "\ndouble Sigmoid(double x) => 0.5;"
        );
        var ex = Ex(Grade(path, _a.Options()), "1.1");
        Assert.Equal("policy", ex.Status);
        Assert.Contains(ex.Diagnostics!, d => d.Contains("would hide"));
        Assert.Equal(0, ex.Points);
    }

    [Fact]
    public void ClassGrader_MixedHostileFolder_EverySubmissionGradedWithReasons()
    {
        _a.SubmitCorrectExcept("a-good", "", "");
        _a.SubmitCorrectExcept("b-loop", "1.1", "double Sigmoid(double x) { while (true) { } }");
        _a.SubmitCorrectExcept(
            "c-recursion",
            "1.3",
            "double SigmoidGrad(double x) => SigmoidGrad(x) + 1;"
        );
        _a.SubmitCorrectExcept("d-exit", "1.2", "Environment.FailFast(\"x\");");
        File.WriteAllText(Path.Combine(_a.Submissions, "e-broken.ipynb"), "\u0000garbage");
        var outcome = ClassGrader.Grade(
            _a.Submissions,
            _a.Load(),
            _a.Output,
            _a.Options(TimeSpan.FromSeconds(10), policy: false) with
            {
                Jobs = 2,
            }
        );
        Assert.Equal(
            ["a-good", "b-loop", "c-recursion", "d-exit", "e-broken"],
            outcome.Reports.Select(r => r.Submission)
        );
        Assert.Equal([8.0, 5, 6, 5, 0], outcome.Reports.Select(r => r.Score));
        foreach (var r in outcome.Reports)
        {
            Assert.All(
                r.Exercises.Where(e => e.Status != "passed"),
                e => Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{r.Submission} {e.Id}")
            );
            Assert.True(File.Exists(Path.Combine(_a.Output, r.Submission + ".json")));
        }
        Assert.Equal(6, File.ReadAllLines(Path.Combine(_a.Output, "grades.csv")).Length);
    }

    [Fact]
    public void Grade_NotJson_ZeroWithReason()
    {
        var path = Path.Combine(_a.Submissions, "broken.ipynb");
        File.WriteAllText(path, "{ \"cells\": [ this is not json");
        var r = Grade(path, _a.Options());
        Assert.Equal("invalid", r.Status);
        Assert.Equal(0, r.Score);
        Assert.Equal(8, r.MaxScore);
        Assert.Contains(r.Notes, n => n.Contains("not valid JSON"));
        Assert.All(r.Exercises, e => Assert.Equal("not-graded", e.Status));
    }
}
