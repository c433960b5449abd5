// The course also runs in Jupyter: the README's commands install the pinned tool's kernelspec, and
// Jupyter's own client (nbclient, Debian's python3-nbclient run by /usr/bin/python3) runs the
// setup notebook with it without an error.
using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RnnCourse.Course.Tests.Jupyter;

/// <summary>
/// A fact that needs <c>/usr/bin/python3</c> with nbclient: skipped with the reason when it is
/// missing, except under <c>CI=true</c>, where .ci/install-test-deps.sh installs it and a missing
/// client is a failure.
/// </summary>
public sealed class NbclientFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when nbclient is missing off CI.</summary>
    public NbclientFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !JupyterTests.HasNbclient())
        {
            Skip =
                "Jupyter test skipped: /usr/bin/python3 has no nbclient (apt-get install python3-nbclient jupyter-client). Under CI=true it fails instead.";
        }
    }
}

public class JupyterTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    internal static bool HasNbclient() =>
        File.Exists(Python) && Run(Python, ["-c", "import nbclient"], Course.Root, null).Exit == 0;

    [NbclientFact]
    public void Nbclient_SetupNotebookWithInstalledKernelspec_RunsWithoutErrors()
    {
        var work = Course.TempDir("jupyter");
        var dataDir = Path.Combine(work, "data");
        // The README's command, into a temporary Jupyter data dir instead of the user's.
        var (installExit, installLog) = Run(
            "dotnet",
            ["tool", "run", "dotnet-interactive", "--", "jupyter", "install"],
            Course.Root,
            dataDir
        );
        output.WriteLine(installLog);
        Assert.True(
            File.Exists(Path.Combine(dataDir, "kernels", ".net-csharp", "kernel.json")),
            $"`dotnet tool run dotnet-interactive -- jupyter install` (exit {installExit}) installed no .NET (C#) kernelspec; it needs `jupyter` on PATH (apt-get install jupyter-client):\n{installLog}"
        );

        var notebook = Path.Combine(Course.NotebooksDir, "00-setup.ipynb");
        var script = Path.Combine(
            Course.Root,
            "tests",
            "RnnCourse.Course.Tests",
            "Jupyter",
            "run_nbclient.py"
        );
        var (exit, log) = Run(
            Python,
            [script, notebook, ".net-csharp", Path.Combine(work, "00-setup.ipynb"), "600"],
            Course.Root,
            dataDir
        );
        output.WriteLine(log);

        var codeCells = Course.ReadJson(notebook)["cells"]!
            .AsArray()
            .Count(c => (string?)c!["cell_type"] == "code");
        var summary = Regex.Match(log, @"cells=(\d+) outputs=(\d+) errors=(\d+)");
        Assert.True(exit == 0 && summary.Success, $"nbclient exited {exit}:\n{log}");
        Assert.Equal(codeCells, int.Parse(summary.Groups[1].Value));
        Assert.True(int.Parse(summary.Groups[2].Value) > 0, $"no cell produced output:\n{log}");
        Assert.Equal(0, int.Parse(summary.Groups[3].Value));
    }

    private static (int Exit, string Output) Run(
        string file,
        IEnumerable<string> args,
        string workingDir,
        string? jupyterDataDir
    )
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        if (jupyterDataDir is not null)
        {
            psi.Environment["JUPYTER_DATA_DIR"] = jupyterDataDir;
            psi.Environment["JUPYTER_PATH"] = jupyterDataDir;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} ran longer than 10 minutes\n{stdout.Result}{stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
