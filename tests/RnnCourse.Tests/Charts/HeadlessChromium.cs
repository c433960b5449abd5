// Drives Debian's headless Chromium for the browser test: --dump-dom after a virtual-time budget
// (the page's own script writes its findings into the DOM) and --screenshot. Each run gets a fresh
// --user-data-dir; the flags are those needed to run as root in a container with no network use.
using System.Diagnostics;

namespace RnnCourse.Tests.Charts;

internal static class HeadlessChromium
{
    private static readonly string[] Candidates =
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];

    /// <summary>The browser executable: $RNNCOURSE_CHROMIUM, else the first candidate on PATH; null when none.</summary>
    internal static string? Executable { get; } = Find();

    /// <summary>Why the browser test cannot run here, or null when it can.</summary>
    internal static string? MissingReason()
    {
        if (Executable is null)
            return "Chromium not found (apt-get install chromium, or set RNNCOURSE_CHROMIUM); `bash .ci/install-test-deps.sh` installs it.";
        if (!File.Exists(TestPaths.PlotlyJs))
            return $"plotly.js not found at {TestPaths.PlotlyJs} (run `npm ci --prefix tests/browser`).";
        return null;
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("RNNCOURSE_CHROMIUM");
        if (!string.IsNullOrEmpty(env))
            return File.Exists(env) ? env : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in Candidates)
        {
            foreach (
                var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            )
            {
                var full = Path.Combine(dir, name);
                if (File.Exists(full))
                    return full;
            }
        }
        return null;
    }

    /// <summary>Loads the page, lets it run for <paramref name="budgetMs"/> of virtual time, returns the serialised DOM.</summary>
    internal static string DumpDom(string pagePath, int budgetMs = 20000) =>
        Run(
            [$"--virtual-time-budget={budgetMs}", "--dump-dom", new Uri(pagePath).AbsoluteUri],
            captureStdout: true
        );

    /// <summary>Saves a PNG screenshot of the page at the given window size.</summary>
    internal static void Screenshot(
        string pagePath,
        string pngPath,
        int width,
        int height,
        int budgetMs = 15000
    ) =>
        Run(
            [
                $"--virtual-time-budget={budgetMs}",
                $"--window-size={width},{height}",
                "--hide-scrollbars",
                $"--screenshot={pngPath}",
                new Uri(pagePath).AbsoluteUri,
            ],
            captureStdout: false
        );

    private static string Run(IEnumerable<string> args, bool captureStdout)
    {
        var profile = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-chromium-" + Guid.NewGuid().ToString("N")
        );
        Directory.CreateDirectory(profile);
        try
        {
            var psi = new ProcessStartInfo(Executable!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (
                var a in new[]
                {
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    $"--user-data-dir={profile}",
                }.Concat(args)
            )
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException(
                    "Chromium did not finish within 120 s.\n" + Tail(stderr.Result)
                );
            }
            Task.WaitAll(stdout, stderr);
            if (p.ExitCode != 0)
                throw new InvalidOperationException(
                    $"Chromium exited with {p.ExitCode}.\n{Tail(stderr.Result)}"
                );
            return captureStdout ? stdout.Result : "";
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A crashpad helper may still hold a file for a moment; the temp folder is cleaned later.
            }
        }
    }

    private static string Tail(string s) => s.Length <= 3000 ? s : s[^3000..];
}

/// <summary>A fact that is skipped, with the reason, when Chromium or plotly.js is missing, except under CI=true where it runs and fails.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = SkipReason(TestPaths.IsCi, HeadlessChromium.MissingReason());
    }

    /// <summary>Skip (with the reason) only off CI; under CI=true a missing browser is a failure.</summary>
    internal static string? SkipReason(bool isCi, string? missing) =>
        isCi || missing is null
            ? null
            : "Browser test skipped: " + missing + " Under CI=true it fails instead.";
}
