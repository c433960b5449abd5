// Solution regions in exercise cells:
//     // BEGIN SOLUTION
//     ...reference code...
//     // END SOLUTION
// The student version replaces each region by one line, at the indentation of the BEGIN marker:
//     throw new NotImplementedException("Exercise 2.1 is not implemented yet.");
// The reference solution is the cell with the two marker lines removed.
using System.Text;
using System.Text.RegularExpressions;

namespace RnnCourse.Grading.Release;

/// <summary>Finds and replaces solution regions in an exercise cell's source.</summary>
public static partial class SolutionRegions
{
    /// <summary>The line that opens a region (after optional indentation).</summary>
    public const string Begin = "// BEGIN SOLUTION";

    /// <summary>The line that closes a region.</summary>
    public const string End = "// END SOLUTION";

    /// <summary>The student version: each region becomes a NotImplementedException naming the exercise.</summary>
    /// <exception cref="AssignmentException">A region is not closed, nested, or missing.</exception>
    public static string ToStudent(string source, string exercise)
    {
        var sb = new StringBuilder();
        int regions = 0;
        bool inside = false;
        int lineNo = 0;
        foreach (var (line, ending) in Lines(source))
        {
            lineNo++;
            var trimmed = line.Trim();
            if (trimmed == Begin)
            {
                if (inside)
                {
                    throw new AssignmentException(
                        $"Exercise {exercise}, line {lineNo}: '{Begin}' inside another solution region; close the first with '{End}'."
                    );
                }
                inside = true;
                regions++;
                var indent = line[..(line.Length - line.TrimStart().Length)];
                sb.Append(indent)
                    .Append("throw new NotImplementedException(\"")
                    .Append(ToDoMessage(exercise))
                    .Append("\");")
                    .Append(ending.Length > 0 ? ending : "\n");
            }
            else if (trimmed == End)
            {
                if (!inside)
                {
                    throw new AssignmentException(
                        $"Exercise {exercise}, line {lineNo}: '{End}' without a matching '{Begin}'."
                    );
                }
                inside = false;
            }
            else if (!inside)
            {
                sb.Append(line).Append(ending);
            }
        }
        if (inside)
        {
            throw new AssignmentException(
                $"Exercise {exercise}: '{Begin}' is never closed; add a '{End}' line."
            );
        }
        if (regions == 0)
        {
            throw new AssignmentException(
                $"Exercise {exercise} has no '{Begin}' … '{End}' region; mark the code students must write."
            );
        }
        return sb.ToString();
    }

    /// <summary>The message of the exception a released exercise throws until the student writes it.</summary>
    public static string ToDoMessage(string exercise) =>
        $"Exercise {exercise} is not implemented yet.";

    /// <summary>
    /// The exercise an error is waiting for, when <paramref name="errorText"/> holds the released
    /// stub's message (thrown by the exercise itself or by a later cell that calls it); else null.
    /// </summary>
    public static string? ExerciseToDo(string? errorText) =>
        errorText is not null && ToDoPattern().Match(errorText) is { Success: true } m
            ? m.Groups["id"].Value
            : null;

    [GeneratedRegex(@"Exercise (?<id>\d+(\.\d+)*) is not implemented yet\.")]
    private static partial Regex ToDoPattern();

    /// <summary>The reference solution: the source without the marker lines.</summary>
    public static string ToReference(string source)
    {
        var sb = new StringBuilder();
        foreach (var (line, ending) in Lines(source))
        {
            var trimmed = line.Trim();
            if (trimmed != Begin && trimmed != End)
            {
                sb.Append(line).Append(ending);
            }
        }
        return sb.ToString();
    }

    private static IEnumerable<(string Line, string Ending)> Lines(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                int end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                yield return (text[start..end], text[end..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            yield return (text[start..], "");
        }
    }
}

/// <summary>The assignment (source notebook or hidden tests) is malformed; the message says how to fix it.</summary>
public sealed class AssignmentException : Exception
{
    /// <summary>Creates the error.</summary>
    public AssignmentException(string message)
        : base(message) { }
}
