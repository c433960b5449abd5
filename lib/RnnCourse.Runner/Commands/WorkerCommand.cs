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
        var nugetTimeout = new Option<int>("--nuget-timeout") { DefaultValueFactory = _ => 180 };
        var nugetCache = new Option<string?>("--nuget-cache");
        var command = new Command(
            "worker",
            "Internal: runs one notebook kernel for the parent runner (JSON lines on stdin/stdout)."
        )
        {
            Hidden = true,
        };
        command.Options.Add(cwd);
        command.Options.Add(maxOutput);
        command.Options.Add(nugetTimeout);
        command.Options.Add(nugetCache);
        command.SetAction(
            (parse, _) =>
                WorkerProtocol.RunWorkerAsync(
                    new SessionOptions
                    {
                        WorkingDirectory = parse.GetValue(cwd)!,
                        MaxOutputChars = parse.GetValue(maxOutput),
                        NuGetTimeout = TimeSpan.FromSeconds(parse.GetValue(nugetTimeout)),
                        NuGetCacheDirectory = parse.GetValue(nugetCache) is { Length: > 0 } c
                            ? c
                            : NuGetResolver.DefaultCacheDirectory,
                    }
                )
        );
        return command;
    }
}
