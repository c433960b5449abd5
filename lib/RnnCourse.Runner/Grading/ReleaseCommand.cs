// `rnncourse release <source|folder>... --output DIR`: the student edition of instructor sources.
// The course's own edition is made with
//     rnncourse release tests/grading --output notebooks --execute --no-manifest-file
// which runs every source in the kernel (every cell must pass), adds each chart's static image
// (as `run` does), then writes the student edition with the outputs of the cells students do not
// edit, so notebooks/ reads well on GitHub.
using System.CommandLine;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;
using RnnCourse.Runner.Commands;
using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Runner.Grading;

/// <summary>The <c>release</c> command.</summary>
public static class ReleaseCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var sources = new Argument<string[]>("sources")
        {
            Description =
                "Instructor notebooks (solutions in place), or folders searched for them (e.g. tests/grading).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description =
                "Folder for the student editions (one notebook per source, by file name).",
            Required = true,
        };
        var execute = new Option<bool>("--execute")
        {
            Description =
                "Run each source in the kernel first (every cell must pass) and keep the outputs of the cells students do not edit.",
        };
        var keepOutputs = new Option<bool>("--keep-outputs")
        {
            Description =
                "Keep the sources' existing outputs of the cells students do not edit (exercise and test cells are always cleared).",
        };
        var noManifestFile = new Option<bool>("--no-manifest-file")
        {
            Description =
                "Do not write <name>.manifest.json beside each notebook (the notebook's metadata carries it).",
        };
        var command = new Command(
            "release",
            "Make the student edition: solutions replaced by NotImplementedException, #r paths rebased, manifest of locked cells."
        )
        {
            sources,
            output,
            execute,
            keepOutputs,
            noManifestFile,
        };
        command.SetAction(
            async (parse, ct) =>
            {
                var errors = new List<string>();
                var inputs = NotebookInputs.Expand(parse.GetValue(sources)!, null, errors);
                var outputDir = parse.GetValue(output)!;
                var duplicate = inputs
                    .GroupBy(i => Path.GetFileName(i.Path), StringComparer.Ordinal)
                    .FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                {
                    errors.Add(
                        $"two sources are named {duplicate.Key} ({string.Join(", ", duplicate.Select(d => d.Path))}); their editions would overwrite each other in {outputDir}."
                    );
                }
                foreach (var e in errors)
                    Console.Error.WriteLine($"rnncourse release: {e}");
                if (errors.Count > 0)
                    return ExitCodes.BadInput;
                var options = new ReleaseOptions(
                    KeepOutputs: parse.GetValue(execute) || parse.GetValue(keepOutputs),
                    ManifestFile: !parse.GetValue(noManifestFile)
                );
                var code = ExitCodes.Ok;
                foreach (var input in inputs)
                {
                    var result = await ReleaseOneAsync(
                        input.Path,
                        outputDir,
                        options,
                        parse.GetValue(execute),
                        ct
                    );
                    code = Math.Max(code, result);
                }
                return code;
            }
        );
        return command;
    }

    private static async Task<int> ReleaseOneAsync(
        string sourcePath,
        string outputDir,
        ReleaseOptions options,
        bool execute,
        CancellationToken ct
    )
    {
        try
        {
            var source = execute
                ? await ExecuteAsync(sourcePath, ct)
                : GradingNotebook.Load(sourcePath);
            if (source is null)
                return ExitCodes.Failed;
            var r = Releaser.Release(source, sourcePath, outputDir, options);
            var exercises = r.Exercises == 0 ? "no exercises" : $"{r.Exercises} exercise(s)";
            Console.WriteLine(
                $"Released {exercises}, {r.LockedCells} locked cell(s): {r.Notebook}"
                    + (r.Manifest is null ? "" : $"\n  manifest: {r.Manifest}")
            );
            return ExitCodes.Ok;
        }
        catch (Exception e)
            when (e is AssignmentException or RnnCourse.Grading.Notebooks.NotebookFormatException)
        {
            Console.Error.WriteLine($"rnncourse release: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The source with its outputs, or null (and the failed cells printed) if a cell failed.</summary>
    private static async Task<GradingNotebook?> ExecuteAsync(
        string sourcePath,
        CancellationToken ct
    )
    {
        Notebook notebook;
        try
        {
            notebook = NotebookJson.ReadFile(sourcePath);
        }
        catch (Runner.Notebooks.NotebookFormatException e)
        {
            throw new AssignmentException(e.Message);
        }
        await using var kernel = await NotebookProcess.StartAsync(
            new SessionOptions
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(sourcePath))!,
            }
        );
        var result = await NotebookExecutor.RunAsync(
            notebook,
            kernel,
            new NotebookRunOptions(),
            _ => { },
            ct
        );
        var failed = result
            .Cells.Where(c => c.Result.Status is not (CellStatus.Ok or CellStatus.Skipped))
            .ToList();
        if (failed.Count > 0)
        {
            foreach (var c in failed)
            {
                Console.Error.WriteLine(
                    $"rnncourse release: {sourcePath}, cell {c.CellIndex + 1}: {c.Result.ErrorSummary ?? c.Result.Status.ToString()}"
                );
            }
            Console.Error.WriteLine(
                $"rnncourse release: {sourcePath} was not released: its solutions must run without an error (fix the source, then release again)."
            );
            return null;
        }
        // The edition is read on GitHub, which runs no JavaScript: charts get their static image.
        var images = RunCommand.ChartImageSettings.Default();
        if (images.Chromium is null)
        {
            Console.Error.WriteLine(
                $"rnncourse release: note: no Chromium found ({HeadlessChromium.InstallHint}); {sourcePath}'s charts get no static image."
            );
        }
        else
        {
            new ChartImages(images.Chromium, images.PlotlyJs).AddTo(notebook);
        }
        return GradingNotebook.Parse(NotebookJson.Write(notebook), sourcePath);
    }
}
