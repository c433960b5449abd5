// Hidden `rnncourse worker`: the child process of NotebookProcess (one notebook kernel speaking
// the WorkerProtocol on stdin/stdout). Not meant to be run by hand.
using System.CommandLine;
using RnnCourse.Runner.Execution;

namespace RnnCourse.Runner.Commands;

/// <summary>The hidden worker subcommand.</summary>
public static class WorkerCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var cwd = new Option<string>("--cwd") { Required = true };
        var maxOutput = new Option<long>("--max-output")
        {
            DefaultValueFactory = _ => new SessionOptions().MaxOutputChars,
        };
        var command = new Command(
            "worker",
            "Internal: runs one notebook kernel for the parent runner (JSON lines on stdin/stdout)."
        )
        {
            Hidden = true,
        };
        command.Options.Add(cwd);
        command.Options.Add(maxOutput);
        command.SetAction(
            (parse, _) =>
                WorkerProtocol.RunWorkerAsync(
                    new SessionOptions
                    {
                        WorkingDirectory = parse.GetValue(cwd)!,
                        MaxOutputChars = parse.GetValue(maxOutput),
                    }
                )
        );
        return command;
    }
}
