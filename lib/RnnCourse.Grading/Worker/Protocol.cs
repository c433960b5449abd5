// The parent ↔ worker protocol: one JSON object per line. Requests go over the worker's stdin
// (hidden tests and reference solutions travel only this way: never as files in the sandbox).
// Events come back on stdout, each line prefixed with a per-run nonce so that text a submission
// writes to the raw stdout cannot pass for a result by accident.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCourse.Grading.Worker;

/// <summary>A request from the grader to its worker.</summary>
public sealed class WorkerRequest
{
    /// <summary>"init", "exec", "tests" or "exit".</summary>
    public string Op { get; set; } = "";

    /// <summary>A request id echoed in the events it produces.</summary>
    public int Id { get; set; }

    /// <summary>init: the line prefix for events.</summary>
    public string? Nonce { get; set; }

    /// <summary>init: the largest number of output characters kept per request.</summary>
    public int OutputCap { get; set; } = 65536;

    /// <summary>exec: the cell code.</summary>
    public string? Code { get; set; }

    /// <summary>exec: apply the API policy (student code).</summary>
    public bool CheckPolicy { get; set; }

    /// <summary>exec: names the tests use, which the cell may not redefine (names only, never test code).</summary>
    public List<string>? TestNames { get; set; }

    /// <summary>tests: the exercise id.</summary>
    public string? Exercise { get; set; }

    /// <summary>tests: the exercise seed.</summary>
    public ulong Seed { get; set; }

    /// <summary>tests: the test sources, in order.</summary>
    public List<TestSource>? Sources { get; set; }
}

/// <summary>One test source sent to the worker.</summary>
public sealed class TestSource
{
    /// <summary>The file or cell name (for messages only).</summary>
    public string Name { get; set; } = "";

    /// <summary>The C# source.</summary>
    public string Code { get; set; } = "";
}

/// <summary>An event from the worker.</summary>
public sealed class WorkerEvent
{
    /// <summary>"ready", "exec", "test-start", "test", "source-error", "tests-done".</summary>
    public string Type { get; set; } = "";

    /// <summary>The request id.</summary>
    public int Id { get; set; }

    /// <summary>exec/test: success.</summary>
    public bool Ok { get; set; }

    /// <summary>exec: "ok", "compile", "policy" or "runtime".</summary>
    public string? Phase { get; set; }

    /// <summary>exec: compiler or policy messages, positions relative to the cell.</summary>
    public List<string>? Diagnostics { get; set; }

    /// <summary>exec/test: the exception, "Type: message".</summary>
    public string? Error { get; set; }

    /// <summary>exec/test: true when the failure came from a Check assertion.</summary>
    public bool CheckFailure { get; set; }

    /// <summary>exec: captured console output (capped).</summary>
    public string? Output { get; set; }

    /// <summary>exec: characters dropped beyond the cap.</summary>
    public long Dropped { get; set; }

    /// <summary>Compile time in milliseconds.</summary>
    public double CompileMs { get; set; }

    /// <summary>Run time in milliseconds (the submission's own execution time).</summary>
    public double RunMs { get; set; }

    /// <summary>test/source-error: the test or source name.</summary>
    public string? Name { get; set; }

    /// <summary>The runtime version of the worker (ready).</summary>
    public string? Runtime { get; set; }
}

/// <summary>JSON options shared by both sides.</summary>
public static class ProtocolJson
{
    /// <summary>Compact camelCase JSON, nulls omitted.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
