using System.Security.Cryptography;
using System.Text;
using RnnCourse.Data;

namespace RnnCourse.Tests.Data;

public class DatasetDownloaderTests
{
    private static byte[] Payload(int n) =>
        Enumerable.Range(0, n).Select(i => (byte)(i * 7 % 251)).ToArray();

    [Fact]
    public async Task DownloadAsync_CompleteTransfer_WritesFileReportsProgressReturnsHash()
    {
        using var server = new LoopbackHttpServer();
        using var dir = new TempDir();
        var body = Payload(50_000);
        server.Serve("/f.bin", new LoopbackRoute(200, body));
        var log = new ProgressLog();
        string dest = Path.Combine(dir.Path, "sub", "f.bin");
        string sha = await DatasetDownloader.DownloadAsync(
            server.Url("/f.bin"),
            dest,
            log,
            Convert.ToHexString(SHA256.HashData(body))
        );
        Assert.Equal(body, File.ReadAllBytes(dest));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), sha);
        Assert.True(log.Reports.Count >= 2);
        Assert.Equal(new DownloadProgress(50_000, 50_000), log.Reports[^1]);
        Assert.All(log.Reports, r => Assert.Equal(50_000, r.TotalBytes));
        Assert.Single(dir.Files()); // no temporary file left
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DownloadAsync_CutOffHalfWay_ThrowsAndLeavesNoFile(bool reset)
    {
        using var server = new LoopbackHttpServer();
        using var dir = new TempDir();
        server.Serve(
            "/f.bin",
            new LoopbackRoute(200, Payload(100_000), SendOnly: 50_000, Reset: reset)
        );
        string dest = Path.Combine(dir.Path, "f.bin");
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            DatasetDownloader.DownloadAsync(server.Url("/f.bin"), dest)
        );
        Assert.Contains("Nothing was saved", e.Message);
        Assert.Contains(server.Url("/f.bin").ToString(), e.Message);
        Assert.Empty(dir.Files());
    }

    [Fact]
    public async Task DownloadAsync_NoContentLength_SavesWhateverArrived()
    {
        // Without Content-Length the length cannot be checked here; callers verify content
        // (Quijote requires both Gutenberg markers, see QuijoteTests).
        using var server = new LoopbackHttpServer();
        using var dir = new TempDir();
        var body = Payload(20_000);
        server.Serve("/f.bin", new LoopbackRoute(200, body, OmitLength: true));
        var log = new ProgressLog();
        string dest = Path.Combine(dir.Path, "f.bin");
        await DatasetDownloader.DownloadAsync(server.Url("/f.bin"), dest, log);
        Assert.Equal(body, File.ReadAllBytes(dest));
        Assert.All(log.Reports, r => Assert.Null(r.TotalBytes));
    }

    [Fact]
    public async Task DownloadAsync_NotFound_ThrowsWithStatusAndLeavesNoFile()
    {
        using var server = new LoopbackHttpServer();
        using var dir = new TempDir();
        string dest = Path.Combine(dir.Path, "f.bin");
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            DatasetDownloader.DownloadAsync(server.Url("/missing"), dest)
        );
        Assert.Contains("404", e.Message);
        Assert.Empty(dir.Files());
    }

    [Fact]
    public async Task DownloadAsync_WrongChecksum_ThrowsAndKeepsPreviousFile()
    {
        using var server = new LoopbackHttpServer();
        using var dir = new TempDir();
        server.Serve("/f.bin", new LoopbackRoute(200, Payload(10_000)));
        string dest = Path.Combine(dir.Path, "f.bin");
        File.WriteAllText(dest, "previous");
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            DatasetDownloader.DownloadAsync(
                server.Url("/f.bin"),
                dest,
                expectedSha256: new string('0', 64)
            )
        );
        Assert.Contains("corrupt", e.Message);
        Assert.Equal("previous", File.ReadAllText(dest));
        Assert.Single(dir.Files());
    }

    [Fact]
    public async Task DownloadAsync_NobodyListening_ThrowsNamingUrl()
    {
        var url = ClosedPortUrl();
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<DatasetException>(() =>
            DatasetDownloader.DownloadAsync(url, Path.Combine(dir.Path, "f"))
        );
        Assert.Contains(url.ToString(), e.Message);
        Assert.Empty(dir.Files());
    }

    internal static Uri ClosedPortUrl()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return new Uri($"http://127.0.0.1:{port}/pg2000.txt");
    }
}

public class ConsoleProgressBarTests
{
    [Fact]
    public void Report_KnownTotal_DrawsBarOncePerPercentAndEndsLine()
    {
        var sw = new StringWriter();
        var bar = new ConsoleProgressBar(sw, width: 10);
        bar.Report(new DownloadProgress(0, 2_000_000));
        bar.Report(new DownloadProgress(1000, 2_000_000)); // still 0% → not redrawn
        bar.Report(new DownloadProgress(1_000_000, 2_000_000));
        bar.Report(new DownloadProgress(2_000_000, 2_000_000));
        string s = sw.ToString();
        Assert.Equal(3, s.Count(c => c == '\r'));
        Assert.Contains("[#####·····]  50%  1.0 / 2.0 MB", s);
        Assert.EndsWith("[##########] 100%  2.0 / 2.0 MB" + Environment.NewLine, s);
    }
}

public class CallbackProgressTests
{
    [Fact]
    public void Report_CallsActionSynchronously()
    {
        var seen = new List<long>();
        var p = new CallbackProgress(r => seen.Add(r.BytesReceived));
        p.Report(new DownloadProgress(5, 10));
        p.Report(new DownloadProgress(10, 10));
        Assert.Equal([5L, 10L], seen);
        Assert.Equal(0.5, new DownloadProgress(5, 10).Fraction);
        Assert.Null(new DownloadProgress(5, null).Fraction);
    }
}

public class GutenbergTextTests
{
    internal const string Header =
        "\uFEFFThe Project Gutenberg eBook of Don Quijote\r\n\r\nThis ebook is for the use of anyone anywhere...\r\n\r\n"
        + "*** START OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***\r\n\r\n\r\n";

    internal const string Footer =
        "\r\n\r\n\r\nEnd of Project Gutenberg's Don Quijote, by Miguel de Cervantes Saavedra\r\n\r\n"
        + "*** END OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***\r\n\r\nSection 1. General Terms of Use…\r\n";

    internal const string Body =
        "El ingenioso hidalgo don Quijote de la Mancha\n\nEn un lugar de la Mancha…\n\nFin";

    [Fact]
    public void StripBoilerplate_HeaderAndLicence_LeavesBody()
    {
        string raw = RnnCourse.Text.TextNormalizer.Normalize(
            Header + Body.Replace("\n", "\r\n") + Footer
        );
        Assert.Equal(Body, GutenbergText.StripBoilerplate(raw));
    }

    [Fact]
    public void StripBoilerplate_NoMarkers_OnlyTrims()
    {
        Assert.Equal("Fin", GutenbergText.StripBoilerplate("\n  Fin\n"));
        Assert.False(GutenbergText.HasMarkers(Body));
        Assert.True(GutenbergText.HasMarkers(Header));
    }

    [Fact]
    public void StripBoilerplate_OldStyleMarkers_Recognised()
    {
        string raw =
            "x\n*** START OF THIS PROJECT GUTENBERG EBOOK X ***\nbody\n*** END OF THIS PROJECT GUTENBERG EBOOK X ***\nlicence";
        Assert.Equal("body", GutenbergText.StripBoilerplate(raw));
    }
}
