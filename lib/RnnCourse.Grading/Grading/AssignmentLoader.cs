// Loads an assignment for grading from its --hidden folder:
//   <hidden>/<name>.ipynb          the instructor's source notebook, solutions in place
//   <hidden>/<exercise>.cs         hidden tests of one exercise, e.g. 2.1.cs
//   <hidden>/<exercise>-<any>.cs   more hidden tests of the same exercise (also "_" or ".")
// The folder stays with the grader: nothing in it is copied to a submission's sandbox.
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Grading;

/// <summary>Reads the --hidden folder.</summary>
public static class AssignmentLoader
{
    /// <summary>The assignment with its hidden tests attached.</summary>
    /// <exception cref="AssignmentException">The folder is missing, has no or several notebooks, or a test file matches no exercise.</exception>
    public static Assignment Load(string hiddenDir)
    {
        if (!Directory.Exists(hiddenDir))
        {
            throw new AssignmentException(
                $"Hidden folder '{hiddenDir}' does not exist; pass --hidden <folder with the source notebook and tests>."
            );
        }
        var notebooks = Directory
            .GetFiles(hiddenDir, "*.ipynb")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (notebooks.Count != 1)
        {
            throw new AssignmentException(
                $"Hidden folder '{hiddenDir}' must hold exactly one source notebook (*.ipynb), found {notebooks.Count}."
            );
        }
        GradingNotebook source;
        try
        {
            source = GradingNotebook.Load(notebooks[0]);
        }
        catch (NotebookFormatException e)
        {
            throw new AssignmentException($"Source notebook: {e.Message}");
        }
        var name = Path.GetFileNameWithoutExtension(notebooks[0]);
        var assignment = Assignment.FromSource(source, name, Path.GetFullPath(hiddenDir));
        var ids = assignment
            .Exercises.Select(e => e.Id)
            .OrderByDescending(id => id.Length)
            .ToList();
        foreach (var file in Directory.GetFiles(hiddenDir, "*.cs").Order(StringComparer.Ordinal))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var id =
                ids.FirstOrDefault(id =>
                    stem == id
                    || (
                        stem.StartsWith(id, StringComparison.Ordinal)
                        && stem[id.Length] is '-' or '_' or '.'
                    )
                )
                ?? throw new AssignmentException(
                    $"Hidden test '{Path.GetFileName(file)}' matches no exercise; name it <exercise>.cs, one of: {string.Join(", ", assignment.Exercises.Select(e => e.Id + ".cs"))}."
                );
            var code = File.ReadAllText(file);
            TestSourceScanner.Scan(code, Path.GetFileName(file)); // fail early on bad attributes
            assignment
                .Exercises.First(e => e.Id == id)
                .HiddenTests.Add(new TestSource { Name = Path.GetFileName(file), Code = code });
        }
        foreach (var ex in assignment.Exercises)
        {
            CheckPoints(ex);
        }
        return assignment;
    }

    /// <summary>
    /// Points are one number: an exercise's declared points (cell metadata, and the notebook's
    /// heading) equal the sum of its tests' [GradedTest(points)], public and hidden.
    /// </summary>
    /// <exception cref="AssignmentException">They differ; the message gives both sums.</exception>
    public static void CheckPoints(ExerciseSpec exercise)
    {
        double Sum(IEnumerable<TestSource> sources) =>
            sources.SelectMany(s => TestSourceScanner.Scan(s.Code, s.Name)).Sum(t => t.Points);
        double shown = Sum(exercise.PublicTests),
            hidden = Sum(exercise.HiddenTests);
        if (exercise.Points is { } points && Math.Abs(points - (shown + hidden)) > 1e-9)
        {
            throw new AssignmentException(
                string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"Exercise {exercise.Id} is worth {points} points (cell metadata) but its tests sum to {shown + hidden} (public {shown}, hidden {hidden}); set the cell's \"points\" (and the heading) to the sum, or change the [GradedTest(points)] values."
                )
            );
        }
    }
}
