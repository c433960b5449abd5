// The web server behind `rnncourse review`: one page (ReviewPage.html) and a small JSON API over a
// grades folder (GradesFolder), for an instructor marking written answers and overriding code
// exercises by hand. It listens on the loopback interface only, on a free port, and every request
// must carry the random token of the URL it printed (query "token", or header X-Review-Token)
// except KaTeX's public files and name that host and port (no DNS rebinding). Students'
// Markdown is rendered on the server with raw HTML disabled, so an answer cannot run script in the
// instructor's page; KaTeX typesets the equations from the runner's own copy (no network).
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Markdig;
using RnnCourse.Grading.Reports;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Runner.Grading;

/// <summary>Serves the review page of one grades folder.</summary>
public sealed class ReviewServer : IDisposable
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .UseMathematics()
        .DisableHtml()
        .Build();

    private readonly GradesFolder _folder;
    private readonly WebAssets _web;
    private readonly HttpListener _listener = new();
    private readonly string _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private readonly int _port;
    private Task? _loop;

    /// <param name="folder">The grades folder to review.</param>
    /// <param name="web">Where KaTeX is (the runner's web/ folder).</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    public ReviewServer(GradesFolder folder, WebAssets web, int port = 0)
    {
        _folder = folder;
        _web = web;
        _port = port == 0 ? FreePort() : port;
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
    }

    /// <summary>The page's address, with its token.</summary>
    public Uri Url => new($"http://127.0.0.1:{_port}/?token={_token}");

    /// <summary>Starts serving.</summary>
    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(() => Handle(context));
            }
        });
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_listener.IsListening)
            _listener.Stop();
        _listener.Close();
        _loop?.Wait(TimeSpan.FromSeconds(5));
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var host = request.Headers["Host"];
            if (host != $"127.0.0.1:{_port}" && host != $"localhost:{_port}")
            {
                Send(
                    response,
                    421,
                    "text/plain",
                    $"This server answers only http://127.0.0.1:{_port}/."
                );
                return;
            }
            var path = request.Url!.AbsolutePath;
            if (
                request.HttpMethod == "GET"
                && path.StartsWith("/_static/", StringComparison.Ordinal)
            )
            {
                // KaTeX's own files (its stylesheet loads the fonts by relative URLs, without the token).
                Static(response, path["/_static/".Length..]);
                return;
            }
            var token = request.Headers["X-Review-Token"] ?? request.QueryString["token"] ?? "";
            if (
                !CryptographicOperations.FixedTimeEquals(
                    Encoding.UTF8.GetBytes(token),
                    Encoding.UTF8.GetBytes(_token)
                )
            )
            {
                Send(
                    response,
                    403,
                    "text/plain",
                    "Open the address `rnncourse review` printed: it carries the token."
                );
                return;
            }
            switch (request.HttpMethod, path)
            {
                case ("GET", "/"):
                    Send(response, 200, "text/html; charset=utf-8", Page());
                    break;
                case ("GET", "/api/state"):
                    Send(response, 200, "application/json", State().ToJsonString());
                    break;
                case ("POST", "/api/mark"):
                    Mark(request, response);
                    break;
                default:
                    Send(response, 404, "text/plain", "Not found.");
                    break;
            }
        }
        catch (Exception e)
        {
            Send(response, 500, "application/json", Error(e.Message));
        }
    }

    private string Page()
    {
        using var stream =
            typeof(ReviewServer).Assembly.GetManifestResourceStream(
                "RnnCourse.Runner.ReviewPage.html"
            ) ?? throw new InvalidOperationException("the review page is missing from the runner");
        using var reader = new StreamReader(stream);
        return reader
            .ReadToEnd()
            .Replace("{{TOKEN}}", _token, StringComparison.Ordinal)
            .Replace(
                "{{ASSIGNMENT}}",
                WebUtility.HtmlEncode(_folder.Name),
                StringComparison.Ordinal
            );
    }

    private JsonObject State()
    {
        var submissions = new JsonArray();
        foreach (var r in _folder.Reports)
        {
            var items = new JsonArray();
            foreach (var e in r.Exercises)
            {
                var item = JsonSerializer.SerializeToNode(e, ReportJson.Options)!.AsObject();
                item.Remove("timings");
                if (e.Answer is not null)
                {
                    item["answerHtml"] = Markdig.Markdown.ToHtml(e.Answer, Markdown);
                }
                items.Add(item);
            }
            submissions.Add(
                new JsonObject
                {
                    ["id"] = r.Submission,
                    ["status"] = r.Status,
                    ["score"] = r.Score,
                    ["maxScore"] = r.MaxScore,
                    ["notes"] = new JsonArray([.. r.Notes.Select(n => JsonValue.Create(n))]),
                    ["items"] = items,
                }
            );
        }
        return new JsonObject { ["assignment"] = _folder.Name, ["submissions"] = submissions };
    }

    private void Mark(HttpListenerRequest request, HttpListenerResponse response)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            Send(response, 415, "application/json", Error("Send the mark as application/json."));
            return;
        }
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = JsonNode.Parse(reader.ReadToEnd())?.AsObject() ?? [];
        string submission = body["submission"]?.GetValue<string>() ?? "";
        string item = body["item"]?.GetValue<string>() ?? "";
        int rev = body["rev"] is JsonValue r && r.TryGetValue(out int n) ? n : 0;
        var mark = new ReviewMark
        {
            Criteria = body["criteria"] is JsonArray c
                ? [.. c.Select(x => x!.GetValue<string>())]
                : null,
            Override = body["override"] is JsonValue o && o.TryGetValue(out double d) ? d : null,
            Reason = Trimmed(body["reason"]),
            Comment = Trimmed(body["comment"]),
        };
        try
        {
            var result = _folder.Save(submission, item, mark, rev);
            var report = _folder.Reports.First(r => r.Submission == submission);
            Send(
                response,
                result.Saved ? 200 : 409,
                "application/json",
                new JsonObject
                {
                    ["saved"] = result.Saved,
                    ["mark"] = JsonSerializer.SerializeToNode(result.Current, ReportJson.Options),
                    ["score"] = report.Score,
                    ["item"] = JsonSerializer.SerializeToNode(
                        report.Exercises.First(e => e.Id == item),
                        ReportJson.Options
                    ),
                }.ToJsonString()
            );
        }
        catch (GradesFolderException e)
        {
            Send(response, 400, "application/json", Error(e.Message));
        }
    }

    private void Static(HttpListenerResponse response, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(_web.Directory, relative));
        if (
            !full.StartsWith(_web.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !File.Exists(full)
        )
        {
            Send(response, 404, "text/plain", "Not found.");
            return;
        }
        var type = Path.GetExtension(full) switch
        {
            ".js" => "text/javascript",
            ".css" => "text/css",
            ".woff2" => "font/woff2",
            _ => "application/octet-stream",
        };
        Send(response, 200, type, File.ReadAllBytes(full));
    }

    private static string? Trimmed(JsonNode? node) =>
        node?.GetValue<string>() is { } s && s.Trim().Length > 0 ? s.Trim() : null;

    private static string Error(string message) =>
        new JsonObject { ["error"] = message }.ToJsonString();

    private static void Send(HttpListenerResponse response, int status, string type, string text) =>
        Send(response, status, type, Encoding.UTF8.GetBytes(text));

    private static void Send(HttpListenerResponse response, int status, string type, byte[] body)
    {
        try
        {
            response.StatusCode = status;
            response.ContentType = type;
            response.Headers["Cache-Control"] = "no-store";
            response.Headers["Content-Security-Policy"] =
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:";
            response.ContentLength64 = body.Length;
            response.OutputStream.Write(body);
            response.Close();
        }
        catch (Exception e)
            when (e is HttpListenerException or ObjectDisposedException or IOException) { }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
