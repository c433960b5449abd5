// An assignment as the grader sees it: the cells of the instructor's source notebook in order,
// each with its role, code and normalised hash; the exercises with their reference solutions,
// public tests (from the notebook) and hidden tests (from the --hidden folder); the written answers
// with their rubrics and model answers. For `check` the same structure is built from the student's
// own notebook, without references, hidden tests or written answers (marked by hand, not checked).
using RnnCourse.Grading.Notebooks;
using RnnCourse.Grading.Release;
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Grading;

/// <summary>One cell of the assignment.</summary>
/// <param name="Index">Position in the source notebook.</param>
/// <param name="Id">The cell id (assigned as "cell-N" when the source has none).</param>
/// <param name="Role">Locked, exercise, public tests or text.</param>
/// <param name="Code">The code to run: locked code, or the student version for exercises.</param>
/// <param name="Hash">Normalised hash of <paramref name="Code"/> (code cells).</param>
/// <param name="Exercise">The exercise id for exercise and test cells.</param>
public sealed record AssignmentCell(
    int Index,
    string Id,
    CellRole Role,
    string Code,
    string? Hash,
    string? Exercise
);

/// <summary>One exercise.</summary>
public sealed class ExerciseSpec
{
    /// <summary>The exercise id, e.g. "2.1".</summary>
    public required string Id { get; init; }

    /// <summary>Declared points (cell metadata); null means the sum of its tests' points.</summary>
    public double? Points { get; init; }

    /// <summary>Index of the exercise cell in the source.</summary>
    public int CellIndex { get; init; }

    /// <summary>The reference solution, when known (grading; never in `check`).</summary>
    public string? Reference { get; init; }

    /// <summary>Public test cells from the notebook.</summary>
    public List<TestSource> PublicTests { get; } = [];

    /// <summary>Hidden test files.</summary>
    public List<TestSource> HiddenTests { get; } = [];
}

/// <summary>One criterion of a written answer's rubric.</summary>
/// <param name="Id">A short id, unique within the rubric (the review file names it).</param>
/// <param name="Points">Points the criterion is worth when met.</param>
/// <param name="Text">What the answer must do to meet it.</param>
public sealed record RubricCriterion(string Id, double Points, string Text);

/// <summary>A written answer, marked by hand against its rubric.</summary>
public sealed class AnswerSpec
{
    /// <summary>The answer id, e.g. "6.R".</summary>
    public required string Id { get; init; }

    /// <summary>Points available: the sum of the rubric's criteria.</summary>
    public required double Points { get; init; }

    /// <summary>The criteria, in order.</summary>
    public required List<RubricCriterion> Rubric { get; init; }

    /// <summary>The model answer (the instructor's source only).</summary>
    public required string Model { get; init; }

    /// <summary>Index of the answer cell in the source.</summary>
    public int CellIndex { get; init; }
}

/// <summary>A loaded assignment.</summary>
public sealed class Assignment
{
    /// <summary>The assignment name (the source notebook's file name without extension).</summary>
    public required string Name { get; init; }

    /// <summary>The cells in source order.</summary>
    public required List<AssignmentCell> Cells { get; init; }

    /// <summary>The exercises in source order.</summary>
    public required List<ExerciseSpec> Exercises { get; init; }

    /// <summary>The written answers in source order.</summary>
    public List<AnswerSpec> Answers { get; init; } = [];

    /// <summary>Directory against which relative <c>#r</c> paths resolve.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The instructor's source notebook (solutions in place).</summary>
    public static Assignment FromSource(GradingNotebook source, string name, string baseDirectory)
    {
        AssignIds(source);
        var cells = new List<AssignmentCell>();
        var exercises = new List<ExerciseSpec>();
        for (int i = 0; i < source.Cells.Count; i++)
        {
            var c = source.Cells[i];
            var role = c.Role;
            if (role == CellRole.Exercise)
            {
                var id = c.Exercise!;
                if (exercises.Any(e => e.Id == id))
                {
                    throw new AssignmentException(
                        $"{name}: exercise {id} appears in two cells; give each exercise cell its own id."
                    );
                }
                var student = SolutionRegions.ToStudent(c.Source, id);
                exercises.Add(
                    new ExerciseSpec
                    {
                        Id = id,
                        Points = c.Points,
                        CellIndex = i,
                        Reference = SolutionRegions.ToReference(c.Source),
                    }
                );
                cells.Add(
                    new AssignmentCell(i, c.Id!, role, student, CellHasher.Hash(student), id)
                );
            }
            else
            {
                cells.Add(Plain(c, i));
            }
        }
        AttachPublicTests(cells, exercises, name);
        return new Assignment
        {
            Name = name,
            Cells = cells,
            Exercises = exercises,
            Answers = WrittenAnswers(source, name),
            BaseDirectory = baseDirectory,
        };
    }

    /// <summary>
    /// The written answers of <paramref name="notebook"/>, each checked: a rubric of criteria with
    /// unique ids and positive points that sum to the answer's points, and a prompt cell.
    /// </summary>
    /// <exception cref="AssignmentException">A rubric is missing or malformed; the message names the cell and the fix.</exception>
    public static List<AnswerSpec> WrittenAnswers(GradingNotebook notebook, string name)
    {
        var answers = new List<AnswerSpec>();
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var c = notebook.Cells[i];
            if (c.Role != CellRole.Answer)
            {
                continue;
            }
            var id = c.AnswerId!;
            string where = $"{name}: written answer {id} (cell {i})";
            if (answers.Any(a => a.Id == id))
            {
                throw new AssignmentException(
                    $"{where} appears twice; give each answer cell its own id."
                );
            }
            if (!notebook.Cells.Any(p => p.Role == CellRole.Prompt && p.AnswerId == id))
            {
                throw new AssignmentException(
                    $"{where} has no prompt: add a markdown cell with metadata {{\"rnncourse\": {{\"prompt\": \"{id}\"}}}} that asks the question."
                );
            }
            var rubric = Rubric(c, where);
            double sum = rubric.Sum(r => r.Points);
            if (c.Points is not { } points || Math.Abs(points - sum) > 1e-9)
            {
                throw new AssignmentException(
                    string.Create(
                        System.Globalization.CultureInfo.InvariantCulture,
                        $"{where} is worth {c.Points?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} points (cell metadata) but its rubric sums to {sum}; set \"points\" to {sum} or change the criteria's points."
                    )
                );
            }
            answers.Add(
                new AnswerSpec
                {
                    Id = id,
                    Points = sum,
                    Rubric = rubric,
                    Model = c.Source,
                    CellIndex = i,
                }
            );
        }
        return answers;
    }

    private static List<RubricCriterion> Rubric(NotebookCell cell, string where)
    {
        if (
            cell.Course?["rubric"] is not System.Text.Json.Nodes.JsonArray items
            || items.Count == 0
        )
        {
            throw new AssignmentException(
                $"{where} has no rubric: add \"rubric\": [{{\"id\": \"…\", \"points\": 2, \"text\": \"…\"}}, …] to its rnncourse metadata."
            );
        }
        var rubric = new List<RubricCriterion>();
        foreach (var item in items)
        {
            string? id = item?["id"]?.GetValue<string>();
            string? text = item?["text"]?.GetValue<string>();
            double points =
                item?["points"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out double p)
                    ? p
                    : double.NaN;
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(text) || !(points > 0))
            {
                throw new AssignmentException(
                    $"{where}: rubric criterion {rubric.Count + 1} needs an \"id\", a \"text\" and \"points\" > 0."
                );
            }
            if (rubric.Any(r => r.Id == id))
            {
                throw new AssignmentException(
                    $"{where}: rubric criterion id \"{id}\" is used twice."
                );
            }
            rubric.Add(new RubricCriterion(id, points, text));
        }
        return rubric;
    }

    /// <summary>
    /// The assignment as seen from a student's notebook (for `check`): the student's cells are
    /// the "source", there are no references and no hidden tests.
    /// </summary>
    public static Assignment FromStudent(GradingNotebook student, string name, string baseDirectory)
    {
        var cells = new List<AssignmentCell>();
        var exercises = new List<ExerciseSpec>();
        var skipped = new List<int>();
        var released = ReleasedIds(student);
        for (int i = 0; i < student.Cells.Count; i++)
        {
            var c = student.Cells[i];
            c.Id ??= $"cell-{i}";
            if (
                released is not null
                && c.Role == CellRole.Locked
                && !released.Contains(c.Id)
                && c.Source.Trim().Length > 0
            )
            {
                skipped.Add(i); // added by the student: grading will not run it either
                continue;
            }
            if (c.Role == CellRole.Exercise && exercises.All(e => e.Id != c.Exercise))
            {
                exercises.Add(
                    new ExerciseSpec
                    {
                        Id = c.Exercise!,
                        Points = c.Points,
                        CellIndex = i,
                    }
                );
                cells.Add(
                    new AssignmentCell(i, c.Id, CellRole.Exercise, c.Source, null, c.Exercise)
                );
            }
            else
            {
                cells.Add(Plain(c, i));
            }
        }
        AttachPublicTests(cells, exercises, name);
        return new Assignment
        {
            Name = name,
            Cells = cells,
            Exercises = exercises,
            BaseDirectory = baseDirectory,
            AddedCells = skipped,
        };
    }

    /// <summary>Check mode: positions of cells the student added (not run, as in grading).</summary>
    public List<int> AddedCells { get; init; } = [];

    private static HashSet<string>? ReleasedIds(GradingNotebook nb)
    {
        if (
            nb.Root["metadata"]?["rnncourse"]?["manifest"]
            is not System.Text.Json.Nodes.JsonObject m
        )
        {
            return null;
        }
        var ids = new HashSet<string>();
        foreach (var key in new[] { "cells", "exercises" })
        {
            foreach (var c in (m[key] as System.Text.Json.Nodes.JsonArray) ?? [])
            {
                if ((c?["id"] ?? c?["cellId"])?.GetValue<string>() is { } id)
                {
                    ids.Add(id);
                }
            }
        }
        return ids;
    }

    /// <summary>Gives every cell without an id the deterministic id "cell-N" (N = position).</summary>
    public static void AssignIds(GradingNotebook notebook)
    {
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            notebook.Cells[i].Id ??= $"cell-{i}";
        }
    }

    private static AssignmentCell Plain(NotebookCell c, int i)
    {
        var role = c.Role == CellRole.Exercise ? CellRole.Locked : c.Role;
        var code = c.Source;
        var hash =
            role is CellRole.Locked or CellRole.PublicTests ? CellHasher.Hash(code)
            : role is CellRole.Prompt ? CellHasher.HashText(code)
            : null;
        return new AssignmentCell(i, c.Id!, role, code, hash, c.TestsFor ?? c.AnswerId);
    }

    private static void AttachPublicTests(
        List<AssignmentCell> cells,
        List<ExerciseSpec> exercises,
        string name
    )
    {
        foreach (var cell in cells.Where(c => c.Role == CellRole.PublicTests))
        {
            var ex =
                exercises.FirstOrDefault(e => e.Id == cell.Exercise)
                ?? throw new AssignmentException(
                    $"{name}: cell {cell.Index} holds tests for exercise {cell.Exercise}, which has no exercise cell."
                );
            ex.PublicTests.Add(
                new TestSource { Name = $"public tests (cell {cell.Index})", Code = cell.Code }
            );
        }
    }
}
