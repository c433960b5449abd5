// `rnncourse grade merge <shard folders> -o <dir>`: one grades folder from the folders of a
// sharded run (GradesMerge). See docs/grading.md, "Grading a large class".
using System.CommandLine;
using RnnCourse.Grading.Reports;
using RnnCourse.Runner.Commands;

namespace RnnCourse.Runner.Grading;

/// <summary>The <c>grade merge</c> subcommand.</summary>
public static class MergeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var shards = new Argument<string[]>("shards")
        {
            Description = "The grades folders of the shards (`grade --shard i/n -o <folder>`).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder for the merged reports and graded notebooks.",
            Required = true,
        };
        var command = new Command(
            "merge",
            "Merge the grades folders of a sharded run into one, as if one machine had graded the class."
        )
        {
            shards,
            output,
        };
        command.SetAction(parse =>
        {
            var dirs = parse.GetValue(shards)!;
            foreach (var d in dirs.Where(d => !Directory.Exists(d)))
            {
                Console.Error.WriteLine($"rnncourse grade merge: '{d}' is not a folder.");
                return ExitCodes.BadInput;
            }
            try
            {
                var merged = GradesMerge.Merge(dirs, parse.GetValue(output)!);
                Console.WriteLine(
                    $"Merged {dirs.Length} shard(s): {merged.Reports.Count} submission(s) of {merged.Name} into {merged.Dir}."
                );
                return ExitCodes.Ok;
            }
            catch (GradesFolderException e)
            {
                Console.Error.WriteLine($"rnncourse grade merge: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
