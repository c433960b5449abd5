// The API policy for student code: after compiling an exercise cell and before running it, every
// symbol the cell uses is checked against a deny list (file system, processes, reflection,
// interop, network, environment, raw console streams, #r/#load). A cell that uses one is not run
// and the exercise records why. This is a compile-time guard, not an OS sandbox: it stops the
// usual ways of writing files outside the sandbox, reading the grader's files, exiting the worker
// or forging results, and it is why the worker can run as an ordinary process. See docs/grading.md.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RnnCourse.Grading.Worker;

/// <summary>Checks a compiled submission against the deny list.</summary>
public static class ApiPolicy
{
    private static readonly string[] DeniedNamespaces =
    [
        "System.IO",
        "System.Reflection",
        "System.Runtime.InteropServices",
        "System.Runtime.Loader",
        "System.Runtime.CompilerServices",
        "System.Net",
        "System.Security",
        "System.Diagnostics",
        "System.Threading",
        // These can read or write files too (XDocument.Save, DataSet.WriteXml, TarFile, ResourceWriter).
        "System.Xml",
        "System.Data",
        "System.Formats",
        "System.Resources",
        "System.Runtime.Serialization",
        "System.ComponentModel",
        "Microsoft",
        "RnnCourse.Grading.Worker",
        "RnnCourse.Grading.Grading",
        "RnnCourse.Grading.Release",
        "RnnCourse.Grading.Reports",
        "RnnCourse.Grading.Notebooks",
    ];

    // Harmless types inside denied namespaces.
    private static readonly HashSet<string> AllowedTypes =
    [
        "System.IO.StringWriter",
        "System.IO.StringReader",
        "System.IO.TextWriter",
        "System.IO.TextReader",
        "System.IO.MemoryStream",
        "System.Diagnostics.Stopwatch",
        "System.Diagnostics.Debug",
        "System.Threading.Tasks.Task",
        "System.Threading.Tasks.Task`1",
        "System.Threading.Tasks.ValueTask",
        "System.Threading.Tasks.ValueTask`1",
        "System.Threading.Tasks.Parallel",
        "System.Threading.Interlocked",
        "System.Threading.CancellationToken",
        "System.Runtime.CompilerServices.TaskAwaiter",
        "System.Runtime.CompilerServices.TaskAwaiter`1",
    ];

    private static readonly HashSet<string> DeniedTypes =
    [
        "System.Environment",
        "System.AppDomain",
        "System.AppContext",
        "System.Activator",
        "System.GC",
        "System.Type",
        "System.RuntimeTypeHandle",
        "System.RuntimeMethodHandle",
    ];

    // Members of System.Environment that only read harmless facts.
    private static readonly HashSet<string> AllowedEnvironmentMembers =
    [
        "NewLine",
        "ProcessorCount",
        "TickCount",
        "TickCount64",
    ];

    private static readonly HashSet<string> AllowedConsoleMembers = ["Write", "WriteLine", "Out"];

    /// <summary>
    /// The violations in the last syntax tree of <paramref name="compilation"/> (the cell), each
    /// "(line,col): uses X: reason". Empty when the cell is allowed.
    /// </summary>
    public static List<string> Check(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetCompilationUnitRoot();
        var found = new List<string>();
        foreach (var d in root.GetReferenceDirectives())
        {
            found.Add(At(d, "#r: exercise cells cannot load assemblies"));
        }
        foreach (var d in root.GetLoadDirectives())
        {
            found.Add(At(d, "#load: exercise cells cannot load files"));
        }
        foreach (var node in root.DescendantNodes())
        {
            if (node is IdentifierNameSyntax { IsVar: false } or GenericNameSyntax)
            {
                var symbol = model.GetSymbolInfo(node).Symbol;
                symbol ??= model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault();
                var reason = symbol is null ? null : Denied(symbol);
                if (reason is not null)
                {
                    found.Add(At(node, reason));
                }
                if (model.GetTypeInfo(node).Type is IDynamicTypeSymbol)
                {
                    found.Add(At(node, "dynamic is not allowed in exercise cells"));
                }
            }
            else if (node is PredefinedTypeSyntax p && p.Keyword.ValueText == "dynamic")
            {
                found.Add(At(node, "dynamic is not allowed in exercise cells"));
            }
            else if (
                node is UnsafeStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax
            )
            {
                found.Add(At(node, "unsafe code is not allowed in exercise cells"));
            }
        }
        CheckDeclaredNames(compilation, root, found);
        return found.Distinct().ToList();
    }

    // Namespaces whose type names tests rely on (the default imports of graded cells).
    private static readonly string[] ProtectedNamespaces =
    [
        .. RnnCourse.Interactive.CourseKernel.DefaultUsings,
        "RnnCourse.Grading",
        "RnnCourse.Numerics",
    ];

    /// <summary>
    /// A student cell must not declare a top-level name that hides a type the tests use
    /// (e.g. its own <c>Check</c>, <c>Math</c> or <c>Tensor</c>): later submissions, including the
    /// hidden tests, would bind to the student's version.
    /// </summary>
    private static void CheckDeclaredNames(
        Compilation compilation,
        CompilationUnitSyntax root,
        List<string> found
    )
    {
        foreach (var member in root.Members)
        {
            IEnumerable<SyntaxToken> names = member switch
            {
                BaseTypeDeclarationSyntax t => [t.Identifier],
                DelegateDeclarationSyntax d => [d.Identifier],
                MethodDeclarationSyntax m => [m.Identifier],
                PropertyDeclarationSyntax p => [p.Identifier],
                FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier),
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } =>
                    l.Declaration.Variables.Select(v => v.Identifier),
                GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax lf } =>
                [
                    lf.Identifier,
                ],
                BaseNamespaceDeclarationSyntax n => [n.Name.GetFirstToken()],
                _ => [],
            };
            foreach (var name in names)
            {
                var hidden = Hides(compilation, name.ValueText);
                if (hidden is not null)
                {
                    var pos = name.GetLocation().GetLineSpan().StartLinePosition;
                    found.Add(
                        $"({pos.Line + 1},{pos.Character + 1}): declares '{name.ValueText}', which would hide {hidden} from the tests; choose another name"
                    );
                }
            }
        }
    }

    private static string? Hides(Compilation compilation, string name)
    {
        if (name is "System" or "RnnCourse" or "Microsoft" or "global")
        {
            return $"the namespace {name}";
        }
        foreach (var ns in ProtectedNamespaces)
        {
            for (int arity = 0; arity <= 3; arity++)
            {
                var metadataName = arity == 0 ? $"{ns}.{name}" : $"{ns}.{name}`{arity}";
                if (compilation.GetTypeByMetadataName(metadataName) is not null)
                {
                    return $"{ns}.{name}";
                }
            }
        }
        return null;
    }

    private static string? Denied(ISymbol symbol)
    {
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (symbol is INamespaceSymbol)
        {
            return null;
        }
        while (type?.ContainingType is not null)
        {
            type = type.ContainingType;
        }
        if (type is null)
        {
            return null;
        }
        // Namespace + metadata name ("System.Object", "System.Threading.Tasks.Task`1"): display
        // strings would say "object" or "string" for special types.
        var typeNs = type.ContainingNamespace is { IsGlobalNamespace: false } tns
            ? tns.ToDisplayString() + "."
            : "";
        var typeName = typeNs + type.MetadataName;
        if (AllowedTypes.Contains(typeName))
        {
            return null;
        }
        if (typeName == "System.Console")
        {
            return symbol is INamedTypeSymbol || AllowedConsoleMembers.Contains(symbol.Name)
                ? null
                : $"uses Console.{symbol.Name}: only Console.Write/WriteLine are allowed";
        }
        if (typeName == "System.Environment")
        {
            return symbol is INamedTypeSymbol || AllowedEnvironmentMembers.Contains(symbol.Name)
                ? null
                : $"uses Environment.{symbol.Name}: not allowed in exercise cells";
        }
        if (typeName == "System.Object" && symbol.Name == "GetType")
        {
            return "uses GetType(): reflection is not allowed in exercise cells";
        }
        if (DeniedTypes.Contains(typeName))
        {
            return $"uses {typeName}: not allowed in exercise cells";
        }
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        foreach (var denied in DeniedNamespaces)
        {
            if (ns == denied || ns.StartsWith(denied + ".", StringComparison.Ordinal))
            {
                return $"uses {typeName}: {Why(denied)}";
            }
        }
        return null;
    }

    private static string Why(string ns) =>
        ns switch
        {
            "System.IO" => "files are not allowed in exercise cells (work in memory)",
            "System.Net" => "network access is not allowed",
            "System.Threading" =>
                "threads are not allowed in exercise cells (use Task or Parallel)",
            _ => $"{ns} is not allowed in exercise cells",
        };

    private static string At(SyntaxNode node, string message)
    {
        var pos = node.GetLocation().GetLineSpan().StartLinePosition;
        return $"({pos.Line + 1},{pos.Character + 1}): {message}";
    }
}
