// `rnncourse export <notebook> --to cs`: the notebook as a .NET 10 file-based app (`dotnet run
// file.cs`), Microsoft's recommended path off Polyglot Notebooks. Mapping:
//   markdown cells → // comments; C# cells → top-level statements in order;
//   using directives → hoisted to the top; type declarations → moved after the statements (C#
//   requires it); a re-declared `var x` (legal across notebook cells) → an assignment;
//   a cell's last expression → display(expr);
//   #r "…/X.dll" of a project in this repository (RnnCourse, RnnCourse.Grading) → #:project X.csproj;
//   #r "nuget: Name, Version" → #:package Name@Version; other #r and non-C# cells → a comment.
// display(...) prints to the console; values with an HTML type formatter (charts) are written to
// one HTML file each next to the program, which prints its path once; an update of a displayed
// value (a live chart's redraw) rewrites that file, so a live chart leaves its last state. The
// library's LossChart.Show() finds the same host (NotebookHost.display) when no kernel runs.
// `#:property PublishAot=false` because file-based apps default to native AOT, whose runtime pack
// the package mirror lacks.
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnCourse.Runner.Execution;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Export;

/// <summary>Exports a notebook as a file-based C# app.</summary>
public static class CsExporter
{
    /// <summary>Exports <paramref name="notebook"/>; returns the program text.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="notebookPath">Its path (relative #r paths resolve against its folder).</param>
    /// <param name="outputPath">Where the .cs file will be written (#:project paths are relative to it).</param>
    /// <param name="libraryProject">RnnCourse.csproj to reference for RnnCourse.dll; null: found from the #r path or the notebook's folders.</param>
    /// <param name="warnings">Receives what could not be exported.</param>
    public static string Export(
        Notebook notebook,
        string notebookPath,
        string outputPath,
        string? libraryProject,
        List<string> warnings
    )
    {
        var notebookDir = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        var outputDir = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var usings = new List<string>(
            RnnCourse.Interactive.CourseKernel.DefaultUsings.Select(u => $"using {u};")
        );
        var directives = new List<string>();
        var body = new StringBuilder();
        var types = new StringBuilder();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var projects = new List<string>();
        var parseOptions = new CSharpParseOptions(
            LanguageVersion.Preview,
            kind: SourceCodeKind.Script
        );

        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Kind != CellKind.Code)
            {
                if (cell.Source.Trim().Length > 0)
                    body.Append(Comment(cell.Source)).Append('\n');
                continue;
            }
            var parsed = CellDirectives.Parse(NotebookExecutor.CodeFor(cell));
            if (parsed.Markdown is not null)
            {
                body.Append(Comment(parsed.Markdown)).Append('\n');
                continue;
            }
            if (parsed.Unsupported is not null)
            {
                warnings.Add(
                    $"cell {i + 1}: {parsed.Unsupported.Split(' ')[0]} cell not exported (only C# runs in a .cs app)."
                );
                body.Append(
                        $"// cell {i + 1} ({parsed.Unsupported.Split(' ')[0]}) is not C# and was not exported:\n"
                    )
                    .Append(Comment(cell.Source))
                    .Append('\n');
                continue;
            }
            foreach (var p in parsed.Packages)
                directives.Add($"#:package {p.Name}@{p.Version ?? "*"}");
            body.Append($"// ---- cell {i + 1} ----\n");
            var tree = CSharpSyntaxTree.ParseText(parsed.Code, parseOptions);
            var root = (CompilationUnitSyntax)tree.GetRoot();
            foreach (var r in root.GetReferenceDirectives())
            {
                var file = r.File.ValueText;
                var full = Path.GetFullPath(Path.Combine(notebookDir, file));
                var stem = Path.GetFileNameWithoutExtension(full);
                var project =
                    libraryProject is not null && stem == "RnnCourse"
                        ? Path.GetFullPath(libraryProject)
                        : FindProject(stem, Path.GetDirectoryName(full)!)
                            ?? FindProject(stem, notebookDir);
                if (project is not null)
                {
                    if (!projects.Contains(project))
                        projects.Add(project);
                }
                else
                    warnings.Add(
                        $"cell {i + 1}: #r \"{file}\" names no project of this repository ({stem}.csproj); add a #:project or #:package directive by hand."
                    );
            }
            foreach (var u in root.Usings)
                usings.Add(u.ToString().Trim());
            var members = root.Members;
            for (var m = 0; m < members.Count; m++)
            {
                var member = members[m];
                var isLast = m == members.Count - 1;
                switch (member)
                {
                    case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                        types.Append(member.ToFullString().Trim()).Append("\n\n");
                        break;
                    case GlobalStatementSyntax { Statement: ExpressionStatementSyntax es }
                        when isLast && es.SemicolonToken.IsMissing:
                        body.Append($"display({es.Expression.ToString().Trim()});\n");
                        break;
                    case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax ld }
                        when ld.Declaration.Variables.Count == 1 && ld.Declaration.Type.IsVar:
                        var v = ld.Declaration.Variables[0];
                        if (!declared.Add(v.Identifier.ValueText) && v.Initializer is not null)
                            body.Append(
                                $"{v.Identifier.ValueText} = {v.Initializer.Value.ToString().Trim()};\n"
                            );
                        else
                            body.Append(member.ToFullString().Trim()).Append('\n');
                        break;
                    case GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax ld2 }:
                        foreach (var v2 in ld2.Declaration.Variables)
                            declared.Add(v2.Identifier.ValueText);
                        body.Append(member.ToFullString().Trim()).Append('\n');
                        break;
                    case FieldDeclarationSyntax f
                        when f.Declaration.Variables.Count == 1
                            && f.Declaration.Variables[0].Initializer is not null:
                        // script top-level `var x = ...;` parses as a field: a repeat becomes an assignment
                        var fv = f.Declaration.Variables[0];
                        if (!declared.Add(fv.Identifier.ValueText))
                            body.Append(
                                $"{fv.Identifier.ValueText} = {fv.Initializer!.Value.ToString().Trim()};\n"
                            );
                        else
                            body.Append(StripModifiers(f).ToFullString().Trim()).Append('\n');
                        break;
                    case FieldDeclarationSyntax f:
                        foreach (var v3 in f.Declaration.Variables)
                            declared.Add(v3.Identifier.ValueText);
                        body.Append(StripModifiers(f).ToFullString().Trim()).Append('\n');
                        break;
                    case MethodDeclarationSyntax md:
                        body.Append(StripModifiers(md).ToFullString().Trim()).Append('\n');
                        break;
                    default:
                        body.Append(member.ToFullString().Trim()).Append('\n');
                        break;
                }
            }
            body.Append('\n');
        }

        var sb = new StringBuilder();
        sb.Append(
            $"// Exported from {Path.GetFileName(notebookPath)} by `rnncourse export`. Run it with: dotnet run {Path.GetFileName(outputPath)}\n"
        );
        foreach (var project in projects)
            sb.Append($"#:project {Path.GetRelativePath(outputDir, project).Replace('\\', '/')}\n");
        sb.Append("#:property PublishAot=false\n");
        sb.Append("#:property ImplicitUsings=disable\n");
        sb.Append("#:property Nullable=disable\n");
        sb.Append("#:property TreatWarningsAsErrors=false\n");
        if (directives.Count > 0)
            sb.Append("#:property ManagePackageVersionsCentrally=false\n");
        foreach (var d in directives.Distinct())
            sb.Append(d).Append('\n');
        sb.Append('\n');
        foreach (var u in usings.Distinct())
            sb.Append(u).Append('\n');
        sb.Append("using static NotebookHost;\n\n");
        sb.Append(body);
        sb.Append(types);
        sb.Append(HostSource(Path.GetFileNameWithoutExtension(outputPath)));
        return sb.ToString();
    }

    /// <summary>
    /// Finds <c>&lt;name&gt;.csproj</c> from <paramref name="start"/> upwards, beside it or in
    /// <c>lib/&lt;name&gt;/</c> (a DLL under <c>lib/X/bin/Release/net10.0/</c> finds <c>lib/X/X.csproj</c>).
    /// </summary>
    public static string? FindProject(string name, string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
        {
            var direct = Path.Combine(d.FullName, name + ".csproj");
            if (File.Exists(direct))
                return direct;
            var nested = Path.Combine(d.FullName, "lib", name, name + ".csproj");
            if (File.Exists(nested))
                return nested;
        }
        return null;
    }

    private static T StripModifiers<T>(T member)
        where T : MemberDeclarationSyntax
    {
        var keep = member.Modifiers.Where(m =>
            m.Kind()
                is SyntaxKind.AsyncKeyword
                    or SyntaxKind.UnsafeKeyword
                    or SyntaxKind.ConstKeyword
                    or SyntaxKind.StaticKeyword
        );
        if (member is FieldDeclarationSyntax)
            keep = keep.Where(m => m.Kind() is SyntaxKind.ConstKeyword);
        return (T)
            member
                .WithModifiers(SyntaxFactory.TokenList(keep))
                .WithLeadingTrivia(member.GetLeadingTrivia());
    }

    private static string Comment(string text) =>
        string.Concat(
            text.TrimEnd().Split('\n').Select(l => ("// " + l.TrimEnd('\r')).TrimEnd() + "\n")
        );

    private static string HostSource(string baseName) =>
        $$"""

            // ---- notebook host: display(...) and HTML(...) as in the notebook ----
            static class NotebookHost
            {
                private static int _outputs;

                public static DisplayHandle display(object value, params string[] mimeTypes)
                {
                    var handle = new DisplayHandle();
                    handle.Update(value);
                    return handle;
                }

                // Writes the value: HTML to this display's file (the same file on every update), text to the console.
                internal static void Show(DisplayHandle handle, object value)
                {
                    var html = value is HtmlString h ? h.Html : FormatHtml(value);
                    if (html is null)
                    {
                        Console.WriteLine(Text(value));
                        return;
                    }
                    var first = handle.Path is null;
                    handle.Path ??= System.IO.Path.GetFullPath($"{{baseName}}-output-{++_outputs}.html");
                    System.IO.File.WriteAllText(handle.Path, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/></head><body>" + html + "</body></html>");
                    if (first)
                        Console.WriteLine($"[HTML output written to {handle.Path}]");
                }

                public static HtmlString HTML(string html) => new(html);

                private static string Text(object value) =>
                    value switch
                    {
                        null => "<null>",
                        string s => s,
                        System.IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                        System.Collections.IEnumerable e => "[ " + string.Join(", ", e.Cast<object>().Take(20).Select(Text)) + " ]",
                        _ => value.ToString(),
                    };

                // Types with an attribute named TypeFormatterSourceAttribute (the library's charts) carry
                // their own text/html formatter: used here to write the chart to an HTML file.
                private static string FormatHtml(object value)
                {
                    if (value is null)
                        return null;
                    var attribute = value.GetType().GetCustomAttributes(true).FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
                    if (attribute?.GetType().GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
                        return null;
                    var source = Activator.CreateInstance(sourceType, true);
                    var create = sourceType.GetMethod("CreateTypeFormatters");
                    if (create?.Invoke(create.IsStatic ? null : source, null) is not IEnumerable formatters)
                        return null;
                    foreach (var f in formatters)
                    {
                        var t = f.GetType();
                        if (t.GetProperty("MimeType")?.GetValue(f) as string != "text/html")
                            continue;
                        var writer = new System.IO.StringWriter();
                        if (t.GetMethod("Format", new[] { typeof(object), typeof(System.IO.TextWriter) })?.Invoke(f, new object[] { value, writer }) is true)
                            return writer.ToString();
                    }
                    return null;
                }
            }

            sealed record HtmlString(string Html)
            {
                public override string ToString() => Html;
            }

            sealed class DisplayHandle
            {
                internal string Path { get; set; }

                public void Update(object value) => NotebookHost.Show(this, value);
            }

            """;
}
