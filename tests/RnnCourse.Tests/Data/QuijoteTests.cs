using System.Text;
using System.Text.Json;
using RnnCourse.Data;

namespace RnnCourse.Tests.Data;

public class QuijoteTests
{
    private static readonly byte[] GutenbergFile = Encoding.UTF8.GetBytes(
        GutenbergTextTests.Header
            + GutenbergTextTests.Body.Replace("\n", "\r\n")
            + GutenbergTextTests.Footer
    );

    private static QuijoteOptions Options(TempDir data, TempDir cache, Uri url) =>
        new(
            DataDirectory: data.Path,
            CacheDirectory: cache.Path,
            Url: url,
            Progress: new ProgressLog()
        );

    [Fact]
    public async Task LoadAsync_NothingLocal_DownloadsStripsCachesThenReadsCache()
    {
        using var server = new LoopbackHttpServer();
        using var data = new TempDir();
        using var cache = new TempDir();
        server.Serve("/pg2000.txt", new LoopbackRoute(200, GutenbergFile));
        var log = new ProgressLog();
        var first = await Quijote.LoadAsync(
            Options(data, cache, server.Url("/pg2000.txt")) with
            {
                Progress = log,
            }
        );
        Assert.Equal(CorpusSource.Download, first.Source);
        Assert.Equal(GutenbergTextTests.Body, first.Text);
        Assert.Equal(
            GutenbergTextTests.Body,
            File.ReadAllText(Path.Combine(cache.Path, Quijote.FileName))
        );
        Assert.Equal(GutenbergFile.Length, log.Reports[^1].BytesReceived);
        Assert.False(first.MatchesManifest);
        Assert.DoesNotContain(cache.Files(), f => f.EndsWith(".partial", StringComparison.Ordinal));

        var second = await Quijote.LoadAsync(Options(data, cache, server.Url("/pg2000.txt")));
        Assert.Equal(CorpusSource.Cache, second.Source);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task LoadAsync_TransferCutOff_ErrorNamesUrlAndManualStep_CacheEmpty()
    {
        using var server = new LoopbackHttpServer();
        using var data = new TempDir();
        using var cache = new TempDir();
        server.Serve(
            "/pg2000.txt",
            new LoopbackRoute(200, GutenbergFile, SendOnly: GutenbergFile.Length / 2)
        );
        var url = server.Url("/pg2000.txt");
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            Quijote.LoadAsync(Options(data, cache, url))
        );
        Assert.Contains(url.ToString(), e.Message);
        Assert.Contains(Quijote.DataDirVariable, e.Message);
        Assert.Contains(Path.Combine(cache.Path, Quijote.FileName), e.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public async Task LoadAsync_Offline_ErrorNamesUrlAndManualStep()
    {
        using var data = new TempDir();
        using var cache = new TempDir();
        var url = DatasetDownloaderTests.ClosedPortUrl();
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            Quijote.LoadAsync(Options(data, cache, url))
        );
        Assert.Contains(url.ToString(), e.Message);
        Assert.Contains("Manual step", e.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public async Task LoadAsync_TruncatedWithoutContentLength_RejectedByMissingEndMarker()
    {
        using var server = new LoopbackHttpServer();
        using var data = new TempDir();
        using var cache = new TempDir();
        int half = GutenbergFile.Length - GutenbergTextTests.Footer.Length;
        server.Serve(
            "/pg2000.txt",
            new LoopbackRoute(200, GutenbergFile, SendOnly: half, Reset: false, OmitLength: true)
        );
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            Quijote.LoadAsync(Options(data, cache, server.Url("/pg2000.txt")))
        );
        Assert.Contains("truncated", e.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public async Task LoadAsync_NotFound_NothingCached()
    {
        using var server = new LoopbackHttpServer();
        using var data = new TempDir();
        using var cache = new TempDir();
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            Quijote.LoadAsync(Options(data, cache, server.Url("/nope")))
        );
        Assert.Contains("404", e.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public async Task LoadAsync_PageWithoutMarkers_RejectedNothingCached()
    {
        using var server = new LoopbackHttpServer();
        using var data = new TempDir();
        using var cache = new TempDir();
        server.Serve(
            "/pg2000.txt",
            new LoopbackRoute(200, Encoding.UTF8.GetBytes("<html>Please log in</html>"))
        );
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            Quijote.LoadAsync(Options(data, cache, server.Url("/pg2000.txt")))
        );
        Assert.Contains("START or END marker", e.Message);
        Assert.Empty(cache.Files());
    }

    [Fact]
    public void Load_DownloadOff_ErrorListsSearchedPlaces()
    {
        using var data = new TempDir();
        using var cache = new TempDir();
        var e = Assert.Throws<DatasetException>(() =>
            Quijote.Load(
                new QuijoteOptions(
                    DataDirectory: data.Path,
                    CacheDirectory: cache.Path,
                    AllowDownload: false
                )
            )
        );
        Assert.Contains(Path.Combine(data.Path, Quijote.FileName), e.Message);
        Assert.Contains(Quijote.DefaultUrl.ToString(), e.Message);
    }

    [Fact]
    public void Load_ResolutionOrder_ExplicitThenDataDirThenCache()
    {
        using var data = new TempDir();
        using var cache = new TempDir();
        using var other = new TempDir();
        File.WriteAllText(Path.Combine(cache.Path, Quijote.FileName), "cache");
        var opts = new QuijoteOptions(
            DataDirectory: data.Path,
            CacheDirectory: cache.Path,
            AllowDownload: false
        );
        Assert.Equal(CorpusSource.Cache, Quijote.Load(opts).Source);
        File.WriteAllText(
            Path.Combine(data.Path, Quijote.FileName),
            "\uFEFF\ndatos\n",
            new UTF8Encoding(false)
        );
        var fromData = Quijote.Load(opts);
        Assert.Equal((CorpusSource.DataDirectory, "datos"), (fromData.Source, fromData.Text));
        string explicitFile = Path.Combine(other.Path, "mine.txt");
        File.WriteAllBytes(explicitFile, GutenbergFile);
        var fromPath = Quijote.Load(opts with { Path = explicitFile });
        Assert.Equal(
            (CorpusSource.ExplicitPath, GutenbergTextTests.Body),
            (fromPath.Source, fromPath.Text)
        );
    }

    [Fact]
    public void Load_MissingExplicitPath_ThrowsNamingPath()
    {
        var e = Assert.Throws<FileNotFoundException>(() =>
            Quijote.Load(new QuijoteOptions(Path: "/nonexistent/q.txt"))
        );
        Assert.Contains("/nonexistent/q.txt", e.Message);
    }

    [Fact]
    public void Manifest_MatchesLoaderConstants()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RnnCourse.sln")))
        {
            root =
                Path.GetDirectoryName(root)
                ?? throw new InvalidOperationException(
                    "RnnCourse.sln not found above the test folder."
                );
        }
        using var doc = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(root, "datasets", "manifest.json"))
        );
        var q = doc
            .RootElement.GetProperty("datasets")
            .EnumerateArray()
            .Single(d => d.GetProperty("name").GetString() == "quijote");
        Assert.Equal(Quijote.ExpectedSha256, q.GetProperty("sha256").GetString());
        Assert.Equal(Quijote.ExpectedCharacters, q.GetProperty("characters").GetInt32());
        Assert.Equal(Quijote.DefaultUrl.ToString(), q.GetProperty("url").GetString());
    }

    // Runs against the real novel where RNNCOURSE_DATA_DIR provides it (CI does); elsewhere there
    // is nothing to compare, and the other tests cover the code paths with synthetic files.
    [Fact]
    public void Load_SharedCopy_MatchesManifest()
    {
        string? dir = Environment.GetEnvironmentVariable(Quijote.DataDirVariable);
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }
        Assert.True(
            File.Exists(Path.Combine(dir, Quijote.FileName)),
            $"{Quijote.DataDirVariable}={dir} has no {Quijote.FileName}."
        );
        var c = Quijote.Load(new QuijoteOptions(AllowDownload: false));
        Assert.Equal(CorpusSource.DataDirectory, c.Source);
        Assert.True(
            c.MatchesManifest,
            $"SHA-256 {c.Sha256} differs from the manifest's {Quijote.ExpectedSha256}."
        );
        Assert.Equal(Quijote.ExpectedCharacters, c.Text.Length);
        Assert.StartsWith("El ingenioso hidalgo don Quijote de la Mancha", c.Text);
        Assert.EndsWith("Fin", c.Text);
        const string seed =
            "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un "
            + "hidalgo de los de lanza en astillero, adarga antigua, rocín flaco y galgo corredor.";
        Assert.Contains(seed, c.Text.Replace('\n', ' '));
    }
}
