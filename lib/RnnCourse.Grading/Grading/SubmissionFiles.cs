// Which files of a class folder are graded, and under which report names. Like a careful archive
// tool: symbolic links are never followed (a linked notebook could be the instructor's source
// notebook or anything else on the grader's disk), so a link is listed and not graded; every
// other file found is listed too, with the reason when it is not graded (not a notebook, the
// grader's own *.graded.ipynb output, a Jupyter checkpoint copy). Report names encode the relative
// path reversibly, so "a/b.ipynb" and "a_b.ipynb" never share a report.
using System.Globalization;
using System.Text;

namespace RnnCourse.Grading.Grading;

/// <summary>A file found under the graded folder.</summary>
/// <param name="Path">Its full path.</param>
/// <param name="Id">The submission id: the path relative to the folder, '/'-separated, without ".ipynb".</param>
/// <param name="NotGraded">Why it is not graded, or null when it is a submission.</param>
public sealed record FoundFile(string Path, string Id, string? NotGraded);

/// <summary>Finds submissions and names their reports.</summary>
public static class SubmissionFiles
{
    /// <summary>Every file under <paramref name="target"/> (a notebook or a folder, searched recursively without following links), sorted by id.</summary>
    /// <exception cref="FileNotFoundException">The target does not exist.</exception>
    public static List<FoundFile> Find(string target)
    {
        var info = new FileInfo(target);
        if (info.Exists)
        {
            var id = System.IO.Path.GetFileNameWithoutExtension(target);
            return [new FoundFile(info.FullName, id, Classify(info))];
        }
        if (!Directory.Exists(target))
        {
            throw new FileNotFoundException(
                $"'{target}' is neither a notebook nor a folder of notebooks."
            );
        }
        var root = System.IO.Path.GetFullPath(target);
        var found = new List<FoundFile>();
        Walk(new DirectoryInfo(root), root, found);
        return found.OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
    }

    private static void Walk(DirectoryInfo dir, string root, List<FoundFile> found)
    {
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            var relative = System.IO.Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            if (entry is DirectoryInfo sub && entry.LinkTarget is null)
            {
                Walk(sub, root, found);
                continue;
            }
            var id = relative.EndsWith(".ipynb", StringComparison.Ordinal)
                ? relative[..^6]
                : relative;
            found.Add(new FoundFile(entry.FullName, id, Classify(entry)));
        }
    }

    private static string? Classify(FileSystemInfo entry)
    {
        if (entry.LinkTarget is not null)
        {
            return "not graded: a symbolic link (links are never followed; submit the notebook file itself)";
        }
        var name = entry.Name;
        if (!name.EndsWith(".ipynb", StringComparison.Ordinal))
        {
            return "not graded: not a notebook (.ipynb)";
        }
        if (name.EndsWith(".graded.ipynb", StringComparison.Ordinal))
        {
            return "not graded: *.graded.ipynb is the grader's own output (rename the file to grade it)";
        }
        if (
            entry
                .FullName.Replace('\\', '/')
                .Contains("/.ipynb_checkpoints/", StringComparison.Ordinal)
        )
        {
            return "not graded: a Jupyter checkpoint copy (.ipynb_checkpoints)";
        }
        return null;
    }

    /// <summary>
    /// A file name for the reports of submission <paramref name="id"/>: letters, digits, '-' and
    /// '.' are kept, '/' becomes "__" and any other character "_XX" per UTF-8 byte, so different
    /// ids never share a name and <see cref="IdOf"/> gives the id back.
    /// </summary>
    public static string ReportName(string id)
    {
        var sb = new StringBuilder();
        foreach (var (ch, i) in id.Select((c, i) => (c, i)))
        {
            if (ch == '/')
            {
                sb.Append("__");
            }
            else if (char.IsAsciiLetterOrDigit(ch) || ch == '-' || (ch == '.' && i > 0))
            {
                sb.Append(ch);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(ch.ToString()))
                {
                    sb.Append('_').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>The submission id a <see cref="ReportName"/> was made from.</summary>
    /// <exception cref="FormatException">The name was not made by <see cref="ReportName"/>.</exception>
    public static string IdOf(string reportName)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < reportName.Length; i++)
        {
            char ch = reportName[i];
            if (ch != '_')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(ch.ToString()));
            }
            else if (i + 1 < reportName.Length && reportName[i + 1] == '_')
            {
                bytes.Add((byte)'/');
                i++;
            }
            else if (
                i + 2 < reportName.Length
                && byte.TryParse(
                    reportName.AsSpan(i + 1, 2),
                    NumberStyles.HexNumber,
                    CultureInfo.InvariantCulture,
                    out var b
                )
            )
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                throw new FormatException(
                    $"'{reportName}' is not a report name made by the grader ('_' must be followed by '_' or two hex digits)."
                );
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
