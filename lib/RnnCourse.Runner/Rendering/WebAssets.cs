// The browser files the site ships so that no page needs the network: plotly.js (the build chart
// outputs are made for) and KaTeX with its fonts. The runner's build installs them with `npm ci`
// from lib/web/ (the one place their versions are pinned) and copies them beside the runner as web/;
// the site gets a copy under _static/. A folder of your own can be passed instead (tests, a
// runner used from source).
namespace RnnCourse.Runner.Rendering;

/// <summary>A folder holding plotly.min.js and katex/ (katex.min.js, katex.min.css, contrib/auto-render.min.js, fonts/).</summary>
public sealed class WebAssets
{
    /// <summary>The site's folder for these files, relative to the site root.</summary>
    public const string SiteFolder = "_static";

    /// <summary>The files every page loads, relative to the assets folder.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } =
    [
        "plotly.min.js",
        "katex/katex.min.js",
        "katex/katex.min.css",
        "katex/contrib/auto-render.min.js",
    ];

    /// <param name="directory">The folder with the files (see the class summary).</param>
    public WebAssets(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The copy built beside the runner (its web/ folder).</summary>
    public static WebAssets Shipped { get; } = new(Path.Combine(AppContext.BaseDirectory, "web"));

    /// <summary>The folder holding the files.</summary>
    public string Directory { get; }

    /// <summary>Full path of plotly.min.js.</summary>
    public string PlotlyJs => Path.Combine(Directory, "plotly.min.js");

    /// <summary>Throws when a required file is missing, saying how to get it.</summary>
    /// <exception cref="FileNotFoundException">A file every page needs is missing.</exception>
    public void Check()
    {
        foreach (var file in RequiredFiles)
        {
            var path = Path.Combine(Directory, file);
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"The site's browser file '{path}' is missing. Build the runner (`dotnet build lib/RnnCourse.Runner`), which runs `npm ci` in lib/web/ and copies plotly.js and KaTeX beside it.",
                    path
                );
        }
    }

    /// <summary>Copies every file (fonts included) into <paramref name="target"/>.</summary>
    /// <param name="target">The site's asset folder, created if missing.</param>
    public void CopyTo(string target)
    {
        Check();
        foreach (
            var file in System.IO.Directory.EnumerateFiles(
                Directory,
                "*",
                SearchOption.AllDirectories
            )
        )
        {
            var to = Path.Combine(target, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
    }
}
