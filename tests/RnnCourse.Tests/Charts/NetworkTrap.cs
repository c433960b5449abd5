// Counts the network requests of a headless Chromium run. Chromium is started with this loopback
// listener as its HTTP proxy (loopback included), so every http(s) request a page makes arrives
// here instead of leaving the machine; file:// loads do not. Each request is recorded by its first
// line (e.g. "CONNECT cdn.jsdelivr.net:443 HTTP/1.1") and answered 502, so to the page the
// network is unreachable. Chromium itself calls a few of its services in the background (update
// checks, account and time servers) whatever the page: BackgroundHosts records them with a blank
// page, so a test can tell the page's requests from the browser's own. Linked into the course
// test project too.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Tests.Charts;

internal sealed class NetworkTrap : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();

    public NetworkTrap()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The first line of every request received so far.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>The host of a recorded request line (CONNECT host:port, or GET/POST http://host/…).</summary>
    public static string Host(string request)
    {
        var target = request.Split(' ') is [_, var t, ..] ? t : request;
        return Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http")
            ? uri.Host
            : target.Split(':')[0];
    }

    /// <summary>The hosts <paramref name="browser"/> calls with only a blank page open: its own services.</summary>
    public IReadOnlySet<string> BackgroundHosts(HeadlessChromium browser)
    {
        var before = Requests.Count;
        var blank = Path.Combine(Path.GetTempPath(), $"rnncourse-blank-{Guid.NewGuid():N}.html");
        File.WriteAllText(blank, "<!DOCTYPE html><title>blank</title>");
        try
        {
            browser.DumpDom(blank, budgetMs: 5000);
        }
        finally
        {
            File.Delete(blank);
        }
        return Requests.Skip(before).Select(Host).ToHashSet();
    }

    /// <summary>The browser, sending all its traffic (loopback included) to this trap.</summary>
    public HeadlessChromium Browser(HeadlessChromium chromium) =>
        new(
            chromium.Executable,
            [
                $"--proxy-server=http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}",
                "--proxy-bypass-list=<-loopback>",
            ]
        );

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer, _stop.Token);
                var text = Encoding.ASCII.GetString(buffer, 0, read);
                _requests.Enqueue(text.Split("\r\n")[0]);
                await stream.WriteAsync(
                    "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(),
                    _stop.Token
                );
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The browser gave up on the connection: the request is recorded or never began.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
