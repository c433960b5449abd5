// The export's reading of a code cell's magic lines (the kernel reads them itself when a cell runs):
//   #!csharp / #!c# as first line   → stripped (the cell is C#)
//   #!markdown as first line          → the cell is markdown: rendered to HTML, no C# runs
//   #r "nuget: Name, Version"         → a NuGet restore; the line is removed
//   any other #! line                 → a per-cell error naming the directive
// Removed lines are replaced by empty lines so compile-error positions stay those of the cell.
using System.Text.RegularExpressions;

namespace RnnCourse.Runner.Export;

/// <summary>A NuGet package requested by <c>#r "nuget: Name, Version"</c> (Version null: latest).</summary>
/// <param name="Name">Package id.</param>
/// <param name="Version">Version or range; null for the latest stable.</param>
public sealed record NuGetPackage(string Name, string? Version)
{
    /// <inheritdoc/>
    public override string ToString() => Version is null ? Name : $"{Name}, {Version}";
}

/// <summary>What a cell is after its directives are read.</summary>
public sealed partial record CellDirectives
{
    /// <summary>The C# code, directive lines blanked.</summary>
    public string Code { get; init; } = "";

    /// <summary>Markdown source when the cell starts with <c>#!markdown</c>; otherwise null.</summary>
    public string? Markdown { get; init; }

    /// <summary>The first unsupported directive line, or null.</summary>
    public string? Unsupported { get; init; }

    /// <summary>1-based line of <see cref="Unsupported"/>.</summary>
    public int UnsupportedLine { get; init; }

    /// <summary>NuGet packages to restore before the code runs.</summary>
    public IReadOnlyList<NuGetPackage> Packages { get; init; } = [];

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"]*?))?\s*"\s*$""")]
    private static partial Regex NuGetLine();

    /// <summary>Reads the directives of a cell.</summary>
    public static CellDirectives Parse(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var first = lines[0].Trim();
        if (first.StartsWith("#!", StringComparison.Ordinal))
        {
            var magic = first[2..].Split(' ', 2)[0].ToLowerInvariant();
            if (magic is "markdown" or "md")
                return new CellDirectives { Markdown = string.Join('\n', lines.Skip(1)) };
            if (magic is "csharp" or "c#" or "cs")
                lines[0] = "";
        }
        var packages = new List<NuGetPackage>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
                return new CellDirectives { Unsupported = trimmed.Trim(), UnsupportedLine = i + 1 };
            var m = NuGetLine().Match(line);
            if (m.Success)
            {
                var version =
                    m.Groups["version"].Success && m.Groups["version"].Value.Trim().Length > 0
                        ? m.Groups["version"].Value.Trim()
                        : null;
                packages.Add(new NuGetPackage(m.Groups["name"].Value, version));
                lines[i] = "";
            }
        }
        return new CellDirectives { Code = string.Join('\n', lines), Packages = packages };
    }
}
