// Where the `dotnet` host is, for starting child processes (notebook workers, grading workers,
// the published tool): the current process when it is dotnet, DOTNET_HOST_PATH (set by the SDK
// for test hosts), the host beside the running runtime, and PATH last.
namespace RnnCourse.Interactive;

/// <summary>Finds the <c>dotnet</c> executable.</summary>
public static class DotnetHost
{
    /// <summary>Full path of <c>dotnet</c> (falls back to the name, resolved through PATH).</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } pp && System.IO.Path.GetFileName(pp) == exe)
            return pp;
        if (
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            && File.Exists(host)
        )
            return host;
        // runtime dir = <root>/shared/Microsoft.NETCore.App/<version>/
        var runtimeDir = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtimeDir, "..", "..", ".."));
        var candidate = System.IO.Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }
}
