// Don Quijote (Project Gutenberg #2000), the course's running corpus. Resolution order:
//   1. an explicit path (QuijoteOptions.Path) — an error if it does not exist;
//   2. $RNNCOURSE_DATA_DIR/quijote.txt (CI points it at ../shared/datasets);
//   3. the per-user cache: $RNNCOURSE_CACHE_DIR, else $XDG_CACHE_HOME/rnncourse, else
//      ~/.cache/rnncourse (Linux, macOS) or %LOCALAPPDATA%\rnncourse (Windows);
//   4. a download of the Gutenberg plain text (UTF-8) into the cache: raw file through a
//      temporary file (DatasetDownloader), header and licence stripped, the stripped text
//      written to a temporary file and renamed to quijote.txt.
// Every path returns the same canonical text: NFC, no BOM, '\n' line endings, Gutenberg
// boilerplate removed, trimmed. Its SHA-256 is in datasets/manifest.json (and ExpectedSha256).
using System.Security.Cryptography;
using System.Text;
using RnnCourse.Text;

namespace RnnCourse.Data;

/// <summary>Where <see cref="Quijote.Load"/> found the text.</summary>
public enum CorpusSource
{
    /// <summary>The path passed in the options.</summary>
    ExplicitPath,

    /// <summary>quijote.txt in the RNNCOURSE_DATA_DIR folder.</summary>
    DataDirectory,

    /// <summary>The per-user cache, from an earlier download or copied by hand.</summary>
    Cache,

    /// <summary>Downloaded just now (and saved in the cache).</summary>
    Download,
}

/// <summary>Options of <see cref="Quijote.Load"/>; the defaults follow the resolution order of the class comment.</summary>
/// <param name="Path">A file to read (raw Gutenberg or already stripped). Null: search.</param>
/// <param name="DataDirectory">Folder holding quijote.txt. Null: the RNNCOURSE_DATA_DIR environment variable.</param>
/// <param name="CacheDirectory">The cache folder. Null: <see cref="Quijote.DefaultCacheDirectory"/>.</param>
/// <param name="Url">Download source. Null: <see cref="Quijote.DefaultUrl"/>.</param>
/// <param name="AllowDownload">Download when the text is nowhere else (default true).</param>
/// <param name="Progress">Download progress. Null: a <see cref="ConsoleProgressBar"/> on standard error.</param>
/// <param name="Timeout">Download time limit. Null: 5 minutes.</param>
public sealed record QuijoteOptions(
    string? Path = null,
    string? DataDirectory = null,
    string? CacheDirectory = null,
    Uri? Url = null,
    bool AllowDownload = true,
    IProgress<DownloadProgress>? Progress = null,
    TimeSpan? Timeout = null
);

/// <summary>The loaded corpus and where it came from.</summary>
/// <param name="Text">The canonical text (NFC, '\n', no boilerplate).</param>
/// <param name="Source">Which step of the resolution order found it.</param>
/// <param name="FilePath">The file it was read from (or saved to).</param>
/// <param name="Sha256">SHA-256 (hex) of <see cref="Text"/> as UTF-8 without BOM.</param>
public sealed record CorpusText(string Text, CorpusSource Source, string FilePath, string Sha256)
{
    /// <summary>Whether the text is byte-identical to the one the course was written against.</summary>
    public bool MatchesManifest => Sha256 == Quijote.ExpectedSha256;
}

/// <summary>Finds, downloads and caches Don Quijote.</summary>
public static class Quijote
{
    /// <summary>The file name looked for in every folder.</summary>
    public const string FileName = "quijote.txt";

    /// <summary>The environment variable naming the shared datasets folder.</summary>
    public const string DataDirVariable = "RNNCOURSE_DATA_DIR";

    /// <summary>The environment variable overriding the cache folder.</summary>
    public const string CacheDirVariable = "RNNCOURSE_CACHE_DIR";

    /// <summary>Project Gutenberg ebook #2000, plain text, UTF-8.</summary>
    public static Uri DefaultUrl { get; } =
        new("https://www.gutenberg.org/cache/epub/2000/pg2000.txt");

    /// <summary>SHA-256 of the canonical text (see datasets/manifest.json).</summary>
    public const string ExpectedSha256 =
        "467f4714581d95fcf18b1f852ad8cdc6da184170cd3e7d6bdd548d93655f306d";

    /// <summary>Length of the canonical text in UTF-16 chars (see datasets/manifest.json).</summary>
    public const int ExpectedCharacters = 2_097_952;

    /// <summary>The per-user cache folder (see the resolution order).</summary>
    public static string DefaultCacheDirectory()
    {
        string? explicitDir = Environment.GetEnvironmentVariable(CacheDirVariable);
        if (!string.IsNullOrEmpty(explicitDir))
        {
            return explicitDir;
        }
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return System.IO.Path.Combine(xdg, "rnncourse");
        }
        if (!OperatingSystem.IsWindows())
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (!string.IsNullOrEmpty(home))
            {
                return System.IO.Path.Combine(home, ".cache", "rnncourse");
            }
        }
        return System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData),
            "rnncourse"
        );
    }

    /// <summary>Loads the text (blocking). See <see cref="LoadAsync"/>.</summary>
    public static CorpusText Load(QuijoteOptions? options = null) =>
        LoadAsync(options).GetAwaiter().GetResult();

    /// <summary>
    /// Loads the canonical text following the resolution order; downloads into the cache when
    /// it is nowhere else. Throws <see cref="DatasetException"/> naming the URL and the manual
    /// step when offline, and <see cref="FileNotFoundException"/> for a missing explicit path.
    /// </summary>
    public static async Task<CorpusText> LoadAsync(
        QuijoteOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        options ??= new QuijoteOptions();
        if (options.Path is string explicitPath)
        {
            if (!File.Exists(explicitPath))
            {
                throw new FileNotFoundException(
                    $"Don Quijote was requested from {explicitPath}, which does not exist. Fix the path, or pass no "
                        + $"path to search {DataDirVariable} and the cache.",
                    explicitPath
                );
            }
            return Read(explicitPath, CorpusSource.ExplicitPath);
        }
        string? dataDir =
            options.DataDirectory ?? Environment.GetEnvironmentVariable(DataDirVariable);
        string? dataFile = string.IsNullOrEmpty(dataDir)
            ? null
            : System.IO.Path.Combine(dataDir, FileName);
        if (dataFile is not null && File.Exists(dataFile))
        {
            return Read(dataFile, CorpusSource.DataDirectory);
        }
        string cacheDir = options.CacheDirectory ?? DefaultCacheDirectory();
        string cacheFile = System.IO.Path.Combine(cacheDir, FileName);
        if (File.Exists(cacheFile))
        {
            return Read(cacheFile, CorpusSource.Cache);
        }
        Uri url = options.Url ?? DefaultUrl;
        string searched =
            $"Looked for {(dataFile ?? $"${DataDirVariable}/{FileName} ({DataDirVariable} is not set)")} and {cacheFile}.";
        if (!options.AllowDownload)
        {
            throw new DatasetException(
                $"Don Quijote is not available and downloading is off. {searched} {ManualStep(url, cacheFile)}"
            );
        }
        string rawFile = System.IO.Path.Combine(cacheDir, "pg2000.raw.txt");
        try
        {
            Directory.CreateDirectory(cacheDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(
                $"Cannot create the cache folder {cacheDir} ({e.Message}). Set {CacheDirVariable} (or "
                    + $"QuijoteOptions.CacheDirectory) to a writable folder. {ManualStep(url, cacheFile)}",
                e
            );
        }
        try
        {
            await DatasetDownloader
                .DownloadAsync(
                    url,
                    rawFile,
                    options.Progress ?? new ConsoleProgressBar(),
                    null,
                    options.Timeout,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (DatasetException e)
        {
            throw new DatasetException($"{e.Message} {searched} {ManualStep(url, cacheFile)}", e);
        }
        string raw = await File.ReadAllTextAsync(rawFile, Encoding.UTF8, cancellationToken)
            .ConfigureAwait(false);
        // A complete Gutenberg file has both markers; a missing END marker also catches a
        // truncated transfer from a server that sent no Content-Length.
        if (!GutenbergText.HasStartAndEnd(raw))
        {
            File.Delete(rawFile);
            throw new DatasetException(
                $"The file from {url} lacks the Project Gutenberg START or END marker: it is truncated or not the ebook "
                    + $"(a login or error page?). Nothing was cached. {ManualStep(url, cacheFile)}"
            );
        }
        string text = Canonical(raw);
        string temp = cacheFile + $".{Guid.NewGuid():N}.partial";
        try
        {
            await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken)
                .ConfigureAwait(false);
            File.Move(temp, cacheFile, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        return new CorpusText(text, CorpusSource.Download, cacheFile, Sha256(text));
    }

    /// <summary>
    /// The canonical form of a raw or stripped file's text: <see cref="TextNormalizer.Normalize"/>
    /// then <see cref="GutenbergText.StripBoilerplate"/>.
    /// </summary>
    public static string Canonical(string raw) =>
        GutenbergText.StripBoilerplate(TextNormalizer.Normalize(raw));

    /// <summary>SHA-256 (lower-case hex) of <paramref name="text"/> encoded as UTF-8 without BOM.</summary>
    public static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static CorpusText Read(string path, CorpusSource source)
    {
        string text = Canonical(File.ReadAllText(path, Encoding.UTF8));
        return new CorpusText(text, source, System.IO.Path.GetFullPath(path), Sha256(text));
    }

    private static string ManualStep(Uri url, string cacheFile) =>
        $"Manual step: download {url} (Project Gutenberg ebook #2000, plain text UTF-8) on a connected machine and "
        + $"save it as {cacheFile} (the Gutenberg header is stripped when loading), or put it as {FileName} in a "
        + $"folder and set the environment variable {DataDirVariable} to that folder.";
}
