// Names a student cell may not (re)define. Tests are the next kernel submissions after the cell and
// bind names the usual C# way, so a cell that declares `class Check`, aliases `using Check = …;`,
// or redefines a function an earlier cell defined (`Softmax`, another exercise's `StepForward`)
// would change what the tests call. Refused, for the cell's exercise:
// - any name declared by the cell (every member of its script class, whatever syntax declared it:
//   types, methods, properties, `var` fields, `out var`/pattern variables at top level) and any
//   using alias that names a type of a namespace the tests import, or a root namespace;
// - such a name that the tests use (the free names of the assignment's test sources, sent by the
//   parent) and that is already bound before the cell (an earlier cell or the course library):
//   the cell may define the names its exercise asks for, never replace ones the tests rely on;
// - `using static` of a type declared in the notebook (it can shadow imported names).
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RnnCourse.Grading.Worker;

/// <summary>The protected-names part of the API policy.</summary>
public static class ProtectedNames
{
    // Namespaces whose type names tests rely on (the default imports of graded cells).
    private static readonly string[] ProtectedNamespaces =
    [
        .. RnnCourse.Interactive.CourseKernel.DefaultUsings,
        "RnnCourse.Grading",
        "RnnCourse.Numerics",
    ];

    /// <summary>Adds a message to <paramref name="found"/> for every protected name the cell declares.</summary>
    public static void Check(
        Compilation compilation,
        SemanticModel model,
        CompilationUnitSyntax root,
        IReadOnlyCollection<string> testNames,
        List<string> found
    )
    {
        var tree = root.SyntaxTree;
        var declared = new List<(string Name, Location Where)>();
        if (compilation.ScriptClass is { } script)
        {
            foreach (var member in script.GetMembers().Where(m => !m.IsImplicitlyDeclared))
            {
                if (member.Locations.FirstOrDefault(l => l.SourceTree == tree) is { } where)
                {
                    declared.Add((member.Name, where));
                }
            }
        }
        foreach (var u in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
        {
            if (u.Alias is { } alias)
            {
                declared.Add((alias.Name.Identifier.ValueText, alias.GetLocation()));
            }
            else if (
                u.StaticKeyword.ValueText == "static"
                && u.NamespaceOrType is { } target
                && model.GetSymbolInfo(target).Symbol is { ContainingAssembly.IsInteractive: true }
            )
            {
                found.Add(
                    ApiPolicy.At(
                        u.GetLocation(),
                        "using static of a type declared in the notebook is not allowed in exercise cells: it can change what the tests call"
                    )
                );
            }
        }
        var names = testNames.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, where) in declared)
        {
            if (Hides(compilation, name) is { } hidden)
            {
                found.Add(
                    ApiPolicy.At(
                        where,
                        $"declares '{name}', which would hide {hidden} from the tests; choose another name"
                    )
                );
            }
            else if (names.Contains(name) && BoundBefore(compilation, name) is { } earlier)
            {
                found.Add(
                    ApiPolicy.At(
                        where,
                        $"redefines '{name}' ({earlier}), which the tests use; choose another name"
                    )
                );
            }
        }
    }

    // What `name` meant before this cell (looked up at the end of the previous submission, so a
    // declaration of this cell cannot shadow the answer): an earlier cell's or a library symbol.
    private static string? BoundBefore(Compilation compilation, string name)
    {
        var previous = compilation.ScriptCompilationInfo?.PreviousScriptCompilation;
        if (previous?.SyntaxTrees.LastOrDefault() is not { } tree)
        {
            return null;
        }
        var model = previous.GetSemanticModel(tree);
        var end = tree.GetRoot().FullSpan.End;
        foreach (var s in model.LookupSymbols(end, name: name))
        {
            return s.ContainingAssembly is { IsInteractive: true }
                ? "defined by an earlier cell"
                : s.ToDisplayString();
        }
        return null;
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

    /// <summary>
    /// The free names of test sources: every identifier they use minus the ones they declare
    /// (test methods, locals, parameters), so that a cell's own locals never clash. Computed by the
    /// grader from the assignment's tests and sent to the worker as names only.
    /// </summary>
    public static List<string> FreeNames(IEnumerable<string> sources)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var declaredHere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var root = CSharpSyntaxTree
                .ParseText(source, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script))
                .GetRoot();
            foreach (var node in root.DescendantNodes())
            {
                if (node is SimpleNameSyntax name && !IsMemberName(name))
                {
                    used.Add(name.Identifier.ValueText);
                }
                var declared = node switch
                {
                    VariableDeclaratorSyntax v => v.Identifier,
                    ParameterSyntax p => p.Identifier,
                    SingleVariableDesignationSyntax d => d.Identifier,
                    MethodDeclarationSyntax m => m.Identifier,
                    LocalFunctionStatementSyntax lf => lf.Identifier,
                    ForEachStatementSyntax fe => fe.Identifier,
                    _ => default,
                };
                if (declared.ValueText is { Length: > 0 } text)
                {
                    declaredHere.Add(text);
                }
            }
        }
        used.ExceptWith(declaredHere);
        return used.Order(StringComparer.Ordinal).ToList();
    }

    // `x.Name`: the name after the dot is a member of x, not a name the source binds itself.
    private static bool IsMemberName(SimpleNameSyntax name) =>
        name.Parent is MemberAccessExpressionSyntax access && access.Name == name;
}
