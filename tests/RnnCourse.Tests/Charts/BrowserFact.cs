// The browser the browser tests drive (the runner's HeadlessChromium) and the [BrowserFact] that
// skips them, with the reason, where Chromium or the npm-installed plotly.js is missing, except
// under CI=true, where they run and fail. Linked into the runner and course test projects too.
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Tests.Charts;

internal static class TestBrowser
{
    /// <summary>The browser, or null when none is installed.</summary>
    internal static HeadlessChromium? Chromium { get; } = HeadlessChromium.Find();

    /// <summary>The plotly.js that lib/web/package.json pins, as `npm ci` installs it (the runner's build runs it).</summary>
    internal static string PlotlyJs =>
        Path.Combine(RepoRoot, "lib", "web", "node_modules", "plotly.js-dist-min", "plotly.min.js");

    internal static bool IsCi =>
        string.Equals(
            Environment.GetEnvironmentVariable("CI"),
            "true",
            StringComparison.OrdinalIgnoreCase
        );

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    internal static string? MissingReason()
    {
        if (Chromium is null)
            return $"Chromium not found ({HeadlessChromium.InstallHint}); `bash .ci/install-test-deps.sh` installs it.";
        if (!File.Exists(PlotlyJs))
            return $"plotly.js not found at {PlotlyJs} (build lib/RnnCourse.Runner, which runs `npm ci --prefix web`).";
        return null;
    }

    /// <summary>The browser; fails the test with the reason when it cannot run.</summary>
    internal static HeadlessChromium Require()
    {
        var missing = MissingReason();
        Assert.True(missing is null, "CI=true requires the browser test to run: " + missing);
        return Chromium!;
    }

    /// <summary>The folder holding RnnCourse.sln.</summary>
    internal static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            dir is not null;
            dir = dir.Parent
        )
            if (File.Exists(Path.Combine(dir.FullName, "RnnCourse.sln")))
                return dir.FullName;
        throw new InvalidOperationException(
            $"RnnCourse.sln not found above {AppContext.BaseDirectory}."
        );
    }
}

/// <summary>A fact that is skipped, with the reason, when Chromium or plotly.js is missing, except under CI=true where it runs and fails.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = SkipReason(TestBrowser.IsCi, TestBrowser.MissingReason());
    }

    /// <summary>Skip (with the reason) only off CI; under CI=true a missing browser is a failure.</summary>
    internal static string? SkipReason(bool isCi, string? missing) =>
        isCi || missing is null
            ? null
            : "Browser test skipped: " + missing + " Under CI=true it fails instead.";
}
