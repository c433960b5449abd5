// The API policy must deny the escape routes and nothing that ordinary numeric homework uses:
// a false positive would cost a student points for correct code.
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Tests.Worker;

public sealed class ApiPolicyTests
{
    private static ScriptSession.Outcome Run(string code)
    {
        using var session = new ScriptSession();
        session.Run("using RnnCourse.Numerics;", checkPolicy: false, TextWriter.Null);
        return session.Run(code, checkPolicy: true, TextWriter.Null);
    }

    [Fact]
    public void Check_OrdinaryNumericCode_Allowed()
    {
        var outcome = Run(
            """
            record Point(double X, double Y);
            double[] Softmax(double[] z)
            {
                double max = z.Max();
                var e = z.Select(v => Math.Exp(v - max)).ToArray();
                double sum = e.Sum();
                return e.Select(v => v / sum).ToArray();
            }
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var t = Tensor<double>.Zeros(2, 3);
            new Rng(1).FillNormal<double>(t.Span);
            int RowLength(Tensor<double> m) { Span<double> row = m.Slice(0); return row.Length; }
            var totals = new double[4];
            Parallel.For(0, 4, i => totals[i] = i * 2.0);
            var dict = new Dictionary<string, List<int>> { ["a"] = [1, 2] };
            var text = new StringBuilder().Append($"{Softmax([1.0, 2.0])[0]:F3}").ToString();
            var w = new System.IO.StringWriter();
            w.Write(text);
            Console.WriteLine($"{text} {RowLength(t)} {Environment.NewLine.Length} {sw.ElapsedMilliseconds >= 0}");
            async Task<int> Later() { await Task.Delay(1); return 1; }
            await Later();
            """
        );
        Assert.True(outcome.Phase == "ok", string.Join("\n", outcome.Diagnostics) + outcome.Error);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\");", "files are not allowed")]
    [InlineData(
        "using System.IO;\nvar f = new FileStream(\"x\", FileMode.Create);",
        "files are not allowed"
    )]
    [InlineData("System.Diagnostics.Process.Start(\"sh\");", "System.Diagnostics.Process")]
    [InlineData("Environment.Exit(1);", "Environment.Exit")]
    [InlineData(
        "var v = Environment.GetEnvironmentVariable(\"HOME\");",
        "Environment.GetEnvironmentVariable"
    )]
    [InlineData("var t = \"\".GetType();", "reflection")]
    [InlineData("var t = Type.GetType(\"System.IO.File\");", "System.Type")]
    [InlineData("var o = Activator.CreateInstance(typeof(object));", "System.Activator")]
    [InlineData("var s = Console.OpenStandardOutput();", "Console.OpenStandardOutput")]
    [InlineData("Console.SetOut(new System.IO.StringWriter());", "Console.SetOut")]
    [InlineData("new System.Threading.Thread(() => { }).Start();", "threads are not allowed")]
    [InlineData("var c = new System.Net.Http.HttpClient();", "network access")]
    [InlineData("#r \"System.Xml.dll\"\nvar x = 1;", "#r")]
    [InlineData("new System.Xml.Linq.XDocument().Save(\"/tmp/x.xml\");", "System.Xml")]
    [InlineData(
        "var r = RnnCourse.Grading.Grading.AssignmentLoader.Load(\"/\");",
        "RnnCourse.Grading.Grading"
    )]
    [InlineData("static class Check { }", "would hide RnnCourse.Grading.Check")]
    [InlineData("var Tensor = 1;", "would hide RnnCourse.Numerics.Tensor")]
    public void Check_EscapeRoutes_Denied(string code, string expected)
    {
        var outcome = Run(code);
        Assert.Equal("policy", outcome.Phase);
        Assert.Contains(outcome.Diagnostics, d => d.Contains(expected));
        Assert.Matches(@"^\(\d+,\d+\): ", outcome.Diagnostics[0]);
    }

    [Fact]
    public void Run_AssemblyTheKernelDoesNotReference_IsRefusedAtCompileTime()
    {
        // The C# kernel references less than the whole shared framework (as in VS Code): such
        // code never reaches the policy, and nothing runs.
        var outcome = Run(
            "System.Formats.Tar.TarFile.CreateFromDirectory(\"/\", \"/tmp/x.tar\", false);"
        );
        Assert.Equal("compile", outcome.Phase);
        Assert.Contains(outcome.Diagnostics, d => d.Contains("System.Formats"));
    }
}
