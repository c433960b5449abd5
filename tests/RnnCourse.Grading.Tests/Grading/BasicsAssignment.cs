// The example assignment under Assignments/Basics: released into a temporary folder, and
// submissions made from the student version by replacing exercise cells.
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Tests.Grading;

/// <summary>Paths and builders for the Basics example assignment.</summary>
public sealed class BasicsAssignment : IDisposable
{
    public const string SigmoidOk = "double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));";
    public const string AffineOk = """
        Tensor<double> Affine(Tensor<double> W, Tensor<double> x, Tensor<double> b)
        {
            var y = b.Clone();
            for (int h = 0; h < W.Rows; h++)
                for (int i = 0; i < W.Cols; i++)
                    y[h] += W[h, i] * x[i];
            return y;
        }
        """;
    public const string GradOk =
        "double SigmoidGrad(double x) { var s = Sigmoid(x); return s * (1 - s); }";

    public BasicsAssignment()
    {
        Root = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-grading-tests",
            Guid.NewGuid().ToString("N")
        );
        Hidden = Path.Combine(AppContext.BaseDirectory, "Assignments", "Basics", "hidden");
        Released = Path.Combine(Root, "released");
        Submissions = Path.Combine(Root, "submissions");
        Output = Path.Combine(Root, "output");
        Sandboxes = Path.Combine(Root, "sandboxes");
        Directory.CreateDirectory(Submissions);
        Release = Releaser.Release(Path.Combine(Hidden, "basics.ipynb"), Released);
    }

    public string Root { get; }
    public string Hidden { get; }
    public string Released { get; }
    public string Submissions { get; }
    public string Output { get; }
    public string Sandboxes { get; }
    public Releaser.Output Release { get; }

    public GradeOptions Options(TimeSpan? exerciseTimeout = null, bool policy = true) =>
        new()
        {
            SandboxRoot = Sandboxes,
            // Generous: CI machines are shared and timeouts are wall-clock.
            ExerciseTimeout = exerciseTimeout ?? TimeSpan.FromSeconds(60),
            ApiPolicy = policy,
            MemoryLimitMb = 512,
            // These tests check one exercise's containment, with the others graded independently
            // of it; the default (no reference in the worker) has its own tests.
            ReferenceAfterFailure = true,
        };

    /// <summary>Writes a submission: the student version with the given exercise cells replaced.</summary>
    public string Submit(
        string name,
        Dictionary<string, string> exercises,
        Action<GradingNotebook>? edit = null
    )
    {
        var nb = GradingNotebook.Load(Release.Notebook);
        foreach (var cell in nb.Cells.Where(c => c.Role == CellRole.Exercise))
        {
            if (exercises.TryGetValue(cell.Exercise!, out var code))
            {
                cell.Source = code;
            }
        }
        edit?.Invoke(nb);
        var path = Path.Combine(Submissions, name + ".ipynb");
        nb.Save(path);
        return path;
    }

    /// <summary>A submission with every exercise right, except the given overrides.</summary>
    public string SubmitCorrectExcept(string name, string exercise, string code) =>
        Submit(
            name,
            new()
            {
                ["1.1"] = exercise == "1.1" ? code : SigmoidOk,
                ["1.2"] = exercise == "1.2" ? code : AffineOk,
                ["1.3"] = exercise == "1.3" ? code : GradOk,
            }
        );

    public Assignment Load() => AssignmentLoader.Load(Hidden);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
    }
}
