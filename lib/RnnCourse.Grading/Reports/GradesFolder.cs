// A grades folder, as `rnncourse grade -o DIR` writes it and `review` and `grade merge` read it:
//   _assignment.json          the assignment's items (id, kind, points): what the folder grades
//   _review.json              the manual marks (rnncourse review), absent until the first one
//   <report name>.json        one report per submission (SubmissionFiles.ReportName)
//   <report name>.graded.ipynb the student's notebook with feedback cells
//   grades.csv, junit.xml, results.trx, summary.md   the class reports
// Every report in it has the marks of _review.json applied (ManualMarks), so all formats agree.
// The review file is written atomically (a temporary file renamed over it, the previous version
// kept as _review.json.bak) and re-read before each save, so a crash or a second writer loses
// nothing; a mark is saved only if its revision is the one the writer last saw.
using System.Text.Json;
using System.Text.Json.Nodes;
using RnnCourse.Grading.Grading;
using RnnCourse.Grading.Notebooks;

namespace RnnCourse.Grading.Reports;

/// <summary>An error in a grades folder's files; the message names the file and the fix.</summary>
public sealed class GradesFolderException(string message) : Exception(message);

/// <summary>Reads and writes a grades folder.</summary>
public sealed class GradesFolder
{
    /// <summary>The file naming the assignment and its items ('_' never starts a report name).</summary>
    public const string AssignmentFile = "_assignment.json";

    /// <summary>The manual marks.</summary>
    public const string ReviewFile = "_review.json";

    private readonly object _gate = new();

    // A grading run's marks, read when it began (ForGrading); null for a folder opened to review.
    private Dictionary<string, Dictionary<string, ReviewMark>>? _marksAtStart;

    private GradesFolder(string dir, JsonObject assignment, List<SubmissionReport> reports)
    {
        Dir = dir;
        Assignment = assignment;
        Reports = reports;
    }

    /// <summary>The folder.</summary>
    public string Dir { get; }

    /// <summary>The content of <see cref="AssignmentFile"/>.</summary>
    public JsonObject Assignment { get; }

    /// <summary>The assignment's name.</summary>
    public string Name => Assignment["assignment"]?.GetValue<string>() ?? "";

    /// <summary>The reports, in submission order, with the manual marks applied.</summary>
    public List<SubmissionReport> Reports { get; }

    /// <summary>Writes <see cref="AssignmentFile"/> for <paramref name="assignment"/>.</summary>
    public static void WriteAssignment(string dir, Assignment assignment)
    {
        var items = new JsonArray();
        foreach (var e in assignment.Exercises)
        {
            items.Add(
                new JsonObject
                {
                    ["id"] = e.Id,
                    ["kind"] = "code",
                    ["points"] = e.Points,
                }
            );
        }
        foreach (var a in assignment.Answers)
        {
            items.Add(
                new JsonObject
                {
                    ["id"] = a.Id,
                    ["kind"] = "written",
                    ["points"] = a.Points,
                }
            );
        }
        var json = new JsonObject
        {
            ["schema"] = "rnncourse-assignment/1",
            ["assignment"] = assignment.Name,
            ["items"] = items,
        };
        File.WriteAllText(
            Path.Combine(dir, AssignmentFile),
            json.ToJsonString(ReportJson.Options) + "\n"
        );
    }

    /// <summary>Opens a grades folder and applies its manual marks to every report.</summary>
    /// <exception cref="GradesFolderException">A file is missing, not valid JSON, or a mark does not fit its item.</exception>
    public static GradesFolder Open(string dir)
    {
        var assignmentPath = Path.Combine(dir, AssignmentFile);
        if (!File.Exists(assignmentPath))
        {
            throw new GradesFolderException(
                $"{dir} is not a grades folder: it has no {AssignmentFile}. Pass the folder that `rnncourse grade … -o <folder>` wrote."
            );
        }
        var assignment =
            ReadJson(assignmentPath) as JsonObject ?? throw Broken(assignmentPath, "not an object");
        var reports = new List<SubmissionReport>();
        foreach (var file in Directory.GetFiles(dir, "*.json"))
        {
            if (Path.GetFileName(file).StartsWith('_'))
            {
                continue;
            }
            try
            {
                reports.Add(SubmissionReport.FromJson(File.ReadAllText(file)));
            }
            catch (JsonException e)
            {
                throw Broken(file, e.Message);
            }
        }
        reports.Sort((a, b) => string.CompareOrdinal(a.Submission, b.Submission));
        var folder = new GradesFolder(dir, assignment, reports);
        folder.ApplyMarks(folder.ReadMarks());
        return folder;
    }

    /// <summary>The saved marks of one submission (item id → mark).</summary>
    public IReadOnlyDictionary<string, ReviewMark> MarksOf(string submission) =>
        Marks().GetValueOrDefault(submission) ?? [];

    /// <summary>All saved marks, read once from the review file (submission → item id → mark).</summary>
    public Dictionary<string, Dictionary<string, ReviewMark>> Marks()
    {
        lock (_gate)
        {
            return ReadMarks();
        }
    }

    /// <summary>The outcome of <see cref="Save"/>: the mark now saved, and whether it is the caller's.</summary>
    public sealed record SaveResult(bool Saved, ReviewMark? Current);

    /// <summary>
    /// Saves <paramref name="mark"/> for one item if its saved revision is still
    /// <paramref name="expectedRev"/> (0: no mark yet); otherwise saves nothing and returns the
    /// mark that is there. A saved mark rewrites that submission's report and feedback and the class reports.
    /// </summary>
    /// <exception cref="GradesFolderException">Unknown submission or item, a mark that does not fit, or a broken review file.</exception>
    public SaveResult Save(string submission, string item, ReviewMark mark, int expectedRev)
    {
        lock (_gate)
        {
            var report =
                Reports.FirstOrDefault(r => r.Submission == submission)
                ?? throw new GradesFolderException($"No submission \"{submission}\" in {Dir}.");
            var ex =
                report.Exercises.FirstOrDefault(e => e.Id == item)
                ?? throw new GradesFolderException(
                    $"Submission \"{submission}\" has no item \"{item}\"."
                );
            try
            {
                ManualMarks.Check(submission, ex, mark);
            }
            catch (FormatException e)
            {
                throw new GradesFolderException(e.Message);
            }
            var marks = ReadMarks();
            var mine = marks.GetValueOrDefault(submission) ?? [];
            var current = mine.GetValueOrDefault(item);
            if ((current?.Rev ?? 0) != expectedRev)
            {
                return new SaveResult(false, current);
            }
            mark.Rev = expectedRev + 1;
            mark.SavedAt = DateTime.UtcNow.ToString(
                "yyyy-MM-ddTHH:mm:ss.fffZ",
                System.Globalization.CultureInfo.InvariantCulture
            );
            mine[item] = mark;
            marks[submission] = mine;
            WriteMarks(marks);
            ManualMarks.Apply(report, mine);
            WriteSubmission(report);
            WriteClassReports(Reports);
            return new SaveResult(true, mark);
        }
    }

    /// <summary>
    /// Writes one submission's JSON report and its graded notebook with the report's feedback:
    /// <paramref name="graded"/> when the caller holds it (a grading run), otherwise the one in the
    /// folder, if any.
    /// </summary>
    public void WriteSubmission(SubmissionReport report, GradingNotebook? graded = null)
    {
        var name = SubmissionFiles.ReportName(report.Submission);
        File.WriteAllText(Path.Combine(Dir, name + ".json"), report.ToJson() + "\n");
        var notebook = Path.Combine(Dir, name + ".graded.ipynb");
        if (graded is null && File.Exists(notebook))
        {
            graded = GradingNotebook.Load(notebook);
        }
        if (graded is not null)
        {
            FeedbackWriter.Write(graded, report);
            graded.Save(notebook);
        }
    }

    /// <summary>Writes the class reports of <paramref name="reports"/>; <paramref name="suffix"/> names a shard's.</summary>
    public IReadOnlyList<string> WriteClassReports(
        IReadOnlyList<SubmissionReport> reports,
        string suffix = ""
    )
    {
        string Write(string file, string text)
        {
            var path = Path.Combine(Dir, file);
            File.WriteAllText(path, text);
            return path;
        }
        return
        [
            Write($"grades{suffix}.csv", ClassReports.Csv(reports)),
            Write($"junit{suffix}.xml", ClassReports.JUnit(reports)),
            Write($"results{suffix}.trx", ClassReports.Trx(reports, DateTime.UtcNow)),
            Write($"summary{suffix}.md", ClassReports.Markdown(reports)),
        ];
    }

    /// <summary>Applies the marks saved when the grading run began to <paramref name="report"/>
    /// (a report just graded into this folder).</summary>
    public void ApplyMarks(SubmissionReport report) =>
        Apply(report, (_marksAtStart ?? ReadMarks()).GetValueOrDefault(report.Submission));

    /// <summary>Opens <paramref name="dir"/> as a grades folder being written by a grading run:
    /// its assignment file is written first, its existing marks apply to what is graded.</summary>
    public static GradesFolder ForGrading(string dir, Assignment assignment)
    {
        Directory.CreateDirectory(dir);
        WriteAssignment(dir, assignment);
        var folder = new GradesFolder(
            dir,
            ReadJson(Path.Combine(dir, AssignmentFile)) as JsonObject ?? [],
            []
        );
        // Read once, before any grading: a broken review file stops the run here.
        folder._marksAtStart = folder.ReadMarks();
        return folder;
    }

    private void ApplyMarks(Dictionary<string, Dictionary<string, ReviewMark>> marks)
    {
        foreach (var r in Reports)
        {
            Apply(r, marks.GetValueOrDefault(r.Submission));
        }
    }

    private void Apply(SubmissionReport report, IReadOnlyDictionary<string, ReviewMark>? marks)
    {
        try
        {
            ManualMarks.Apply(report, marks);
        }
        catch (FormatException e)
        {
            throw new GradesFolderException(
                $"{Path.Combine(Dir, ReviewFile)}: {e.Message} Fix it in the file (or in `rnncourse review`) and run again."
            );
        }
    }

    private Dictionary<string, Dictionary<string, ReviewMark>> ReadMarks()
    {
        var path = Path.Combine(Dir, ReviewFile);
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            var file = JsonSerializer.Deserialize<ReviewFileJson>(
                File.ReadAllText(path),
                ReportJson.Options
            );
            if (file?.Schema != ReviewFileJson.SchemaId)
            {
                throw Broken(path, $"its \"schema\" is not \"{ReviewFileJson.SchemaId}\"");
            }
            if (file.Assignment != Name)
            {
                throw Broken(
                    path,
                    $"it holds marks of assignment \"{file.Assignment}\", this folder grades \"{Name}\""
                );
            }
            return file.Marks;
        }
        catch (JsonException e)
        {
            throw Broken(path, e.Message);
        }
    }

    private void WriteMarks(Dictionary<string, Dictionary<string, ReviewMark>> marks) =>
        WriteMarksFile(Dir, Name, marks);

    /// <summary>Writes the review file of <paramref name="dir"/> atomically (the previous one kept as .bak).</summary>
    internal static void WriteMarksFile(
        string dir,
        string assignment,
        Dictionary<string, Dictionary<string, ReviewMark>> marks
    )
    {
        var path = Path.Combine(dir, ReviewFile);
        var temp = path + ".tmp";
        var json = JsonSerializer.Serialize(
            new ReviewFileJson { Assignment = assignment, Marks = marks },
            ReportJson.Options
        );
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(json + "\n"));
            stream.Flush(flushToDisk: true);
        }
        if (File.Exists(path))
        {
            File.Replace(temp, path, path + ".bak");
        }
        else
        {
            File.Move(temp, path);
        }
    }

    private static JsonNode? ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw Broken(path, e.Message);
        }
    }

    private static GradesFolderException Broken(string path, string why) =>
        new(
            $"{path} cannot be used: {why}. Fix the file by hand"
                + (
                    Path.GetFileName(path) == ReviewFile
                        ? $" or restore {ReviewFile}.bak (the version before the last save)"
                        : " or grade again"
                )
                + "; nothing was changed."
        );

    private sealed class ReviewFileJson
    {
        public const string SchemaId = "rnncourse-review/1";

        public string Schema { get; set; } = SchemaId;

        public string Assignment { get; set; } = "";

        public Dictionary<string, Dictionary<string, ReviewMark>> Marks { get; set; } = [];
    }
}
