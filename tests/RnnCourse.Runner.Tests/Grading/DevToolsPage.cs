// A page in headless Chromium driven over the DevTools protocol (a WebSocket per page): the review
// page test clicks and types in it as an instructor would. Chromium gets a fresh profile and a
// proxy that does not exist, so nothing but the loopback server can answer it.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Runner.Tests.Grading;

internal sealed class DevToolsBrowser : IDisposable
{
    private readonly Process _process;
    private readonly string _profile = TestPaths.TempDir("chromium-profile");

    public DevToolsBrowser()
    {
        var chromium =
            HeadlessChromium.Find()
            ?? throw new InvalidOperationException("No Chromium: " + HeadlessChromium.InstallHint);
        var psi = new ProcessStartInfo(chromium.Executable) { RedirectStandardError = true };
        foreach (
            var a in (string[])
                [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--remote-debugging-port=0",
                    $"--user-data-dir={_profile}",
                    "--proxy-server=http://127.0.0.1:9",
                    "about:blank",
                ]
        )
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line =
                _process.StandardError.ReadLine()
                ?? throw new InvalidOperationException("Chromium exited");
            var at = line.IndexOf("ws://", StringComparison.Ordinal);
            if (line.StartsWith("DevTools listening on", StringComparison.Ordinal) && at >= 0)
            {
                Endpoint = new Uri(line[at..].Trim());
                _ = _process.StandardError.ReadToEndAsync();
                return;
            }
        }
        throw new TimeoutException("Chromium did not print its DevTools address");
    }

    public Uri Endpoint { get; }

    /// <summary>Opens <paramref name="url"/> in a new tab.</summary>
    public async Task<DevToolsPage> OpenAsync(Uri url)
    {
        using var http = new HttpClient();
        var target = await http.PutAsync(
            $"http://{Endpoint.Authority}/json/new?{Uri.EscapeDataString(url.ToString())}",
            null
        );
        var json = await target.Content.ReadFromJsonAsync<JsonObject>();
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(
            new Uri(json!["webSocketDebuggerUrl"]!.GetValue<string>()),
            default
        );
        return new DevToolsPage(socket);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10000);
        }
        catch (InvalidOperationException) { }
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException) { }
    }
}

internal sealed class DevToolsPage(ClientWebSocket socket) : IDisposable
{
    private int _id;

    /// <summary>Evaluates <paramref name="expression"/> in the page (promises awaited); returns its JSON value.</summary>
    public async Task<JsonNode?> EvalAsync(string expression)
    {
        int id = ++_id;
        var message = new JsonObject
        {
            ["id"] = id,
            ["method"] = "Runtime.evaluate",
            ["params"] = new JsonObject
            {
                ["expression"] = expression,
                ["awaitPromise"] = true,
                ["returnByValue"] = true,
                ["userGesture"] = true,
            },
        };
        await socket.SendAsync(
            Encoding.UTF8.GetBytes(message.ToJsonString()),
            WebSocketMessageType.Text,
            true,
            default
        );
        while (true)
        {
            var reply = JsonNode.Parse(await ReceiveAsync())!;
            if (reply["id"]?.GetValue<int>() != id)
                continue;
            if (reply["result"]?["exceptionDetails"] is { } error)
                throw new InvalidOperationException("in the page: " + error.ToJsonString());
            return reply["result"]?["result"]?["value"];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> (a JS expression) is true.</summary>
    public async Task WaitAsync(string condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if ((await EvalAsync($"!!({condition})"))?.GetValue<bool>() == true)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException(
            $"the page never satisfied {condition}: {await EvalAsync("document.body.innerText")}"
        );
    }

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, default);
            text.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(text.ToArray());
    }

    public void Dispose() => socket.Dispose();
}
