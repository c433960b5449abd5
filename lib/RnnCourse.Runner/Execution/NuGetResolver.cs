// #r "nuget: Name, Version" like the real kernel: a temporary project referencing the package is
// restored with `dotnet restore` (the user's NuGet configuration: their user-level NuGet.Config
// and the nearest nuget.config above the notebook), then the runtime assemblies of the package and
// its dependencies are read from obj/project.assets.json. Results are cached per package and
// version under the cache folder, so a second run costs nothing. The restore has a time limit.
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RnnCourse.Runner.Execution;

/// <summary>Restores NuGet packages for <c>#r "nuget: ..."</c>.</summary>
public sealed class NuGetResolver(string cacheDirectory, TimeSpan timeout)
{
    /// <summary>The default cache folder: <c>$RNNCOURSE_NUGET_CACHE</c> or the user's local data folder.</summary>
    public static string DefaultCacheDirectory =>
        Environment.GetEnvironmentVariable("RNNCOURSE_NUGET_CACHE") is { Length: > 0 } env
            ? env
            : Path.Combine(
                Environment.GetFolderPath(
                    Environment.SpecialFolder.LocalApplicationData,
                    Environment.SpecialFolderOption.Create
                ),
                "rnncourse",
                "nuget"
            );

    /// <summary>Restores <paramref name="package"/>; returns the assembly paths to reference.</summary>
    /// <param name="package">The package.</param>
    /// <param name="workingDirectory">The notebook folder (where the nearest nuget.config is looked for).</param>
    /// <exception cref="InvalidOperationException">The restore failed or timed out; the message says why.</exception>
    public async Task<IReadOnlyList<string>> ResolveAsync(
        NuGetPackage package,
        string workingDirectory
    )
    {
        var safeName = string.Concat(
            package.Name.Select(c =>
                char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'
                    ? char.ToLowerInvariant(c)
                    : '_'
            )
        );
        var safeVersion = package.Version is null
            ? "latest"
            : string.Concat(
                package.Version.Select(c =>
                    char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'
                )
            );
        var dir = Path.Combine(cacheDirectory, safeName, safeVersion);
        var list = Path.Combine(dir, "assemblies.txt");
        if (package.Version is not null && File.Exists(list))
        {
            var cached = File.ReadAllLines(list).Where(l => l.Length > 0).ToList();
            if (cached.All(File.Exists))
                return cached;
        }
        Directory.CreateDirectory(dir);
        var version = package.Version ?? "*";
        var project = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
                <NoWarn>$(NoWarn);NU1603;NU1701</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{System.Security.SecurityElement.Escape(
                package.Name
            )}" Version="{System.Security.SecurityElement.Escape(version)}" />
              </ItemGroup>
            </Project>
            """;
        await File.WriteAllTextAsync(Path.Combine(dir, "restore.csproj"), project);
        var args = new List<string>
        {
            "restore",
            Path.Combine(dir, "restore.csproj"),
            "--nologo",
            "-v",
            "q",
        };
        if (FindNuGetConfig(workingDirectory) is { } config)
            args.AddRange(["--configfile", config]);
        var (exit, output) = await RunAsync(DotnetHost.Path, args, dir, timeout);
        if (exit is null)
            throw new InvalidOperationException(
                $"#r \"nuget: {package}\": the restore did not finish within {timeout.TotalSeconds:0} s (no network, or a slow feed?). Check that the package source in your NuGet.Config is reachable."
            );
        if (exit != 0)
        {
            var errors = output
                .Split('\n')
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Select(l =>
                    System.Text.RegularExpressions.Regex.Replace(
                        l.Trim(),
                        @"^\S*restore\.csproj\s*:\s*",
                        ""
                    )
                )
                .Distinct()
                .Take(5)
                .ToList();
            var detail = errors.Count > 0 ? string.Join("\n", errors) : output.Trim();
            throw new InvalidOperationException(
                $"#r \"nuget: {package}\": restore failed. Check the package name and version.\n{detail}"
            );
        }
        var assemblies = ReadAssets(Path.Combine(dir, "obj", "project.assets.json"));
        if (package.Version is not null)
            await File.WriteAllLinesAsync(list, assemblies);
        return assemblies;
    }

    /// <summary>The runtime assemblies of every package in a restored project's assets file.</summary>
    public static List<string> ReadAssets(string assetsPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(assetsPath));
        var root = doc.RootElement;
        var folders = root.GetProperty("packageFolders")
            .EnumerateObject()
            .Select(p => p.Name)
            .ToList();
        var libraries = root.GetProperty("libraries");
        var result = new List<string>();
        foreach (var target in root.GetProperty("targets").EnumerateObject())
        {
            if (target.Name.Contains('/'))
                continue; // RID-specific targets: the portable one is enough
            foreach (var lib in target.Value.EnumerateObject())
            {
                if (lib.Value.TryGetProperty("type", out var type) && type.GetString() != "package")
                    continue;
                if (!lib.Value.TryGetProperty("runtime", out var runtime))
                    continue;
                var libPath = libraries.GetProperty(lib.Name).GetProperty("path").GetString()!;
                foreach (var file in runtime.EnumerateObject())
                {
                    if (
                        file.Name.EndsWith("/_._", StringComparison.Ordinal)
                        || !file.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                    )
                        continue;
                    var full = folders
                        .Select(f => Path.Combine(f, libPath, file.Name))
                        .FirstOrDefault(File.Exists);
                    if (full is not null)
                        result.Add(Path.GetFullPath(full));
                }
            }
        }
        return result;
    }

    private static string? FindNuGetConfig(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            foreach (var name in new[] { "nuget.config", "NuGet.Config", "NuGet.config" })
            {
                var p = Path.Combine(d.FullName, name);
                if (File.Exists(p))
                    return p;
            }
        return null;
    }

    /// <summary>Runs a process with a time limit; exit code null on timeout (the process tree is killed).</summary>
    internal static async Task<(int? Exit, string Output)> RunAsync(
        string file,
        IEnumerable<string> args,
        string cwd,
        TimeSpan timeout
    )
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
        };
        p.ErrorDataReceived += (_, e) =>
        {
            lock (output)
                output.AppendLine(e.Data);
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (null, output.ToString());
        }
        p.WaitForExit();
        lock (output)
            return (p.ExitCode, output.ToString());
    }
}

/// <summary>Finds the <c>dotnet</c> executable of the running runtime.</summary>
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
