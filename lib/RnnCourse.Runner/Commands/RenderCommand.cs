// `rnncourse render <notebook|folder>... --output DIR`: the static HTML site of notebooks that
// were already executed (no code runs).
using System.CommandLine;
using RnnCourse.Runner.Notebooks;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Runner.Commands;

/// <summary>The <c>render</c> command.</summary>
public static class RenderCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Executed notebooks or folders (course order = path order).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder of the HTML site (index.html plus one page per notebook).",
            Required = true,
        };
        var command = new Command(
            "render",
            "Render executed notebooks as a static HTML site (Markdig, KaTeX, plotly.js)."
        )
        {
            paths,
            output,
        };
        command.SetAction(parse => Execute(parse.GetValue(paths)!, parse.GetValue(output)!));
        return command;
    }

    /// <summary>Renders; returns the exit code.</summary>
    public static int Execute(IReadOnlyList<string> paths, string output)
    {
        var errors = new List<string>();
        var inputs = NotebookInputs.Expand(paths, output, errors);
        var notebooks = new List<(Notebook, string)>();
        foreach (var input in inputs)
        {
            try
            {
                notebooks.Add((NotebookJson.ReadFile(input.Path), input.RelativePath));
            }
            catch (NotebookFormatException e)
            {
                errors.Add(e.Message);
            }
        }
        foreach (var e in errors)
            Console.Error.WriteLine($"rnncourse render: {e}");
        if (notebooks.Count > 0)
            Console.WriteLine($"HTML site: {SiteRenderer.Render(notebooks, output)}");
        return errors.Count > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}
