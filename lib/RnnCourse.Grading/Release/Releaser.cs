// `rnncourse release`: from the instructor's source notebook, the student version: solution
// regions replaced by NotImplementedException("Exercise X.Y"), outputs and execution counts
// cleared, every cell given a stable id, and the manifest of locked-cell hashes written beside it
// (<name>.manifest.json) and into the notebook's metadata.
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;

namespace RnnCourse.Grading.Release;

/// <summary>Produces student versions.</summary>
public static class Releaser
{
    /// <summary>The paths written by a release.</summary>
    public sealed record Output(string Notebook, string Manifest, int Exercises, int LockedCells);

    /// <summary>Releases <paramref name="sourcePath"/> into <paramref name="outputDir"/>.</summary>
    /// <exception cref="AssignmentException">The source is malformed or the output would overwrite it.</exception>
    public static Output Release(string sourcePath, string outputDir)
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
        var name = Path.GetFileNameWithoutExtension(sourcePath);
        var target = Path.GetFullPath(Path.Combine(outputDir, name + ".ipynb"));
        if (target == Path.GetFullPath(sourcePath))
        {
            throw new AssignmentException(
                $"Releasing into the source's own folder would overwrite the solutions; pass --output <other folder>."
            );
        }
        var assignment = Assignment.FromSource(
            source,
            name,
            Path.GetDirectoryName(Path.GetFullPath(sourcePath))!
        );
        if (assignment.Exercises.Count == 0)
        {
            throw new AssignmentException(
                $"{name} has no exercise cells; mark one with cell metadata \"rnncourse\": {{\"exercise\": \"1.1\", \"points\": 2}}."
            );
        }
        var student = source.Clone();
        for (int i = 0; i < student.Cells.Count; i++)
        {
            var cell = student.Cells[i];
            cell.ClearOutputs();
            if (cell.Role == CellRole.Exercise)
            {
                cell.Source = assignment.Cells[i].Code;
            }
        }
        for (int i = student.Cells.Count - 1; i >= 0; i--)
        {
            if (student.Cells[i].Role == CellRole.Feedback)
            {
                throw new AssignmentException(
                    $"{name}: cell {i} is grader feedback; remove it from the source."
                );
            }
        }
        var manifest = Manifest.Build(assignment);
        student.CourseMetadata["manifest"] = manifest.DeepClone();
        student.Save(target);
        var manifestPath = Path.Combine(outputDir, name + ".manifest.json");
        File.WriteAllText(
            manifestPath,
            manifest.ToJsonString(new() { WriteIndented = true }) + "\n"
        );
        return new Output(
            target,
            manifestPath,
            assignment.Exercises.Count,
            assignment.Cells.Count(c => c.Role is CellRole.Locked or CellRole.PublicTests)
        );
    }
}
