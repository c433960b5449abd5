// Tamper detection hashes locked cells after Roslyn syntax normalisation, so that reformatting,
// re-indenting or editing comments is not reported as tampering while any change to the code is:
// parse as a script, drop every comment, NormalizeWhitespace, then SHA-256 of the UTF-8 text.
// A file reference counts by its file name only (`#r "../lib/…/RnnCourse.dll"` and the same line
// rebased for another folder hash alike): the release rebases them and the grader pins them.
// A written answer's prompt is Markdown and is hashed as text (HashText).
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RnnCourse.Grading.Release;

/// <summary>Normalises and hashes C# cell source.</summary>
public static class CellHasher
{
    private static readonly CSharpParseOptions ScriptParse = new(
        LanguageVersion.Latest,
        kind: SourceCodeKind.Script
    );

    /// <summary>The cell's code with comments removed and whitespace normalised.</summary>
    public static string Normalize(string source)
    {
        var rooted = ReferenceDirectives.Rewrite(source, ReferenceDirectives.FileName);
        var root = SyntaxFactory.ParseCompilationUnit(rooted, options: ScriptParse);
        var stripped = new CommentStripper().Visit(root);
        return stripped.NormalizeWhitespace(eol: "\n").ToFullString();
    }

    /// <summary>"sha256:" + hex of the normalised code.</summary>
    public static string Hash(string source) =>
        "sha256:"
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(source))));

    /// <summary>"sha256:" + hex of Markdown text with line ends and trailing spaces normalised
    /// (a written answer's prompt: any change to its words counts).</summary>
    public static string HashText(string text) =>
        "sha256:"
        + Convert.ToHexStringLower(
            SHA256.HashData(
                Encoding.UTF8.GetBytes(
                    string.Join(
                        "\n",
                        text.ReplaceLineEndings("\n").Trim().Split('\n').Select(l => l.TrimEnd())
                    )
                )
            )
        );

    /// <summary>"sha256:" + hex of raw bytes (the notebook file hash in reports).</summary>
    public static string HashBytes(byte[] bytes) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private sealed class CommentStripper() : CSharpSyntaxRewriter(visitIntoStructuredTrivia: false)
    {
        public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia) =>
            trivia.Kind()
                is SyntaxKind.SingleLineCommentTrivia
                    or SyntaxKind.MultiLineCommentTrivia
                    or SyntaxKind.SingleLineDocumentationCommentTrivia
                    or SyntaxKind.MultiLineDocumentationCommentTrivia
                ? default
                : base.VisitTrivia(trivia);
    }
}
