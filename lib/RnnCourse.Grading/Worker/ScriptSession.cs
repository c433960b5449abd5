// The worker's kernel state: each cell is one submission to the same real C# kernel that
// `rnncourse run` and `check` use (RnnCourse.Interactive), so variables, methods, types and usings
// persist as in VS Code. A student cell is compiled first against the current state: compiler
// errors are reported with positions relative to the cell and nothing runs; then the API policy
// checks the compilation; only then does the kernel run it.
// A notebook loads the course libraries by a path relative to its own folder
// (`#r "../lib/RnnCourse/bin/Release/net10.0/RnnCourse.dll"`), which means nothing inside a grading
// sandbox: such references are pinned to the copies the grader runs on (the build that compiles
// the hidden tests, so types match and a student cannot substitute a modified library).
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using RnnCourse.Grading.Release;
using RnnCourse.Interactive;

namespace RnnCourse.Grading.Worker;

/// <summary>A chain of kernel submissions sharing state.</summary>
public sealed class ScriptSession : IDisposable
{
    private static readonly Dictionary<string, string> CourseAssemblies = new(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["RnnCourse.dll"] = typeof(RnnCourse.Numerics.Rng).Assembly.Location,
        ["RnnCourse.Grading.dll"] = typeof(GradedTestAttribute).Assembly.Location,
    };

    private readonly KernelSession _kernel = new();

    /// <summary>Creates a session whose first submission references the course libraries and
    /// imports the authoring API (<c>RnnCourse.Grading</c>), as every graded notebook does.</summary>
    public ScriptSession()
    {
        var setup = string.Join(
            "\n",
            CourseAssemblies.Values.Select(p => $"#r \"{p}\"").Append("using RnnCourse.Grading;")
        );
        var ready = _kernel.SubmitAsync(setup).GetAwaiter().GetResult();
        if (!ready.Succeeded)
            throw new InvalidOperationException(
                "the grading kernel could not load the course libraries: " + ready.Failure?.Message
            );
    }

    /// <summary>The outcome of compiling and running one submission.</summary>
    public sealed record Outcome(
        string Phase,
        List<string> Diagnostics,
        Exception? Error,
        object? ReturnValue,
        double CompileMs,
        double RunMs
    );

    /// <summary>Runs <paramref name="code"/> as the next submission. With <paramref name="checkPolicy"/>
    /// (student code) it is compiled first and runs only if it compiles and passes the policy, with
    /// <paramref name="testNames"/> protected. Output the cell
    /// produces is written to <paramref name="output"/>.</summary>
    public Outcome Run(
        string code,
        bool checkPolicy,
        TextWriter output,
        IReadOnlyCollection<string>? testNames = null
    )
    {
        code = PinCourseReferences(code);
        var sw = Stopwatch.StartNew();
        if (checkPolicy)
        {
            // Student code is compiled first, so that the policy sees it before anything runs;
            // trusted cells (locked, replayed) go straight to the kernel, which compiles them once.
            var compilation =
                _kernel.CompileNext(code)
                ?? throw new InvalidOperationException("the grading kernel has no state yet");
            var errors = compilation
                .GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(Format)
                .ToList();
            if (errors.Count > 0)
                return new Outcome("compile", errors, null, null, sw.Elapsed.TotalMilliseconds, 0);
            if (ApiPolicy.Check(compilation, testNames) is { Count: > 0 } violations)
                return new Outcome(
                    "policy",
                    violations,
                    null,
                    null,
                    sw.Elapsed.TotalMilliseconds,
                    0
                );
        }
        var compileMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var submission = _kernel.SubmitAsync(code, e => Write(e, output)).GetAwaiter().GetResult();
        var runMs = sw.Elapsed.TotalMilliseconds;
        if (submission.Succeeded)
            return new Outcome("ok", [], null, submission.ReturnValue?.Value, compileMs, runMs);
        // The kernel's own compile errors (a trusted cell) come as error diagnostics.
        var kernelErrors = submission
            .Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
                $"({d.LinePositionSpan.Start.Line + 1},{d.LinePositionSpan.Start.Character + 1}): error {d.Code}: {d.Message}"
            )
            .ToList();
        if (kernelErrors.Count == 0 && submission.Failure?.Exception is { } e)
            return new Outcome("runtime", [], e, null, compileMs, runMs);
        // Or a directive the kernel refused (#r "nuget:").
        return new Outcome(
            "compile",
            kernelErrors.Count > 0
                ? kernelErrors
                : [submission.Failure?.Message ?? "the kernel refused the cell"],
            null,
            null,
            compileMs,
            runMs
        );
    }

    /// <summary>The cell's console output and displayed values, as text (rendering is irrelevant
    /// when grading; the text is captured and capped like Console output).</summary>
    private static void Write(KernelEvent e, TextWriter output)
    {
        if (e is not DisplayEvent d || e is ReturnValueProduced)
            return;
        var text =
            d.FormattedValues.FirstOrDefault(f => f.MimeType == PlainTextFormatter.MimeType)?.Value
            ?? d.Value?.ToString()
            ?? "";
        output.Write(
            e is StandardOutputValueProduced or StandardErrorValueProduced ? text : text + "\n"
        );
    }

    /// <summary>Rewrites <c>#r</c> lines that name a course assembly to the grader's own copy.</summary>
    internal static string PinCourseReferences(string code) =>
        ReferenceDirectives.Rewrite(
            code,
            path =>
                CourseAssemblies.TryGetValue(ReferenceDirectives.FileName(path), out var pinned)
                    ? pinned
                    : path
        );

    private static string Format(Microsoft.CodeAnalysis.Diagnostic d)
    {
        var pos = d.Location.GetLineSpan().StartLinePosition;
        return $"({pos.Line + 1},{pos.Character + 1}): error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <inheritdoc/>
    public void Dispose() => _kernel.Dispose();
}
