// A minimal HTTP/1.1 server on 127.0.0.1 for download tests: raw TcpListener, so a test can
// announce a Content-Length and then cut the connection half-way, which HttpListener cannot do
// cleanly. Only ever binds the loopback address.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RnnCourse.Tests.Data;

/// <summary>What the server answers for a path.</summary>
/// <param name="SendOnly">Send only this many body bytes, then close.</param>
/// <param name="Reset">Close a cut-off transfer with a TCP reset (true) or a normal close (false).</param>
/// <param name="OmitLength">Send no Content-Length (the body ends when the connection closes).</param>
internal sealed record LoopbackRoute(
    int Status,
    byte[] Body,
    int? SendOnly = null,
    bool Reset = true,
    bool OmitLength = false
);

internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, LoopbackRoute> _routes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Requests => Volatile.Read(ref _requests);

    public Uri Url(string path) =>
        new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    public void Serve(string path, LoopbackRoute route)
    {
        lock (_routes)
        {
            _routes[path] = route;
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(buffer) == 0)
                {
                    return;
                }
                head.Append((char)buffer[0]);
            }
            Interlocked.Increment(ref _requests);
            string path = head.ToString().Split(' ')[1];
            LoopbackRoute? route;
            lock (_routes)
            {
                _routes.TryGetValue(path, out route);
            }
            route ??= new LoopbackRoute(404, Encoding.UTF8.GetBytes("not found"));
            string reason =
                route.Status == 200 ? "OK"
                : route.Status == 404 ? "Not Found"
                : "Error";
            string header =
                $"HTTP/1.1 {route.Status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + (route.OmitLength ? "" : $"Content-Length: {route.Body.Length}\r\n")
                + "Connection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
            int count = route.SendOnly ?? route.Body.Length;
            // Send in a few pieces so progress is reported more than once.
            for (int i = 0; i < count; i += 4096)
            {
                await stream.WriteAsync(route.Body.AsMemory(i, Math.Min(4096, count - i)));
                await stream.FlushAsync();
            }
            if (route.SendOnly is not null && route.Reset)
            {
                client.Client.LingerState = new LingerOption(true, 0); // reset: the transfer is cut off
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}

/// <summary>Collects progress reports synchronously (System.Progress posts them asynchronously).</summary>
internal sealed class ProgressLog : IProgress<RnnCourse.Data.DownloadProgress>
{
    public List<RnnCourse.Data.DownloadProgress> Reports { get; } = [];

    public void Report(RnnCourse.Data.DownloadProgress value) => Reports.Add(value);
}

/// <summary>A fresh temporary folder, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } =
        Directory
            .CreateDirectory(
                System.IO.Path.Combine(
                    System.IO.Path.GetTempPath(),
                    "rnncourse-test-" + Guid.NewGuid().ToString("N")
                )
            )
            .FullName;

    public string[] Files() => Directory.GetFiles(Path, "*", SearchOption.AllDirectories);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
    }
}
