// Entry point of `rnncourse`: see Commands/Cli.cs for the command tree.
return await RnnCourse.Runner.Commands.Cli.RunAsync(args);
