// One notebook cell for grading: kind, source text, id, and the course's "rnncourse" metadata:
//   {"rnncourse": {"exercise": "2.1", "points": 3}}   an exercise the student edits
//   {"rnncourse": {"tests": "2.1"}}                    public tests of exercise 2.1 (locked)
//   {"rnncourse": {"feedback": "2.1"}}                 feedback written by the grader
//   {"rnncourse": {"prompt": "6.R"}}                   the question of a written answer (markdown, locked)
//   {"rnncourse": {"answer": "6.R", "points": 10,      a written answer (markdown): the model answer in the
//     "rubric": [{"id": "…", "points": 3, "text": "…"}]}}  instructor's source, the student's text after release
// Every other code cell is locked.
using System.Globalization;
using System.Text.Json.Nodes;

namespace RnnCourse.Grading.Notebooks;

/// <summary>The role of a cell in an assignment.</summary>
public enum CellRole
{
    /// <summary>Markdown or raw: not executed, not hashed.</summary>
    Text,

    /// <summary>Instructor code the student must not change.</summary>
    Locked,

    /// <summary>An exercise: the student's code.</summary>
    Exercise,

    /// <summary>Public tests of one exercise (locked).</summary>
    PublicTests,

    /// <summary>Feedback written by the grader (ignored when grading).</summary>
    Feedback,

    /// <summary>The question of a written answer (Markdown the student must not change).</summary>
    Prompt,

    /// <summary>A written answer (Markdown), marked by hand with a rubric.</summary>
    Answer,
}

/// <summary>A view over one cell's JSON.</summary>
public sealed class NotebookCell
{
    /// <summary>Wraps existing cell JSON.</summary>
    public NotebookCell(JsonObject json) => Json = json;

    /// <summary>The cell JSON.</summary>
    public JsonObject Json { get; }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType => Json["cell_type"]?.GetValue<string>() ?? "code";

    /// <summary>The nbformat 4.5 cell id, if any.</summary>
    public string? Id
    {
        get => Json["id"]?.GetValue<string>();
        set => Json["id"] = value;
    }

    /// <summary>The source as one string (nbformat stores a string or a list of lines).</summary>
    public string Source
    {
        get =>
            Json["source"] switch
            {
                JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
                JsonValue s => s.GetValue<string>(),
                _ => "",
            };
        set
        {
            var lines = new JsonArray();
            foreach (var line in SplitLines(value))
            {
                lines.Add(line);
            }
            Json["source"] = lines;
        }
    }

    /// <summary>The "rnncourse" metadata object, or null.</summary>
    public JsonObject? Course => (Json["metadata"] as JsonObject)?["rnncourse"] as JsonObject;

    /// <summary>The exercise id when this is an exercise cell.</summary>
    public string? Exercise => Text(Course?["exercise"]);

    /// <summary>The exercise id whose public tests this cell holds.</summary>
    public string? TestsFor => Text(Course?["tests"]);

    /// <summary>The exercise's declared points (null when not set).</summary>
    public double? Points =>
        Course?["points"] is JsonValue v && v.TryGetValue(out double p) ? p : null;

    /// <summary>The written-answer id of a prompt or answer cell.</summary>
    public string? AnswerId => Text(Course?["answer"]) ?? Text(Course?["prompt"]);

    /// <summary>The cell's role in the assignment.</summary>
    public CellRole Role =>
        CellType != "code"
            ? (
                Course?["feedback"] is not null ? CellRole.Feedback
                : Course?["answer"] is not null ? CellRole.Answer
                : Course?["prompt"] is not null ? CellRole.Prompt
                : CellRole.Text
            )
        : Exercise is not null ? CellRole.Exercise
        : TestsFor is not null ? CellRole.PublicTests
        : CellRole.Locked;

    /// <summary>Clears outputs and the execution count (code cells only).</summary>
    public void ClearOutputs()
    {
        if (CellType == "code")
        {
            Json["outputs"] = new JsonArray();
            Json["execution_count"] = null;
        }
    }

    /// <summary>A new markdown cell with the given text and "rnncourse" metadata.</summary>
    public static NotebookCell Markdown(string id, string text, JsonObject? course = null)
    {
        var meta = new JsonObject();
        if (course is not null)
        {
            meta["rnncourse"] = course;
        }
        var cell = new NotebookCell(
            new JsonObject
            {
                ["cell_type"] = "markdown",
                ["id"] = id,
                ["metadata"] = meta,
            }
        )
        {
            Source = text,
        };
        return cell;
    }

    private static string? Text(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out string? s) => s,
            JsonValue v when v.TryGetValue(out double d) => d.ToString(
                CultureInfo.InvariantCulture
            ),
            _ => node.ToJsonString(),
        };

    private static IEnumerable<string> SplitLines(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
