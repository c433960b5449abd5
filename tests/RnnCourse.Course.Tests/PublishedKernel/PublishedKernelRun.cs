// Run All of one notebook in the published kernel, as VS Code does it: one SubmitCode per code cell
// in order, going on after a failed cell, stopping only when the kernel itself is gone.
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace RnnCourse.Course.Tests.PublishedKernel;

/// <summary>Runs notebooks in <c>dotnet-interactive stdio</c> and records the per-notebook table.</summary>
public static class PublishedKernelRun
{
    private static readonly object TableGate = new();
    private static bool _tableStarted;

    /// <summary>How long the kernel may take to report KernelReady on a loaded machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long one cell may run before the kernel counts as hung.</summary>
    public static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The per-notebook table, rewritten by each test process (in the test's output folder, so
    /// <c>.ci/run</c> prints it into the CI log after <c>dotnet test</c>).
    /// </summary>
    public static string TablePath => Path.Combine(AppContext.BaseDirectory, "published-kernel.md");

    /// <summary>The sources of a notebook's code cells, in order.</summary>
    public static List<string> CodeCells(JsonObject notebook) =>
        notebook["cells"]!
            .AsArray()
            .Where(c => (string?)c!["cell_type"] == "code")
            .Select(c =>
                c!["source"] is JsonArray lines
                    ? string.Concat(lines.Select(l => (string?)l))
                    : (string?)c["source"] ?? ""
            )
            .ToList();

    /// <summary>Runs <paramref name="cells"/> in a kernel whose working directory is <paramref name="workingDir"/>.</summary>
    /// <exception cref="KernelStartException">The kernel did not start.</exception>
    public static async Task<VsCodeView> RunAsync(string workingDir, IReadOnlyList<string> cells)
    {
        using var kernel = await StdioKernel.StartAsync(workingDir, Course.Root, StartTimeout);
        var view = new VsCodeView();
        foreach (var code in cells)
        {
            if (view.Died is not null)
            {
                break;
            }
            view.Add(await kernel.SubmitAsync(code, CellTimeout));
        }
        return view;
    }

    /// <summary>
    /// Appends one row to the per-notebook table and shows it in the test output and on stdout.
    /// The first row written by a test process starts a new table.
    /// </summary>
    public static void Record(string row, ITestOutputHelper output)
    {
        const string header =
            "| notebook | code cells | failed | error outputs | warnings | cells differing from rnncourse run | kernel s | kernel died |\n"
            + "|---|---|---|---|---|---|---|---|\n";
        output.WriteLine(header + row);
        Console.WriteLine("published kernel: " + row);
        lock (TableGate)
        {
            if (!_tableStarted)
            {
                File.WriteAllText(TablePath, header);
                _tableStarted = true;
            }
            File.AppendAllText(TablePath, row + "\n");
        }
    }
}
