// How a grading worker is started: `dotnet exec --runtimeconfig <rc> RnnCourse.Grading.dll --worker`
// with a clean environment (no path to the hidden folder anywhere, HOME and TMPDIR inside the
// sandbox, a GC heap hard limit, no diagnostics socket or dumps), either directly or inside the OS
// sandbox (OsSandbox), where the .NET root and the course DLLs are mounted read-only under neutral
// paths. The worker is the ReadyToRun copy the runner's build publishes into grading-worker/ when present
// (it starts about a second sooner: the C# compiler is already machine code), otherwise this
// assembly. The runtimeconfig is the one built next to it when present, otherwise one written once
// to the temp folder (when the assembly was copied into another app's output).
using System.Diagnostics;
using System.Globalization;
using RnnCourse.Grading.Worker;
using RnnCourse.Interactive;

namespace RnnCourse.Grading.Grading;

/// <summary>Builds the worker's start info.</summary>
public static class WorkerLauncher
{
    private static readonly Lazy<(string Dll, string RuntimeConfig)> Files = new(() =>
        Locate(typeof(Program).Assembly.Location)
    );

    /// <summary>The folder beside the grader's assembly where the runner's build publishes the
    /// precompiled (ReadyToRun) worker.</summary>
    public const string PrecompiledFolder = "grading-worker";

    /// <summary>Whether workers run the precompiled copy (reports say which, as it sets the
    /// start-up time of every submission).</summary>
    public static bool Precompiled =>
        Path.GetFileName(Path.GetDirectoryName(Files.Value.Dll)) == PrecompiledFolder;

    /// <summary>
    /// The start info of a worker whose only writable folder is <paramref name="sandbox"/>
    /// (a host folder; inside the OS sandbox it is <see cref="OsSandbox.WorkDir"/>).
    /// </summary>
    public static ProcessStartInfo StartInfo(
        string sandbox,
        GradeOptions options,
        SandboxStatus isolation
    )
    {
        Directory.CreateDirectory(Path.Combine(sandbox, "home"));
        Directory.CreateDirectory(Path.Combine(sandbox, "tmp"));
        var (dll, runtimeConfig) = Files.Value;
        var dotnet = DotnetHost.Path;
        ProcessStartInfo psi;
        string work = sandbox;
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (isolation.Active)
        {
            var realDotnet = new FileInfo(dotnet).ResolveLinkTarget(true)?.FullName ?? dotnet;
            var mounts = new List<(string, string)>
            {
                (Path.GetDirectoryName(realDotnet)!, OsSandbox.DotnetDir),
                (runtimeConfig, $"{OsSandbox.LibDir}/worker.runtimeconfig.json"),
            };
            var libs = Path.GetDirectoryName(dll)!;
            foreach (var file in WorkerFiles(libs))
            {
                mounts.Add((file, $"{OsSandbox.LibDir}/{Path.GetFileName(file)}"));
            }
            if (Directory.Exists(Path.Combine(libs, "runtimes")))
            {
                mounts.Add((Path.Combine(libs, "runtimes"), $"{OsSandbox.LibDir}/runtimes"));
            }
            if (MissingFromAppFolder(libs) && PackageCache() is { } packages)
            {
                // A build that did not copy every dependency: the host resolves them here.
                mounts.Add((packages, packages));
            }
            psi = new ProcessStartInfo(isolation.Tool);
            OsSandbox.Arguments(sandbox, mounts).ForEach(psi.ArgumentList.Add);
            work = OsSandbox.WorkDir;
            dotnet = OsSandbox.DotnetDir + "/dotnet";
            dotnetRoot = OsSandbox.DotnetDir;
            runtimeConfig = $"{OsSandbox.LibDir}/worker.runtimeconfig.json";
            dll = $"{OsSandbox.LibDir}/{Path.GetFileName(dll)}";
            psi.ArgumentList.Add(dotnet);
        }
        else
        {
            psi = new ProcessStartInfo(dotnet) { WorkingDirectory = sandbox };
        }
        foreach (var a in (string[])["exec", "--runtimeconfig", runtimeConfig, dll, "--worker"])
        {
            psi.ArgumentList.Add(a);
        }
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var env = psi.Environment;
        env.Clear();
        env["PATH"] = isolation.Active
            ? "/usr/bin:/bin"
            : Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        env["HOME"] = Path.Combine(work, "home");
        foreach (var name in (string[])["TMPDIR", "TMP", "TEMP"])
        {
            env[name] = Path.Combine(work, "tmp");
        }
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        env["DOTNET_gcServer"] = "0";
        env["DOTNET_TieredPGO"] = "0";
        env["DOTNET_GCHeapHardLimit"] = ((long)options.MemoryLimitMb << 20).ToString(
            "X",
            CultureInfo.InvariantCulture
        );
        // No diagnostic IPC socket in TMPDIR (a submission reading it would block) and no dumps.
        env["DOTNET_EnableDiagnostics"] = "0";
        env["DOTNET_DbgEnableMiniDump"] = "0";
        env["DOTNET_EnableCrashReport"] = "0";
        if (dotnetRoot is not null)
        {
            env["DOTNET_ROOT"] = dotnetRoot;
        }
        return psi;
    }

    // The worker's deps file, when its folder has one (an app that copied the grader in may not).
    private static IEnumerable<string> RuntimeAssets(string libs)
    {
        var deps = Path.Combine(libs, "RnnCourse.Grading.deps.json");
        if (!File.Exists(deps))
        {
            return [];
        }
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(deps));
        if (!doc.RootElement.TryGetProperty("targets", out var targets))
        {
            return [];
        }
        return targets
            .EnumerateObject()
            .SelectMany(t => t.Value.EnumerateObject())
            .Where(lib => lib.Value.TryGetProperty("runtime", out _))
            .SelectMany(lib => lib.Value.GetProperty("runtime").EnumerateObject())
            .Select(asset => Path.GetFileName(asset.Name))
            .ToList();
    }

    // The files the worker loads: the assemblies its deps file names (not the rest of the app
    // folder: a test project's folder also holds the tests and their data) plus the deps file;
    // without a deps file, every DLL of the folder.
    private static IEnumerable<string> WorkerFiles(string libs)
    {
        var assets = RuntimeAssets(libs).ToHashSet(StringComparer.Ordinal);
        if (assets.Count == 0)
        {
            return Directory.EnumerateFiles(libs, "*.dll");
        }
        assets.Add("RnnCourse.Grading.deps.json");
        return assets.Select(a => Path.Combine(libs, a)).Where(File.Exists);
    }

    // True when the deps file names a runtime assembly that is not in the worker's folder.
    private static bool MissingFromAppFolder(string libs) =>
        RuntimeAssets(libs).Any(a => !File.Exists(Path.Combine(libs, a)));

    private static string? PackageCache()
    {
        var packages =
            Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".nuget",
                "packages"
            );
        return Directory.Exists(packages) ? packages : null;
    }

    // The worker: the precompiled copy in grading-worker/ beside this assembly when the runner's build
    // published one (see RnnCourse.Runner.csproj), otherwise this assembly itself.
    internal static (string Dll, string RuntimeConfig) Locate(string dll)
    {
        var precompiled = Path.Combine(
            Path.GetDirectoryName(dll)!,
            PrecompiledFolder,
            Path.GetFileName(dll)
        );
        if (
            File.Exists(precompiled)
            && File.Exists(Path.ChangeExtension(precompiled, ".runtimeconfig.json"))
        )
        {
            return (precompiled, Path.ChangeExtension(precompiled, ".runtimeconfig.json"));
        }
        var runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (File.Exists(runtimeConfig))
        {
            return (dll, runtimeConfig);
        }
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
        return (dll, runtimeConfig);
    }
}
