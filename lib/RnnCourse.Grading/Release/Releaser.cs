// `rnncourse release`: from the instructor's source notebook, the student edition: solution
// regions replaced by NotImplementedException("Exercise X.Y …"), written answers emptied (their
// prompts kept and hashed like locked cells), every cell given a stable id, file
// references (`#r "…"`) rebased so they resolve from the output folder, and the manifest of
// locked-cell hashes embedded in the notebook's metadata (and, by default, written beside it as
// <name>.manifest.json). Outputs are cleared unless ReleaseOptions.KeepOutputs says otherwise; the
// exercise and public-test cells are always cleared.
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;

namespace RnnCourse.Grading.Release;

/// <summary>How a release is written.</summary>
/// <param name="KeepOutputs">
/// Keep the source's outputs of the cells students do not edit (default false: an instructor's run can
/// show what the solutions compute; the course edition keeps them so it reads well on GitHub).
/// </param>
/// <param name="ManifestFile">
/// Also write <c>&lt;name&gt;.manifest.json</c> beside the notebook (default true: instructors keep it
/// with their records; the notebook's metadata carries the same manifest for <c>check</c>).
/// </param>
public sealed record ReleaseOptions(bool KeepOutputs = false, bool ManifestFile = true);

/// <summary>Produces student versions.</summary>
public static class Releaser
{
    /// <summary>What a released written-answer cell holds until the student writes.</summary>
    public const string AnswerPlaceholder =
        "*Write your answer here, in Markdown (equations between `$…$`).*";

    /// <summary>True when a written answer is empty or still the release's placeholder.</summary>
    public static bool IsBlankAnswer(string text) =>
        text.Trim().Length == 0 || text.Trim() == AnswerPlaceholder;

    /// <summary>The paths written by a release; <paramref name="Manifest"/> is null without a manifest file.</summary>
    public sealed record Output(string Notebook, string? Manifest, int Exercises, int LockedCells);

    /// <summary>Releases the source notebook at <paramref name="sourcePath"/> into <paramref name="outputDir"/>.</summary>
    /// <exception cref="AssignmentException">The source is malformed or the output would overwrite it.</exception>
    public static Output Release(
        string sourcePath,
        string outputDir,
        ReleaseOptions? options = null
    )
    {
        GradingNotebook source;
        try
        {
            source = GradingNotebook.Load(sourcePath);
        }
        catch (NotebookFormatException e)
        {
            throw new AssignmentException(e.Message);
        }
        return Release(source, sourcePath, outputDir, options);
    }

    /// <summary>
    /// Releases <paramref name="source"/> (read from, or executed from, <paramref name="sourcePath"/>,
    /// which names the output and anchors relative <c>#r</c> paths) into <paramref name="outputDir"/>.
    /// </summary>
    /// <exception cref="AssignmentException">The source is malformed or the output would overwrite it.</exception>
    public static Output Release(
        GradingNotebook source,
        string sourcePath,
        string outputDir,
        ReleaseOptions? options = null
    )
    {
        options ??= new ReleaseOptions();
        var name = Path.GetFileNameWithoutExtension(sourcePath);
        var sourceDir = Path.GetDirectoryName(Path.GetFullPath(sourcePath))!;
        var target = Path.GetFullPath(Path.Combine(outputDir, name + ".ipynb"));
        if (target == Path.GetFullPath(sourcePath))
        {
            throw new AssignmentException(
                $"Releasing into the source's own folder would overwrite the solutions; pass --output <other folder>."
            );
        }
        var assignment = Assignment.FromSource(source, name, sourceDir);
        var student = source.Clone();
        for (int i = 0; i < student.Cells.Count; i++)
        {
            var cell = student.Cells[i];
            if (cell.Role == CellRole.Feedback)
            {
                throw new AssignmentException(
                    $"{name}: cell {i} is grader feedback; remove it from the source."
                );
            }
            if (
                !options.KeepOutputs
                || assignment.Cells[i].Role is CellRole.Exercise or CellRole.PublicTests
            )
            {
                cell.ClearOutputs();
            }
            if (cell.Role == CellRole.Answer)
            {
                cell.Source = AnswerPlaceholder; // the model answer stays in the source
            }
            var code = cell.Role == CellRole.Exercise ? assignment.Cells[i].Code : cell.Source;
            if (cell.CellType == "code")
            {
                cell.Source = RebaseReferences(code, sourceDir, Path.GetDirectoryName(target)!);
            }
        }
        var manifest = Manifest.Build(assignment);
        student.CourseMetadata["manifest"] = manifest.DeepClone();
        student.Save(target);
        string? manifestPath = null;
        if (options.ManifestFile)
        {
            manifestPath = Path.Combine(outputDir, name + ".manifest.json");
            File.WriteAllText(
                manifestPath,
                manifest.ToJsonString(new() { WriteIndented = true }) + "\n"
            );
        }
        return new Output(
            target,
            manifestPath,
            assignment.Exercises.Count,
            assignment.Cells.Count(c => c.Role is CellRole.Locked or CellRole.PublicTests)
        );
    }

    /// <summary>
    /// Rewrites each relative file reference (<c>#r "../lib/x.dll"</c>) written for
    /// <paramref name="fromDir"/> so it names the same file from <paramref name="toDir"/>; package
    /// references (<c>#r "nuget: …"</c>) and rooted paths are left as they are.
    /// </summary>
    public static string RebaseReferences(string code, string fromDir, string toDir) =>
        ReferenceDirectives.Rewrite(
            code,
            path =>
                Path.IsPathRooted(path)
                    ? path
                    : Path.GetRelativePath(toDir, Path.GetFullPath(Path.Combine(fromDir, path)))
                        .Replace('\\', '/')
        );
}
