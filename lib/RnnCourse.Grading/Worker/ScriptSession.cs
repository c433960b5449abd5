// The worker's script state: each cell is one Roslyn script submission continuing the previous
// one (variables, methods, types and usings persist, as in the notebook kernel). Every cell is
// compiled first: compiler errors are reported with positions relative to the cell and nothing
// runs; student cells are then checked against the API policy; only then does the cell run.
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using RnnCourse.Numerics;

namespace RnnCourse.Grading.Worker;

/// <summary>A chain of script submissions sharing state.</summary>
public sealed class ScriptSession
{
    private static readonly string[] DefaultImports =
    [
        "System",
        "System.Text",
        "System.Collections",
        "System.Collections.Generic",
        "System.Threading.Tasks",
        "System.Linq",
        "RnnCourse.Grading",
    ];

    private readonly ScriptOptions _options;
    private readonly GradingGlobals _globals = new();
    private ScriptState<object>? _state;

    /// <summary>Creates a session; relative <c>#r</c> paths resolve against <paramref name="baseDirectory"/>.</summary>
    public ScriptSession(string baseDirectory)
    {
        _options = ScriptOptions
            .Default.WithReferences(References())
            .WithImports(DefaultImports)
            .WithEmitDebugInformation(false)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(false)
            .WithMetadataResolver(new CourseMetadataResolver(baseDirectory))
            .WithSourceResolver(new SourceFileResolver([], baseDirectory));
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

    /// <summary>Compiles <paramref name="code"/> as the next submission and runs it if it compiles (and passes the policy).</summary>
    public Outcome Run(string code, bool checkPolicy)
    {
        var sw = Stopwatch.StartNew();
        var script = _state is null
            ? CSharpScript.Create(code, _options, typeof(GradingGlobals))
            : _state.Script.ContinueWith(code, _options);
        var diagnostics = script.Compile();
        var errors = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(Format)
            .ToList();
        if (errors.Count > 0)
        {
            return new Outcome("compile", errors, null, null, sw.Elapsed.TotalMilliseconds, 0);
        }
        if (checkPolicy)
        {
            var violations = ApiPolicy.Check(script.GetCompilation());
            if (violations.Count > 0)
            {
                return new Outcome(
                    "policy",
                    violations,
                    null,
                    null,
                    sw.Elapsed.TotalMilliseconds,
                    0
                );
            }
        }
        double compileMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var next = (
            _state is null
                ? script.RunAsync(_globals, catchException: _ => true)
                : script.RunFromAsync(_state, catchException: _ => true)
        )
            .GetAwaiter()
            .GetResult();
        double runMs = sw.Elapsed.TotalMilliseconds;
        _state = next;
        return next.Exception is { } e
            ? new Outcome("runtime", [], e, null, compileMs, runMs)
            : new Outcome("ok", [], null, next.ReturnValue, compileMs, runMs);
    }

    private static string Format(Diagnostic d)
    {
        var pos = d.Location.GetLineSpan().StartLinePosition;
        return $"({pos.Line + 1},{pos.Character + 1}): error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    // The whole shared framework (like the notebook kernel) plus the course library and the
    // authoring API.
    private static IEnumerable<MetadataReference> References()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(
            Path.PathSeparator,
            StringSplitOptions.RemoveEmptyEntries
        );
        var framework = tpa.Where(p =>
            string.Equals(Path.GetDirectoryName(p), runtimeDir, StringComparison.Ordinal)
            && IsManaged(p)
        );
        Assembly[] ours = [typeof(Tensor<>).Assembly, typeof(GradedTestAttribute).Assembly];
        return framework
            .Concat(ours.Select(a => a.Location))
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    private static bool IsManaged(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".dll", StringComparison.Ordinal)
            && !name.StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal);
    }
}
