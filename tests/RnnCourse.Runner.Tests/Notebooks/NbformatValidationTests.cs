using System.Diagnostics;
using RnnCourse.Runner.Notebooks;
using RnnCourse.Runner.Tests.Commands;
using Xunit.Abstractions;

namespace RnnCourse.Runner.Tests.Notebooks;

/// <summary>
/// Every notebook the runner writes must pass the reference validator (Debian's python3-nbformat,
/// installed by .ci/install-test-deps.sh). Locally without it the tests say so and pass; under
/// CI=true its absence is a failure.
/// </summary>
[Collection(CourseRunCollection.Name)]
public class NbformatValidationTests(CourseRunFixture run, ITestOutputHelper log)
{
    private const string Python = "/usr/bin/python3";

    private const string Validator = """
        import sys, nbformat
        bad = 0
        for path in sys.argv[1:]:
            try:
                nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
                nbformat.validate(nb)
            except Exception as e:
                bad += 1
                print(f"INVALID {path}: {e}")
        print(f"checked {len(sys.argv) - 1} notebooks, {bad} invalid")
        sys.exit(1 if bad else 0)
        """;

    private bool ValidatorAvailable()
    {
        var ok = File.Exists(Python) && RunPython(["-c", "import nbformat"]).Exit == 0;
        if (!ok)
        {
            Assert.False(
                Environment.GetEnvironmentVariable("CI") == "true",
                "python3-nbformat is missing on CI: .ci/install-test-deps.sh should install it"
            );
            log.WriteLine(
                "SKIPPED: /usr/bin/python3 with nbformat not found (apt-get install python3-nbformat); notebook schema validation not run."
            );
        }
        return ok;
    }

    private static (int Exit, string Output) RunPython(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit(120_000);
        return (p.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void WrittenNotebooks_PassTheReferenceValidator()
    {
        if (!ValidatorAvailable())
            return;
        var files = Directory.GetFiles(run.Output, "*.ipynb", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count >= 18, $"expected the fixture's notebooks, found {files.Count}");
        var (exit, output) = RunPython(["-c", Validator, .. files]);
        log.WriteLine(output);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void RoundTrippedNotebooks_PassTheReferenceValidator()
    {
        if (!ValidatorAvailable())
            return;
        var dir = TestPaths.TempDir("roundtrip");
        var files = new List<string>();
        foreach (
            var source in new[]
            {
                "unknown-metadata.ipynb",
                "dialects/legacy.ipynb",
                "dialects/documents.ipynb",
            }
        )
        {
            var target = Path.Combine(dir, Path.GetFileName(source));
            NotebookJson.WriteFile(target, NotebookJson.ReadFile(TestPaths.Notebook(source)));
            files.Add(target);
        }
        // an invalid notebook must be rejected, or this test could not fail
        var invalid = Path.Combine(dir, "invalid.ipynb");
        File.WriteAllText(
            invalid,
            """{"cells":[{"cell_type":"code","source":"1"}],"metadata":{},"nbformat":4,"nbformat_minor":5}"""
        );
        Assert.NotEqual(0, RunPython(["-c", Validator, invalid]).Exit);
        var (exit, output) = RunPython(["-c", Validator, .. files]);
        Assert.True(exit == 0, output);
    }
}
