// The outputs of a notebook as VS Code's notebook shows them after Run All in the published kernel,
// built from the kernel's events the way the Polyglot Notebooks extension applies them.
namespace RnnCourse.Course.Tests.PublishedKernel;

/// <summary>
/// Per code cell, the outputs in order as VS Code shows them, plus what VS Code reports beside the
/// outputs (failed cells, compiler warnings, a kernel that died).
/// <list type="bullet">
/// <item>DisplayedValueProduced adds a display_data output keyed by its value id;</item>
/// <item>DisplayedValueUpdated replaces the output with the same value id wherever it is, an
///   earlier cell included; an id that matches nothing is appended to the running cell as a new
///   output (so an update whose id differs from the displayed value shows a second copy);</item>
/// <item>ReturnValueProduced is an execute_result;</item>
/// <item>consecutive standard output (or standard error) values merge into one stream output;</item>
/// <item>the cell's own CommandFailed is an error output holding the kernel's message;</item>
/// <item>DiagnosticsProduced warnings go to <see cref="Warnings"/>, not to the outputs.</item>
/// </list>
/// </summary>
public sealed class VsCodeView
{
    private readonly List<List<ViewOutput>> _cells = [];

    /// <summary>The outputs of each code cell added so far, in notebook order.</summary>
    public IReadOnlyList<IReadOnlyList<ViewOutput>> Cells => _cells;

    /// <summary>Indexes (0-based among code cells) of the cells that did not succeed.</summary>
    public List<int> FailedCells { get; } = [];

    /// <summary>Compiler warnings, each as <c>cell N: (line,col): warning CSxxxx: message</c>.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary><c>cell N: reason</c> when the kernel died or stopped answering; null otherwise.</summary>
    public string? Died { get; private set; }

    /// <summary>Number of error outputs over all cells.</summary>
    public int ErrorOutputs => _cells.Sum(c => c.Count(o => o.Kind == "error"));

    /// <summary>Adds the next code cell from the events of its run.</summary>
    public void Add(CellRun run)
    {
        int cell = _cells.Count;
        var outputs = new List<ViewOutput>();
        _cells.Add(outputs);
        foreach (var e in run.Events)
        {
            Apply(cell, outputs, e);
        }
        if (run.DiedReason is not null)
        {
            Died ??= $"cell {cell}: {run.DiedReason}";
            outputs.Add(ViewOutput.Text("error", "kernel died: " + run.DiedReason));
        }
        if (!run.Succeeded)
        {
            FailedCells.Add(cell);
        }
    }

    private void Apply(int cell, List<ViewOutput> outputs, KernelEvent e)
    {
        switch (e.Type)
        {
            case "DisplayedValueProduced":
                outputs.Add(new("display_data", e.FormattedValues(), ValueId: e.ValueId));
                break;
            case "DisplayedValueUpdated":
                var updated = new ViewOutput(
                    "display_data",
                    e.FormattedValues(),
                    ValueId: e.ValueId
                );
                if (!Replace(updated))
                {
                    outputs.Add(updated);
                }
                break;
            case "ReturnValueProduced":
                var data = e.FormattedValues();
                if (data.Count > 0)
                {
                    outputs.Add(new("execute_result", data));
                }
                break;
            case "StandardOutputValueProduced":
            case "StandardErrorValueProduced":
                var name = e.Type == "StandardOutputValueProduced" ? "stdout" : "stderr";
                var text = string.Concat(e.FormattedValues().Values.Take(1));
                if (
                    outputs.Count > 0
                    && outputs[^1] is { Kind: "stream" } last
                    && last.Name == name
                )
                {
                    outputs[^1] = ViewOutput.Text("stream", last.Data["text/plain"] + text, name);
                }
                else
                {
                    outputs.Add(ViewOutput.Text("stream", text, name));
                }
                break;
            case "CommandFailed" when e.Token is not null && !e.Token.Contains('.'):
                outputs.Add(ViewOutput.Text("error", (string?)e.Body["message"] ?? ""));
                break;
            case "DiagnosticsProduced":
                foreach (var w in e.Warnings().Distinct())
                {
                    var line = $"cell {cell}: {w}";
                    if (!Warnings.Contains(line))
                    {
                        Warnings.Add(line);
                    }
                }
                break;
        }
    }

    private bool Replace(ViewOutput updated)
    {
        if (updated.ValueId is null)
        {
            return false;
        }
        foreach (var outputs in _cells)
        {
            int i = outputs.FindIndex(o => o.ValueId == updated.ValueId);
            if (i >= 0)
            {
                outputs[i] = updated;
                return true;
            }
        }
        return false;
    }
}
