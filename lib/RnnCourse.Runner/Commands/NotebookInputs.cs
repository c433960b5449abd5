// Expands the paths given on the command line into notebook files in course order (ordinal
// order of their paths, so "01-...", "02-..." run in sequence), each with the path it gets under
// an --output folder.
namespace RnnCourse.Runner.Commands;

/// <summary>A notebook to process and its path relative to the output folder.</summary>
/// <param name="Path">Full path of the source notebook.</param>
/// <param name="RelativePath">Path under an output folder (relative to the folder argument, or the file name).</param>
public sealed record NotebookInput(string Path, string RelativePath);

/// <summary>Command-line path expansion.</summary>
public static class NotebookInputs
{
    /// <summary>Expands files and folders (recursively, skipping bin/obj/checkpoints and <paramref name="exclude"/>).</summary>
    /// <param name="paths">Files or folders.</param>
    /// <param name="exclude">A folder to skip (the output folder).</param>
    /// <param name="errors">Receives one message per path that is missing or not a notebook.</param>
    public static List<NotebookInput> Expand(
        IEnumerable<string> paths,
        string? exclude,
        List<string> errors
    )
    {
        var result = new List<NotebookInput>();
        var excludeFull = exclude is null
            ? null
            : System.IO.Path.GetFullPath(exclude).TrimEnd(System.IO.Path.DirectorySeparatorChar)
                + System.IO.Path.DirectorySeparatorChar;
        foreach (var p in paths)
        {
            var full = System.IO.Path.GetFullPath(p);
            if (File.Exists(full))
            {
                if (!full.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(
                        $"{p}: not a notebook (expected a .ipynb file or a folder of them)."
                    );
                    continue;
                }
                result.Add(new NotebookInput(full, System.IO.Path.GetFileName(full)));
            }
            else if (Directory.Exists(full))
            {
                var files = Directory
                    .EnumerateFiles(full, "*.ipynb", SearchOption.AllDirectories)
                    .Where(f =>
                        !f.Split(System.IO.Path.DirectorySeparatorChar)
                            .Any(part =>
                                part is ".ipynb_checkpoints" or "bin" or "obj" or "node_modules"
                            )
                        && (
                            excludeFull is null
                            || !f.StartsWith(excludeFull, StringComparison.Ordinal)
                        )
                    )
                    .Select(f => new NotebookInput(f, System.IO.Path.GetRelativePath(full, f)))
                    .OrderBy(n => n.RelativePath, StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                    errors.Add($"{p}: the folder contains no .ipynb notebooks.");
                result.AddRange(files);
            }
            else
                errors.Add($"{p}: no such file or folder.");
        }
        return result.DistinctBy(n => n.Path).ToList();
    }
}
