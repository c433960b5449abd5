// The per-submission report (JSON schema "rnncourse-grade/1"): the source of every other report.
// Feedback fields (test names, messages, points) never include hidden test source or reference
// solutions. Only the "timings" objects differ between two gradings of the same submission.
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCourse.Grading.Reports;

/// <summary>The grade of one submission.</summary>
public sealed class SubmissionReport
{
    /// <summary>The schema id and version of this JSON.</summary>
    public string Schema { get; set; } = "rnncourse-grade/1";

    /// <summary>The submission id (file path relative to the graded folder, without .ipynb).</summary>
    public string Submission { get; set; } = "";

    /// <summary>The assignment name.</summary>
    public string Assignment { get; set; } = "";

    /// <summary>"grade" or "check".</summary>
    public string Mode { get; set; } = "grade";

    /// <summary>"graded" (the notebook was read), "invalid" (it could not be read: score 0) or
    /// "skipped" (a file found but not graded: a link, not a notebook, grader output; see Notes).</summary>
    public string Status { get; set; } = "graded";

    /// <summary>SHA-256 of the submitted file's bytes.</summary>
    public string? NotebookHash { get; set; }

    /// <summary>The base seed mixed into the exercise seeds.</summary>
    public ulong Seed { get; set; }

    /// <summary>Points earned.</summary>
    public double Score { get; set; }

    /// <summary>Points available.</summary>
    public double MaxScore { get; set; }

    /// <summary>Submission-level notes: unreadable file, tampering, added cells, locked cell errors.</summary>
    public List<string> Notes { get; set; } = [];

    /// <summary>Locked cells the student changed or deleted (the original was used).</summary>
    public List<TamperRecord> Tampering { get; set; } = [];

    /// <summary>Per-item results in notebook order: code exercises and written answers.</summary>
    public List<ExerciseReport> Exercises { get; set; } = [];

    /// <summary>Written answers still waiting for a manual mark (their points count as 0 until marked).</summary>
    public List<string> AwaitingReview { get; set; } = [];

    /// <summary>Wall-clock, own run time and grading overhead.</summary>
    public SubmissionTimings Timings { get; set; } = new();

    /// <summary>The OS sandbox the submission ran in, or a warning that there was none.</summary>
    public string Isolation { get; set; } = "";

    /// <summary>Versions of the tools that produced the grade.</summary>
    public ToolInfo Tool { get; set; } = new();

    /// <summary>The JSON text (indented); without timings when <paramref name="timings"/> is false.</summary>
    public string ToJson(bool timings = true)
    {
        var json = JsonSerializer.Serialize(this, ReportJson.Options);
        if (timings)
        {
            return json;
        }
        var copy = JsonSerializer.Deserialize<SubmissionReport>(json, ReportJson.Options)!;
        copy.Timings = new SubmissionTimings();
        foreach (var e in copy.Exercises)
        {
            e.Timings = new ExerciseTimings();
            foreach (var t in e.Tests)
            {
                t.RunMs = 0;
            }
        }
        return JsonSerializer.Serialize(copy, ReportJson.Options);
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static SubmissionReport FromJson(string json) =>
        JsonSerializer.Deserialize<SubmissionReport>(json, ReportJson.Options)
        ?? throw new JsonException("empty report");
}

/// <summary>A changed locked cell.</summary>
public sealed class TamperRecord
{
    /// <summary>The cell's position in the source notebook.</summary>
    public int Cell { get; set; }

    /// <summary>The cell id.</summary>
    public string Id { get; set; } = "";

    /// <summary>"modified" or "deleted".</summary>
    public string Change { get; set; } = "";
}

/// <summary>One exercise's result (a code exercise, or a written answer marked by hand).</summary>
public sealed class ExerciseReport
{
    /// <summary>The exercise id.</summary>
    public string Id { get; set; } = "";

    /// <summary>"code" (graded by tests) or "written" (marked by hand against a rubric).</summary>
    public string Kind { get; set; } = "code";

    /// <summary>The seed passed to its tests.</summary>
    public ulong Seed { get; set; }

    /// <summary>Points earned.</summary>
    public double Points { get; set; }

    /// <summary>Points available.</summary>
    public double MaxPoints { get; set; }

    /// <summary>Code: passed, partial, failed, compile-error, policy, timeout, crashed, missing,
    /// not-graded. Written: to-review, reviewed, blank, missing, not-graded.</summary>
    public string Status { get; set; } = "";

    /// <summary>Code: the points its tests gave, before any manual override.</summary>
    public double? AutoPoints { get; set; }

    /// <summary>Written: the student's answer (Markdown).</summary>
    public string? Answer { get; set; }

    /// <summary>Written: the rubric, each criterion marked met or not once reviewed.</summary>
    public List<RubricLine>? Rubric { get; set; }

    /// <summary>The manual mark applied to this item, or null (see <see cref="ManualMarks"/>).</summary>
    public ReviewMark? Review { get; set; }

    /// <summary>Why points were lost, in one sentence (null when all passed).</summary>
    public string? Reason { get; set; }

    /// <summary>Compiler or policy messages for the student's cell (positions relative to the cell).</summary>
    public List<string>? Diagnostics { get; set; }

    /// <summary>True when the reference solution replaced the student's code for later exercises.</summary>
    public bool ReferenceUsed { get; set; }

    /// <summary>One entry per test case.</summary>
    public List<TestReport> Tests { get; set; } = [];

    /// <summary>Compile and run time of the student's cell and tests.</summary>
    public ExerciseTimings Timings { get; set; } = new();
}

/// <summary>One test case's result.</summary>
public sealed class TestReport
{
    /// <summary>The test name.</summary>
    public string Name { get; set; } = "";

    /// <summary>"public" or "hidden".</summary>
    public string Visibility { get; set; } = "hidden";

    /// <summary>passed, failed, error, timeout, crashed, not-run.</summary>
    public string Status { get; set; } = "";

    /// <summary>Points available.</summary>
    public double Points { get; set; }

    /// <summary>Points earned (the test's points scaled to the exercise's declared points).</summary>
    public double Earned { get; set; }

    /// <summary>The failure message (author's message; assertion detail for public tests).</summary>
    public string? Message { get; set; }

    /// <summary>Run time in ms.</summary>
    public double RunMs { get; set; }

    /// <summary>
    /// The full error (compiler messages, exception) for the instructor's self-test. Never
    /// serialised: for hidden tests it could reveal test code.
    /// </summary>
    [JsonIgnore]
    public string? InstructorDetail { get; set; }
}

/// <summary>Exercise timings.</summary>
public sealed class ExerciseTimings
{
    /// <summary>Compile time of the student's cell and tests, ms.</summary>
    public double CompileMs { get; set; }

    /// <summary>Run time of the student's cell and tests, ms.</summary>
    public double RunMs { get; set; }
}

/// <summary>Submission timings.</summary>
public sealed class SubmissionTimings
{
    /// <summary>Wall-clock time to grade the submission, ms.</summary>
    public double TotalMs { get; set; }

    /// <summary>The submission's own run time (cells and tests executing), ms.</summary>
    public double RunMs { get; set; }

    /// <summary>TotalMs − RunMs: process start, compilation, protocol, reports.</summary>
    public double OverheadMs { get; set; }
}

/// <summary>Tool and SDK versions.</summary>
public sealed class ToolInfo
{
    /// <summary>The grader's assembly version.</summary>
    public string Grader { get; set; } =
        typeof(ToolInfo).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>The .NET runtime running the worker.</summary>
    public string Runtime { get; set; } = Environment.Version.ToString();

    /// <summary>The .NET framework description, e.g. ".NET 10.0.0".</summary>
    public string Framework { get; set; } =
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    /// <summary>The Roslyn compiler version.</summary>
    public string Roslyn { get; set; } =
        typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>How the worker's code was compiled: "ReadyToRun" (the runner's precompiled
    /// copy) or "JIT" (compiled as it starts, about a second more per submission).</summary>
    public string Worker { get; set; } = "";

    /// <summary>The operating system.</summary>
    public string Os { get; set; } =
        System.Runtime.InteropServices.RuntimeInformation.OSDescription;
}

/// <summary>JSON options for reports.</summary>
public static class ReportJson
{
    /// <summary>Indented camelCase, numbers as numbers.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
