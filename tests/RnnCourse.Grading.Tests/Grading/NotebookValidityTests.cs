// The notebooks the grader writes (student version, graded notebook with feedback cells) must pass
// the reference nbformat validator (Debian's python3-nbformat, installed by
// .ci/install-test-deps.sh). Without it locally the test says so and passes; under CI=true its
// absence is a failure.
using System.Diagnostics;
using RnnCourse.Grading.Grading;
using Xunit.Abstractions;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class NotebookValidityTests(ITestOutputHelper log) : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly BasicsAssignment _a = new();

    public void Dispose() => _a.Dispose();

    [Fact]
    public void ReleasedAndGradedNotebooks_PassNbformatValidator()
    {
        if (!File.Exists(Python) || Run(["-c", "import nbformat"]).Exit != 0)
        {
            Assert.False(
                Environment.GetEnvironmentVariable("CI") == "true",
                "python3-nbformat is missing on CI: .ci/install-test-deps.sh should install it"
            );
            log.WriteLine("SKIPPED: /usr/bin/python3 with nbformat not found; validation not run.");
            return;
        }
        var path = _a.SubmitCorrectExcept("v", "1.1", "double Sigmoid(double x) => 0.5;");
        var graded = Path.Combine(_a.Root, "v.graded.ipynb");
        new SubmissionGrader(_a.Load(), _a.Options()).Grade(path, "v").Notebook!.Save(graded);
        var (exit, output) = Run([
            "-c",
            "import sys, nbformat\nfor p in sys.argv[1:]:\n    nbformat.validate(nbformat.read(p, as_version=nbformat.NO_CONVERT))\nprint('ok')",
            _a.Release.Notebook,
            graded,
        ]);
        Assert.True(exit == 0, output);
    }

    private static (int Exit, string Output) Run(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit(120_000);
        return (p.ExitCode, output.Result + error.Result);
    }
}
