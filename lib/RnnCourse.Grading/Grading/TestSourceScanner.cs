// Reads graded tests from C# source by syntax alone (no compilation), so the grader knows every
// test's name, points and message before running anything: a test that cannot compile, times out
// or crashes the worker is still listed, with its points, as failed. The worker uses the same scan
// to generate the call table appended to the test source.
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnCourse.Grading.Release;

namespace RnnCourse.Grading.Grading;

/// <summary>One graded test case found in source.</summary>
/// <param name="Name">The display name (attribute Name, else Class.Method or Method).</param>
/// <param name="Method">The method name.</param>
/// <param name="Class">The declaring top-level class, or null for a top-level script method.</param>
/// <param name="Points">Points for this case.</param>
/// <param name="Message">The failure message for students.</param>
public sealed record TestCaseInfo(
    string Name,
    string Method,
    string? Class,
    double Points,
    string? Message
);

/// <summary>Finds <c>[GradedTest]</c> methods in script source.</summary>
public static class TestSourceScanner
{
    private static readonly CSharpParseOptions ScriptParse = new(
        LanguageVersion.Latest,
        kind: SourceCodeKind.Script
    );

    /// <summary>The graded tests in <paramref name="source"/>, in source order.</summary>
    /// <exception cref="AssignmentException">A GradedTest attribute's points are not a literal.</exception>
    public static List<TestCaseInfo> Scan(string source, string fileName)
    {
        var root = SyntaxFactory.ParseCompilationUnit(source, options: ScriptParse);
        var tests = new List<TestCaseInfo>();
        foreach (var member in root.Members)
        {
            switch (member)
            {
                case MethodDeclarationSyntax m:
                    Add(m, null);
                    break;
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax f }:
                    var attr = Find(f.AttributeLists);
                    if (attr is not null)
                    {
                        AddCase(attr, f.Identifier.Text, null);
                    }
                    break;
                case ClassDeclarationSyntax c:
                    foreach (var cm in c.Members.OfType<MethodDeclarationSyntax>())
                    {
                        Add(cm, c.Identifier.Text);
                    }
                    break;
            }
        }
        var duplicate = tests.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new AssignmentException(
                $"{fileName}: two graded tests are named '{duplicate.Key}'; give each a unique name."
            );
        }
        return tests;

        void Add(MethodDeclarationSyntax m, string? cls)
        {
            var attr = Find(m.AttributeLists);
            if (attr is not null)
            {
                AddCase(attr, m.Identifier.Text, cls);
            }
        }

        void AddCase(AttributeSyntax attr, string method, string? cls)
        {
            double points = 1;
            string? message = null;
            string? name = null;
            var args = attr.ArgumentList?.Arguments ?? default;
            foreach (var arg in args)
            {
                var argName = arg.NameEquals?.Name.Identifier.Text;
                var colonName = arg.NameColon?.Name.Identifier.Text;
                if (argName is null && (colonName is null || colonName == "points"))
                {
                    points = Number(arg.Expression, fileName, method);
                }
                else if (argName == "Message")
                {
                    message = Text(arg.Expression, fileName, method);
                }
                else if (argName == "Name")
                {
                    name = Text(arg.Expression, fileName, method);
                }
            }
            tests.Add(
                new TestCaseInfo(
                    name ?? (cls is null ? method : $"{cls}.{method}"),
                    method,
                    cls,
                    points,
                    message
                )
            );
        }
    }

    private static AttributeSyntax? Find(SyntaxList<AttributeListSyntax> lists) =>
        lists
            .SelectMany(l => l.Attributes)
            .FirstOrDefault(a =>
                a.Name.ToString()
                    is "GradedTest"
                        or "GradedTestAttribute"
                        or "RnnCourse.Grading.GradedTest"
                        or "RnnCourse.Grading.GradedTestAttribute"
            );

    private static double Number(ExpressionSyntax e, string file, string method)
    {
        if (
            e is LiteralExpressionSyntax lit
            && double.TryParse(
                lit.Token.ValueText,
                NumberStyles.Float,
                CultureInfo.InvariantCulture,
                out var v
            )
        )
        {
            return v;
        }
        throw new AssignmentException(
            $"{file}: the points of test '{method}' must be a number literal, e.g. [GradedTest(2)]."
        );
    }

    private static string Text(ExpressionSyntax e, string file, string method) =>
        e is LiteralExpressionSyntax { Token.Value: string s }
            ? s
            : throw new AssignmentException(
                $"{file}: the Message/Name of test '{method}' must be a string literal."
            );
}
