// `rnncourse export <notebook> --to cs [--output file.cs] [--library RnnCourse.csproj]`.
using System.CommandLine;
using RnnCourse.Runner.Export;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Commands;

/// <summary>The <c>export</c> command.</summary>
public static class ExportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "The notebook to export." };
        var to = new Option<string>("--to")
        {
            Description = "Target format (only 'cs': a .NET 10 file-based app).",
            DefaultValueFactory = _ => "cs",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description =
                "The .cs file to write (default: the notebook's name with .cs, next to it).",
        };
        var library = new Option<string?>("--library")
        {
            Description =
                "RnnCourse.csproj for the #:project directive (default: found from the notebook's #r or its folders).",
        };
        var command = new Command(
            "export",
            "Export a notebook as a C# file-based app (dotnet run file.cs)."
        )
        {
            notebook,
            to,
            output,
            library,
        };
        command.SetAction(parse =>
            Execute(
                parse.GetValue(notebook)!,
                parse.GetValue(to)!,
                parse.GetValue(output),
                parse.GetValue(library)
            )
        );
        return command;
    }

    /// <summary>Exports; returns the exit code.</summary>
    public static int Execute(string notebookPath, string to, string? output, string? library)
    {
        if (to != "cs")
        {
            Console.Error.WriteLine(
                $"rnncourse export: --to {to} is not supported; the only target is 'cs' (a .NET 10 file-based app)."
            );
            return ExitCodes.BadInput;
        }
        Notebook nb;
        try
        {
            nb = NotebookJson.ReadFile(notebookPath);
        }
        catch (NotebookFormatException e)
        {
            Console.Error.WriteLine($"rnncourse export: {e.Message}");
            return ExitCodes.BadInput;
        }
        var target = output ?? Path.ChangeExtension(notebookPath, ".cs");
        var warnings = new List<string>();
        var text = CsExporter.Export(nb, notebookPath, target, library, warnings);
        foreach (var w in warnings)
            Console.Error.WriteLine($"rnncourse export: warning: {w}");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        File.WriteAllText(target, text);
        Console.WriteLine($"Wrote {target}. Run it with: dotnet run {target}");
        return ExitCodes.Ok;
    }
}
