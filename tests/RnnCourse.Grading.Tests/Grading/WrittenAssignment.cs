// The example assignment under Assignments/Written (one code exercise, one written answer with a
// three-criterion rubric): its hidden folder, and submissions made from its release.
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Tests.Grading;

/// <summary>Paths and builders for the Written example assignment.</summary>
public sealed class WrittenAssignment : IDisposable
{
    public const string SigmoidOk = "double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));";
    public const string SigmoidWrong = "double Sigmoid(double x) => 0.5;";

    public WrittenAssignment()
    {
        Root = Directory
            .CreateDirectory(
                Path.Combine(Path.GetTempPath(), "rnncourse-written", Guid.NewGuid().ToString("N"))
            )
            .FullName;
        Release = Releaser.Release(
            Path.Combine(Hidden, "written.ipynb"),
            Path.Combine(Root, "released")
        );
        Directory.CreateDirectory(Submissions);
    }

    public static string Hidden { get; } =
        Path.Combine(AppContext.BaseDirectory, "Assignments", "Written", "hidden");

    public string Root { get; }
    public string Submissions => Path.Combine(Root, "submissions");
    public string Output => Path.Combine(Root, "grades");
    public Releaser.Output Release { get; }

    public Assignment Load() => AssignmentLoader.Load(Hidden);

    public GradeOptions Options() =>
        new()
        {
            SandboxRoot = Path.Combine(Root, "sandboxes"),
            ExerciseTimeout = TimeSpan.FromSeconds(60),
            Sandbox = SandboxMode.Off,
            Jobs = 2,
        };

    /// <summary>A submission with the given code for 1.1 (null: untouched) and written answer (null: untouched).</summary>
    public string Submit(string name, string? sigmoid, string? answer)
    {
        var nb = GradingNotebook.Load(Release.Notebook);
        foreach (var cell in nb.Cells)
        {
            if (cell.Role == CellRole.Exercise && sigmoid is not null)
                cell.Source = sigmoid;
            if (cell.Role == CellRole.Answer && answer is not null)
                cell.Source = answer;
        }
        var path = Path.Combine(Submissions, name + ".ipynb");
        nb.Save(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
    }
}
