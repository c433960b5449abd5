// How to start the worker: `dotnet exec --runtimeconfig <rc> RnnCourse.Grading.dll --worker`.
// The runtimeconfig is the one built next to the assembly when present, otherwise one written
// once to the temp folder (when the assembly was copied into another app's output).
using RnnCourse.Grading.Worker;

namespace RnnCourse.Grading.Grading;

/// <summary>Builds the worker command line.</summary>
public static class WorkerLauncher
{
    private static readonly Lazy<(string, string[])> Cached = new(Build);

    /// <summary>The host executable and its arguments.</summary>
    public static (string Host, string[] Args) Command() => Cached.Value;

    private static (string, string[]) Build()
    {
        var dll = typeof(Program).Assembly.Location;
        var runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig))
        {
            var dir = Directory.CreateDirectory(
                Path.Combine(Path.GetTempPath(), "rnncourse-grader", Environment.Version.ToString())
            );
            runtimeConfig = Path.Combine(dir.FullName, "worker.runtimeconfig.json");
            if (!File.Exists(runtimeConfig))
            {
                var v = Environment.Version;
                File.WriteAllText(
                    runtimeConfig + ".tmp",
                    $$$"""
                    { "runtimeOptions": { "tfm": "net{{{v.Major}}}.{{{v.Minor}}}", "framework": { "name": "Microsoft.NETCore.App", "version": "{{{v.Major}}}.{{{v.Minor}}}.{{{v.Build}}}" } } }
                    """
                );
                File.Move(runtimeConfig + ".tmp", runtimeConfig, overwrite: true);
            }
        }
        return (
            RnnCourse.Interactive.DotnetHost.Path,
            ["exec", "--runtimeconfig", runtimeConfig, dll, "--worker"]
        );
    }
}
