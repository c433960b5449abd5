// The C# kernel: each ExecuteAsync is one Roslyn script submission continuing the previous state
// (variables, types and usings persist), with the real Polyglot kernel's behaviour:
//   default usings System, System.Text, System.Collections, System.Collections.Generic,
//   System.Threading.Tasks, System.Linq (not System.IO); the whole shared framework referenced;
//   display(...)/HTML(...) from ScriptGlobals; relative #r against the working directory;
//   last expression → execute_result (string: text/plain, else text/html); a trailing semicolon
//   after a pure expression is CS0201 (Roslyn scripting says so itself); compile errors as
//   "(line,col): error CSxxxx: message" relative to the cell; exceptions → an error output with
//   a stack trace trimmed to the user's code.
// It runs in the current process: use NotebookProcess for isolation.
using System.Diagnostics;
using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Runtime.ExceptionServices;
using Markdig;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using RnnCourse.Runner.Notebooks;
using OutputKind = RnnCourse.Runner.Notebooks.OutputKind;

namespace RnnCourse.Runner.Execution;

/// <summary>An in-process C# notebook kernel (one persistent script state).</summary>
public sealed partial class NotebookSession : ICellExecutor
{
    /// <summary>The usings every cell starts with, as in the real C# kernel.</summary>
    public static readonly IReadOnlyList<string> DefaultUsings =
    [
        "System",
        "System.Text",
        "System.Collections",
        "System.Collections.Generic",
        "System.Threading.Tasks",
        "System.Linq",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(
        LoadFrameworkReferences
    );
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly SessionOptions _options;
    private readonly NuGetResolver _nuget;
    private readonly ScriptGlobals _globals;
    private readonly List<OutputUpdate> _lateUpdates = [];
    private ScriptOptions _scriptOptions;
    private ScriptState<object>? _state;
    private volatile OutputCollector? _running;

    /// <summary>Creates a session; nothing is compiled until the first cell.</summary>
    public NotebookSession(SessionOptions? options = null)
    {
        _options = options ?? new SessionOptions();
        _nuget = new NuGetResolver(_options.NuGetCacheDirectory, _options.NuGetTimeout);
        _globals = new ScriptGlobals(this);
        var wd = Path.GetFullPath(_options.WorkingDirectory);
        _scriptOptions = ScriptOptions
            .Default.WithReferences(FrameworkReferences.Value)
            .AddReferences(typeof(ScriptGlobals).Assembly)
            .WithImports(DefaultUsings)
            .WithMetadataResolver(
                ScriptMetadataResolver.Default.WithBaseDirectory(wd).WithSearchPaths(wd)
            )
            .WithSourceResolver(
                ScriptSourceResolver.Default.WithBaseDirectory(wd).WithSearchPaths(wd)
            )
            .WithLanguageVersion(LanguageVersion.Preview)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(true)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8);
        ConsoleRouter.Install();
    }

    /// <summary>How many cells have been executed (the last execution count).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>The Roslyn script state after the last successful or failed run (null before the first).</summary>
    public ScriptState<object>? State => _state;

    /// <summary>The globals object cells see (<c>display</c>, <c>HTML</c>).</summary>
    public ScriptGlobals Globals => _globals;

    /// <summary>Compiles a throw-away submission so that Roslyn's start-up cost (seconds) is paid
    /// before the first cell, not inside its time limit. The session state is not touched.</summary>
    public void WarmUp() =>
        CSharpScript.Create<object>("1", _scriptOptions, typeof(ScriptGlobals)).Compile();

    /// <summary>Copies of the outputs of the cell running now (empty between cells): what a
    /// crash or a timeout would otherwise lose.</summary>
    public IReadOnlyList<CellOutput> RunningOutputs() => _running?.Snapshot() ?? [];

    internal OutputCollector? CurrentCollector => ConsoleRouter.CurrentCollector;

    /// <inheritdoc/>
    public async Task<CellResult> ExecuteAsync(
        string code,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default
    )
    {
        var count = ++ExecutionCount;
        var clock = Stopwatch.StartNew();
        var collector = new OutputCollector(count, _options.MaxOutputChars, LateUpdate);
        _running = collector;
        var run = Task.Run(() => RunCellAsync(code, count, collector), CancellationToken.None);
        var status = CellStatus.Ok;
        object? value = null;
        var hasValue = false;
        try
        {
            (status, value, hasValue) = timeout is { } t
                ? await run.WaitAsync(t, cancellationToken)
                : await run.WaitAsync(cancellationToken);
        }
        catch (TimeoutException)
        {
            status = CellStatus.TimedOut;
            collector.Add(
                CellOutput.Error(
                    "TimeoutError",
                    $"the cell did not finish within {timeout!.Value.TotalSeconds:0.#} s; it was abandoned (in-process sessions cannot stop a running cell: use NotebookProcess to kill it)."
                )
            );
        }
        var outputs = collector.Seal();
        _running = null;
        List<OutputUpdate> updates;
        lock (_lateUpdates)
        {
            updates = [.. _lateUpdates];
            _lateUpdates.Clear();
        }
        return new CellResult(status, count, outputs, clock.Elapsed)
        {
            Updates = updates,
            ReturnValue = value,
            HasReturnValue = hasValue,
        };
    }

    private void LateUpdate(OutputUpdate update)
    {
        lock (_lateUpdates)
            _lateUpdates.Add(update);
    }

    private async Task<(CellStatus, object?, bool)> RunCellAsync(
        string source,
        int count,
        OutputCollector collector
    )
    {
        ConsoleRouter.Route(collector);
        try
        {
            var directives = CellDirectives.Parse(source);
            if (directives.Markdown is not null)
            {
                collector.Add(
                    CellOutput.Display(
                        new OrderedDictionary<string, string>
                        {
                            ["text/html"] = Markdig.Markdown.ToHtml(directives.Markdown, Markdown),
                        }
                    )
                );
                return (CellStatus.Ok, null, false);
            }
            if (directives.Unsupported is { } magic)
            {
                var name = magic.Split(' ', 2)[0];
                collector.Add(
                    CellOutput.Error(
                        "UnsupportedDirective",
                        $"({directives.UnsupportedLine},1): {name} is not supported by rnncourse: only C# runs here (no other kernels, no magic commands). Supported: #!csharp and #!markdown as a first line, #r \"path.dll\", #r \"nuget: Name, Version\". Rewrite the cell in C# or remove the directive."
                    )
                );
                return (CellStatus.DirectiveError, null, false);
            }
            foreach (var package in directives.Packages)
            {
                try
                {
                    var paths = await _nuget.ResolveAsync(package, _options.WorkingDirectory);
                    _scriptOptions = _scriptOptions.AddReferences(
                        paths.Select(p => MetadataReference.CreateFromFile(p))
                    );
                    collector.WriteStream(
                        "stdout",
                        $"Installed package {package.Name}{(package.Version is null ? "" : ", version " + package.Version)}\n"
                    );
                }
                catch (InvalidOperationException e)
                {
                    collector.Add(CellOutput.Error("NuGetRestoreError", e.Message));
                    return (CellStatus.DirectiveError, null, false);
                }
            }
            return await CompileAndRunAsync(directives.Code, count, collector);
        }
        finally
        {
            ConsoleRouter.Route(null);
        }
    }

    private async Task<(CellStatus, object?, bool)> CompileAndRunAsync(
        string code,
        int count,
        OutputCollector collector
    )
    {
        var options = _scriptOptions.WithFilePath($"cell{count}.csx");
        var script = _state is null
            ? CSharpScript.Create<object>(code, options, typeof(ScriptGlobals))
            : _state.Script.ContinueWith<object>(code, options);
        var diagnostics = script
            .Compile()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToList();
        if (diagnostics.Count > 0)
        {
            var lines = diagnostics.Select(FormatDiagnostic).ToList();
            collector.Add(CellOutput.Error("CompilationError", string.Join("\n", lines), lines));
            return (CellStatus.CompileError, null, false);
        }
        var hasValue = EndsWithValue(script);
        ScriptState<object> state;
        try
        {
            state = _state is null
                ? await script.RunAsync(_globals, _ => true)
                : await script.RunFromAsync(_state, _ => true);
        }
        catch (CompilationErrorException e)
        {
            var lines = e.Diagnostics.Select(FormatDiagnostic).ToList();
            collector.Add(CellOutput.Error("CompilationError", string.Join("\n", lines), lines));
            return (CellStatus.CompileError, null, false);
        }
        _state = state;
        if (state.Exception is { } ex)
        {
            collector.Add(ErrorOutput(ex));
            return (CellStatus.RuntimeError, null, false);
        }
        if (hasValue && state.ReturnValue is not DisplayHandle) // display(x) as last line shows x once, like the real kernel
        {
            try
            {
                var output = new CellOutput
                {
                    Kind = OutputKind.ExecuteResult,
                    Data = MimeFormatter.Format(state.ReturnValue),
                    ExecutionCount = count,
                };
                collector.Add(output);
            }
            catch (Exception e)
            {
                collector.Add(ErrorOutput(e));
                return (CellStatus.RuntimeError, null, false);
            }
        }
        return (CellStatus.Ok, state.ReturnValue, hasValue);
    }

    /// <summary>Whether the submission ends with an expression that has a (non-void) value.</summary>
    private static bool EndsWithValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var root = (CompilationUnitSyntax)tree.GetRoot();
        if (
            root.Members.LastOrDefault()
                is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax es }
            || !es.SemicolonToken.IsMissing
        )
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(es.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary><c>(line,col): error CSxxxx: message</c>, positions relative to the cell.</summary>
    public static string FormatDiagnostic(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        var where = d.Location.IsInSource
            ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): "
            : "";
        return $"{where}{d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>An error output for an exception: type, message, stack trace trimmed to the user's code.</summary>
    public static CellOutput ErrorOutput(Exception ex)
    {
        while (ex is TargetInvocationException { InnerException: { } inner })
            ex = inner;
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg)
            ex = agg.InnerExceptions[0];
        var type = ex.GetType().FullName ?? ex.GetType().Name;
        var traceback = new List<string> { $"{type}: {ex.Message}" };
        traceback.AddRange(TrimStackTrace(ex.StackTrace));
        return CellOutput.Error(type, ex.Message, traceback);
    }

    /// <summary>Keeps the frames down to the last frame of a cell (Roslyn's own frames are noise).</summary>
    public static IEnumerable<string> TrimStackTrace(string? stackTrace)
    {
        if (string.IsNullOrEmpty(stackTrace))
            return [];
        var frames = stackTrace
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0)
            .ToList();
        var last = frames.FindLastIndex(f => f.Contains("Submission#", StringComparison.Ordinal));
        if (last >= 0)
            frames = frames.Take(last + 1).ToList();
        else
            frames = frames
                .Where(f =>
                    !f.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal)
                )
                .ToList();
        while (
            frames.Count > 0
            && frames[^1].Contains("--- End of stack trace", StringComparison.Ordinal)
        )
            frames.RemoveAt(frames.Count - 1);
        return frames.Select(f =>
            CellPath()
                .Replace(
                    f.Replace("<<Initialize>>d__0.MoveNext()", "<cell>", StringComparison.Ordinal),
                    "in cell[$1]:line"
                )
        );
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"in \S*cell(\d+)\.csx:line")]
    private static partial System.Text.RegularExpressions.Regex CellPath();

    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        var dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var refs = new List<MetadataReference>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.dll").Order(StringComparer.Ordinal))
        {
            try
            {
                using var stream = File.OpenRead(file);
                using var pe = new PEReader(stream);
                if (!pe.HasMetadata)
                    continue;
                refs.Add(MetadataReference.CreateFromFile(file));
            }
            catch (BadImageFormatException) { }
        }
        return refs;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
