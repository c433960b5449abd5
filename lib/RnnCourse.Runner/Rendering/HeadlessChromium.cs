// Drives Debian's headless Chromium, for the chart images `rnncourse run` writes and for the
// browser tests: --dump-dom after a virtual-time budget (the page's own script writes its findings
// into the DOM) and --screenshot. Each run gets a fresh --user-data-dir; the flags are those needed
// to run as root in a container without background network use. Extra flags (a test's proxy that
// counts requests) are passed to the constructor.
using System.Diagnostics;

namespace RnnCourse.Runner.Rendering;

/// <summary>A headless Chromium executable and the flags it runs with.</summary>
public sealed class HeadlessChromium
{
    private static readonly string[] Candidates =
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];

    private readonly IReadOnlyList<string> _extraArguments;

    /// <param name="executable">The browser executable.</param>
    /// <param name="extraArguments">Flags added to every run (e.g. <c>--proxy-server=…</c>).</param>
    public HeadlessChromium(string executable, IReadOnlyList<string>? extraArguments = null)
    {
        Executable = executable;
        _extraArguments = extraArguments ?? [];
    }

    /// <summary>The browser executable.</summary>
    public string Executable { get; }

    /// <summary>How to get a browser, for messages when <see cref="Find"/> finds none.</summary>
    public const string InstallHint =
        "apt-get install chromium, or set RNNCOURSE_CHROMIUM to a Chromium executable";

    /// <summary>$RNNCOURSE_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on PATH; null when none.</summary>
    public static HeadlessChromium? Find(IReadOnlyList<string>? extraArguments = null)
    {
        var env = Environment.GetEnvironmentVariable("RNNCOURSE_CHROMIUM");
        if (!string.IsNullOrEmpty(env))
            return File.Exists(env) ? new HeadlessChromium(env, extraArguments) : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in Candidates)
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(dir, name);
            if (File.Exists(full))
                return new HeadlessChromium(full, extraArguments);
        }
        return null;
    }

    /// <summary>Loads the page, lets it run for <paramref name="budgetMs"/> of virtual time, returns the serialised DOM.</summary>
    /// <exception cref="TimeoutException">Chromium ran longer than <paramref name="timeout"/> (default 120 s).</exception>
    /// <exception cref="InvalidOperationException">Chromium exited with an error.</exception>
    public string DumpDom(string pagePath, int budgetMs = 20000, TimeSpan? timeout = null) =>
        Run(
            [$"--virtual-time-budget={budgetMs}", "--dump-dom", new Uri(pagePath).AbsoluteUri],
            captureStdout: true,
            timeout ?? TimeSpan.FromSeconds(120)
        );

    /// <summary>Saves a PNG screenshot of the page at the given window size.</summary>
    public void Screenshot(
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
            captureStdout: false,
            TimeSpan.FromSeconds(120)
        );

    private string Run(IEnumerable<string> args, bool captureStdout, TimeSpan timeout)
    {
        var profile = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-chromium-" + Guid.NewGuid().ToString("N")
        );
        Directory.CreateDirectory(profile);
        try
        {
            var psi = new ProcessStartInfo(Executable)
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
                }
                    .Concat(_extraArguments)
                    .Concat(args)
            )
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException(
                    $"Chromium did not finish within {timeout.TotalSeconds:0} s.\n{Tail(stderr.Result)}"
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
