// The API policy for student code: after compiling an exercise cell and before running it, every
// syntax node of the cell (nested types, local functions, lambdas, attributes, using directives
// and aliases, generic arguments) is resolved with the semantic model, including what the compiler
// calls implicitly (foreach's GetEnumerator, await's GetAwaiter, user-defined operators and
// conversions, collection initializers' Add, deconstruction, query clauses), and each symbol must
// pass ApiAllowlist. unsafe, pointers, function pointers, dynamic, extern, __makeref and #r/#load
// are refused outright, and ProtectedNames refuses declarations that would change what the tests
// bind to. A refused cell is not run; the exercise records every message with its position.
// Inside the OS sandbox this is the second wall; without one (see OsSandbox) it is the first.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RnnCourse.Grading.Worker;

/// <summary>Checks a compiled submission against the allowlist and the protected names.</summary>
public static class ApiPolicy
{
    /// <summary>
    /// The violations in the last syntax tree of <paramref name="compilation"/> (the cell), each
    /// "(line,col): uses X: reason". Empty when the cell is allowed. <paramref name="testNames"/>
    /// are the names the exercise tests use (see <see cref="ProtectedNames"/>).
    /// </summary>
    public static List<string> Check(
        Compilation compilation,
        IReadOnlyCollection<string>? testNames = null
    )
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
        foreach (var token in root.DescendantTokens())
        {
            if (token.Kind() is SyntaxKind.UnsafeKeyword or SyntaxKind.FixedKeyword)
            {
                found.Add(
                    At(token, $"'{token.ValueText}': unsafe code is not allowed in exercise cells")
                );
            }
            else if (
                token.Kind()
                is SyntaxKind.ExternKeyword
                    or SyntaxKind.MakeRefKeyword
                    or SyntaxKind.RefValueKeyword
                    or SyntaxKind.RefTypeKeyword
                    or SyntaxKind.ArgListKeyword
            )
            {
                found.Add(At(token, $"'{token.ValueText}' is not allowed in exercise cells"));
            }
        }
        foreach (var node in root.DescendantNodesAndSelf())
        {
            foreach (var symbol in Symbols(model, node).OfType<ISymbol>())
            {
                if (ApiAllowlist.Refusal(symbol) is { } reason)
                {
                    found.Add(At(node, reason));
                }
            }
        }
        ProtectedNames.Check(compilation, model, root, testNames ?? [], found);
        return found.Distinct().ToList();
    }

    // What a node binds to, explicitly or through the compiler (nulls where nothing is bound).
    private static IEnumerable<ISymbol?> Symbols(SemanticModel model, SyntaxNode node)
    {
        switch (node)
        {
            case ExpressionSyntax
            or AttributeSyntax
            or ConstructorInitializerSyntax
            or PrimaryConstructorBaseTypeSyntax
            or OrderingSyntax
            or SelectOrGroupClauseSyntax:
                var info = model.GetSymbolInfo(node);
                yield return info.Symbol;
                foreach (var c in info.CandidateSymbols)
                {
                    yield return c;
                }
                if (node is ExpressionSyntax e)
                {
                    var type = model.GetTypeInfo(e);
                    yield return type.Type;
                    yield return type.ConvertedType;
                    yield return model.GetConversion(e).MethodSymbol;
                    yield return model.GetCollectionInitializerSymbolInfo(e).Symbol;
                }
                if (node is AwaitExpressionSyntax a)
                {
                    var awaiter = model.GetAwaitExpressionInfo(a);
                    yield return awaiter.GetAwaiterMethod;
                    yield return awaiter.GetResultMethod;
                    yield return awaiter.IsCompletedProperty;
                }
                if (
                    node is AssignmentExpressionSyntax assignment
                    && assignment.Left is TupleExpressionSyntax or DeclarationExpressionSyntax
                )
                {
                    yield return model.GetDeconstructionInfo(assignment).Method;
                }
                break;
            case CommonForEachStatementSyntax f:
                var loop = model.GetForEachStatementInfo(f);
                yield return loop.GetEnumeratorMethod;
                yield return loop.MoveNextMethod;
                yield return loop.CurrentProperty;
                yield return loop.DisposeMethod;
                yield return loop.ElementType;
                break;
            case QueryClauseSyntax q:
                var clause = model.GetQueryClauseInfo(q);
                yield return clause.CastInfo.Symbol;
                yield return clause.OperationInfo.Symbol;
                break;
            case UsingDirectiveSyntax { NamespaceOrType: { } target }:
                yield return model.GetSymbolInfo(target).Symbol;
                break;
            case VariableDeclaratorSyntax
            or ParameterSyntax
            or BaseTypeDeclarationSyntax
            or DelegateDeclarationSyntax
            or BaseMethodDeclarationSyntax
            or PropertyDeclarationSyntax
            or EventDeclarationSyntax
            or LocalFunctionStatementSyntax
            or SingleVariableDesignationSyntax:
                // Declared types: `var` hides the type of what was assigned.
                yield return model.GetDeclaredSymbol(node) switch
                {
                    ILocalSymbol l => l.Type,
                    IFieldSymbol fl => fl.Type,
                    IParameterSymbol p => p.Type,
                    IPropertySymbol pr => pr.Type,
                    IMethodSymbol me => me.ReturnType,
                    _ => null,
                };
                break;
        }
    }

    private static string At(SyntaxNode node, string message) => At(node.GetLocation(), message);

    private static string At(SyntaxToken token, string message) => At(token.GetLocation(), message);

    internal static string At(Location location, string message)
    {
        var pos = location.GetLineSpan().StartLinePosition;
        return $"({pos.Line + 1},{pos.Character + 1}): {message}";
    }
}
