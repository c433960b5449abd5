// The release manifest: the normalised hash of every locked cell (locked code, public tests and
// the prompts of written answers),
// keyed by cell id. Written next to the student notebook and embedded in its metadata
// ("rnncourse": {"manifest": …}) so that `check` can warn a student who edited a locked cell.
// Grading itself recomputes the hashes from the source notebook and never trusts the student's copy.
using System.Text.Json.Nodes;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;

namespace RnnCourse.Grading.Release;

/// <summary>Builds the manifest JSON of an assignment.</summary>
public static class Manifest
{
    /// <summary>The schema id of the manifest.</summary>
    public const string Schema = "rnncourse-manifest/1";

    /// <summary>The manifest of <paramref name="assignment"/>.</summary>
    public static JsonObject Build(Assignment assignment)
    {
        var cells = new JsonArray();
        foreach (
            var c in assignment.Cells.Where(c =>
                c.Role is CellRole.Locked or CellRole.PublicTests or CellRole.Prompt
            )
        )
        {
            cells.Add(
                new JsonObject
                {
                    ["index"] = c.Index,
                    ["id"] = c.Id,
                    ["role"] = c.Role switch
                    {
                        CellRole.Locked => "locked",
                        CellRole.Prompt => "prompt",
                        _ => "tests",
                    },
                    ["hash"] = c.Hash,
                }
            );
        }
        var exercises = new JsonArray();
        foreach (var e in assignment.Exercises)
        {
            exercises.Add(
                new JsonObject
                {
                    ["id"] = e.Id,
                    ["points"] = e.Points,
                    ["cellId"] = assignment.Cells[e.CellIndex].Id,
                }
            );
        }
        var answers = new JsonArray();
        foreach (var a in assignment.Answers)
        {
            answers.Add(
                new JsonObject
                {
                    ["id"] = a.Id,
                    ["points"] = a.Points,
                    ["cellId"] = assignment.Cells[a.CellIndex].Id,
                }
            );
        }
        var manifest = new JsonObject
        {
            ["schema"] = Schema,
            ["assignment"] = assignment.Name,
            ["normalisation"] =
                "roslyn-script-parse, comments removed, NormalizeWhitespace, sha256",
            ["cells"] = cells,
            ["exercises"] = exercises,
        };
        if (answers.Count > 0)
        {
            manifest["answers"] = answers;
        }
        return manifest;
    }
}
