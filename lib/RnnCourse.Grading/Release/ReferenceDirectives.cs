// File references in C# cells, `#r "../lib/RnnCourse/bin/Release/net10.0/RnnCourse.dll"`: where the
// file lives depends on where the notebook is (the source under tests/grading/<notebook>/, the
// student edition under notebooks/) and on who runs it (the grader pins course assemblies to its
// own copies), so the release rebases them, the grader pins them, and tamper hashes see only the
// file name. Package references (`#r "nuget: …"`) are not file references.
using System.Text.RegularExpressions;

namespace RnnCourse.Grading.Release;

/// <summary>Finds and rewrites <c>#r "path"</c> lines.</summary>
internal static partial class ReferenceDirectives
{
    /// <summary>
    /// Replaces the path of every file reference with <paramref name="rewrite"/>(path); returning
    /// the path unchanged leaves the line as it was. Package references are skipped.
    /// </summary>
    public static string Rewrite(string code, Func<string, string> rewrite) =>
        Line()
            .Replace(
                code,
                m =>
                {
                    var path = m.Groups["path"].Value;
                    return path.TrimStart().StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)
                        ? m.Value
                        : $"{m.Groups["head"].Value}\"{rewrite(path)}\"";
                }
            );

    /// <summary>The file name a reference names, whatever its folder or separators.</summary>
    public static string FileName(string path) => Path.GetFileName(path.Replace('\\', '/'));

    [GeneratedRegex(@"^(?<head>[ \t]*#r[ \t]+)""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex Line();
}
