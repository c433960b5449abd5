// HTML rendering of figures: the fragment (a div plus a script that draws into it, loading
// plotly.js once if the page lacks it), the standalone page, and where plotly.js comes from.
// The figure JSON is embedded as a JavaScript literal; PlotlyJson escapes '<' so no text inside
// a figure can close the script element.
using System.Net;
using System.Text;

namespace RnnCourse.Charts;

/// <summary>The MIME types the chart layer produces.</summary>
public static class MimeTypes
{
    /// <summary>HTML: a div and a script (figures) or inline SVG markup.</summary>
    public const string Html = "text/html";

    /// <summary>The plotly figure JSON, rendered by JupyterLab / VS Code's plotly renderers.</summary>
    public const string Plotly = "application/vnd.plotly.v1+json";

    /// <summary>A one-line text summary.</summary>
    public const string PlainText = "text/plain";

    /// <summary>SVG markup.</summary>
    public const string Svg = "image/svg+xml";
}

/// <summary>Where a page or fragment loads plotly.js from.</summary>
public sealed record PlotlyJs
{
    /// <summary>
    /// The plotly.js version the course pins in lib/web/package.json (the npm build the site ships and
    /// the browser tests draw with), read from this assembly's metadata.
    /// </summary>
    public static string Version { get; } =
        typeof(PlotlyJs)
            .Assembly.GetCustomAttributes(
                typeof(System.Reflection.AssemblyMetadataAttribute),
                false
            )
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PlotlyJsVersion")
            .Value!;

    private PlotlyJs(string? url, string? inlineSource)
    {
        Url = url;
        InlineSource = inlineSource;
    }

    /// <summary>The script URL, or null when the source is inlined.</summary>
    public string? Url { get; }

    /// <summary>The inlined script text (a fully offline page), or null.</summary>
    public string? InlineSource { get; }

    /// <summary>The default: the pinned npm build of plotly.js served by the jsDelivr CDN.</summary>
    public static PlotlyJs Cdn { get; } =
        new($"https://cdn.jsdelivr.net/npm/plotly.js-dist-min@{Version}/plotly.min.js", null);

    /// <summary>A script URL of your choice (relative URLs resolve against the page).</summary>
    /// <param name="url">The URL of plotly.min.js.</param>
    public static PlotlyJs FromUrl(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
            throw new ArgumentException("The plotly.js URL is empty.", nameof(url));
        return new PlotlyJs(url, null);
    }

    /// <summary>A local plotly.min.js, referenced as a file:// URL (works for pages opened from disk).</summary>
    /// <param name="path">Path of plotly.min.js, e.g. lib/web/node_modules/plotly.js-dist-min/plotly.min.js.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static PlotlyJs FromFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException(
                $"plotly.js not found at '{full}'. Install it with `npm ci --prefix web` or use PlotlyJs.Cdn.",
                full
            );
        return new PlotlyJs(new Uri(full).AbsoluteUri, null);
    }

    /// <summary>Embeds a local plotly.min.js into the page: a standalone page that needs no network.</summary>
    /// <param name="path">Path of plotly.min.js.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static PlotlyJs Inline(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"plotly.js not found at '{full}'.", full);
        return new PlotlyJs(null, File.ReadAllText(full));
    }

    /// <summary>For fragments inside a page whose head already loads plotly.js (no second inline copy).</summary>
    internal PlotlyJs InPageBody => InlineSource is null ? this : new PlotlyJs(null, null);

    /// <summary>The head element that loads plotly.js in a page.</summary>
    internal string HeadScript =>
        Url is not null
            ? $"<script src=\"{WebUtility.HtmlEncode(Url)}\" charset=\"utf-8\"></script>"
            : $"<script>{InlineSource!.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)}</script>";
}

/// <summary>Builds HTML for figures and SVG pictures, alone or together in one page.</summary>
public static class ChartPage
{
    /// <summary>One HTML page holding several charts (figures, SVG pictures, live loss charts, raw HTML strings).</summary>
    /// <param name="title">The page title.</param>
    /// <param name="items">Figures, <see cref="Svg"/>s, <see cref="LossChart"/>s or HTML strings, in order.</param>
    /// <param name="plotlyJs">Where plotly.js comes from; <see cref="PlotlyJs.Cdn"/> when null.</param>
    public static string ToHtml(
        string title,
        IEnumerable<object> items,
        PlotlyJs? plotlyJs = null
    ) => ToHtml(title, items, plotlyJs, extraHead: null);

    /// <summary>Writes <see cref="ToHtml(string, IEnumerable{object}, PlotlyJs?)"/> to a file and returns its full path.</summary>
    /// <param name="path">The file; its folder is created if missing.</param>
    /// <param name="title">The page title.</param>
    /// <param name="items">The charts, in order.</param>
    /// <param name="plotlyJs">Where plotly.js comes from.</param>
    public static string Save(
        string path,
        string title,
        IEnumerable<object> items,
        PlotlyJs? plotlyJs = null
    ) => Html.Save(path, ToHtml(title, items, plotlyJs));

    internal static string ToHtml(
        string title,
        IEnumerable<object> items,
        PlotlyJs? plotlyJs,
        string? extraHead
    )
    {
        var js = plotlyJs ?? PlotlyJs.Cdn;
        var body = new StringBuilder();
        int index = 0;
        foreach (var item in items)
        {
            var html = item switch
            {
                Figure f => f.ToHtml(js.InPageBody),
                LossChart l => l.ToFigure().ToHtml(js.InPageBody),
                Svg s => s.ToHtml(),
                string raw => raw,
                null => throw new ArgumentException($"Item {index} of the page is null."),
                _ => throw new ArgumentException(
                    $"Item {index} of the page is a {item.GetType().Name}; pass a Figure, Svg, LossChart or an HTML string."
                ),
            };
            body.Append("<section class=\"rnncourse-chart\">\n")
                .Append(html)
                .Append("\n</section>\n");
            index++;
        }
        return Html.Page(title, body.ToString(), js, extraHead);
    }
}

internal static class Html
{
    internal const int DefaultHeight = 450;

    /// <summary>A div plus a script that draws the figure, loading plotly.js once if needed.</summary>
    internal static string Fragment(string figureJson, PlotlyJs? plotlyJs)
    {
        plotlyJs ??= PlotlyJs.Cdn;
        var divId = DivId(figureJson);
        // The figure's own height/width decide the div size; plotly's default height is 450.
        var sb = new StringBuilder(figureJson.Length + 1600);
        sb.Append("<div id=\"")
            .Append(divId)
            .Append("\" class=\"rnncourse-plot\" style=\"width:100%;overflow-x:auto;min-height:")
            .Append(DefaultHeight)
            .Append("px;\"></div>\n");
        if (plotlyJs.InlineSource is not null)
            sb.Append(plotlyJs.HeadScript).Append('\n');
        sb.Append("<script type=\"text/javascript\">\n(function () {\n")
            .Append("  var fig = ")
            .Append(figureJson)
            .Append(";\n")
            .Append("  var id = \"")
            .Append(divId)
            .Append("\";\n")
            .Append("  var src = \"")
            .Append(JsString(plotlyJs.Url ?? ""))
            .Append("\";\n")
            .Append(LoaderScript)
            .Append("})();\n</script>");
        return sb.ToString();
    }

    // ES5 on purpose: it runs in notebook front-ends of every age. Finds its div (the script's
    // previous sibling, or by id when scripts are eval'd), then draws with window.Plotly, after
    // injecting one shared <script src> tag if needed. That tag records whether plotly.js loaded
    // or failed (data-rnncourse-plotly = loading | loaded | failed), so a chart whose script runs
    // after the failure still shows the message instead of an empty box. plotly.js v4 always sets
    // window.Plotly and never calls define(), so RequireJS pages (classic Jupyter) need no special path.
    private const string LoaderScript = """
          var me = document.currentScript;
          var el = me && me.previousElementSibling && me.previousElementSibling.id === id ? me.previousElementSibling : null;
          if (!el) { el = document.querySelector('div[id="' + id + '"]:not([data-drawn])'); }
          if (!el) { return; }
          el.setAttribute('data-drawn', '1');
          function draw() { el.style.minHeight = ''; window.Plotly.newPlot(el, fig); }
          function say(why) { el.style.minHeight = ''; el.className += ' rnncourse-plot-message'; el.textContent = 'Chart not drawn: ' + why; }
          function fail() { say('plotly.js could not be loaded from ' + src + ' (offline, or the CDN is blocked). Connect to the internet and run the cell again, or open the page rnncourse run --output wrote, which ships plotly.js.'); }
          if (window.Plotly) { draw(); return; }
          if (!src) { say('this page does not load plotly.js. Load plotly.min.js in the page, or pass PlotlyJs.FromUrl(...) to ToHtml.'); return; }
          var s = document.querySelector('script[data-rnncourse-plotly]');
          if (!s) {
            s = document.createElement('script');
            s.src = src;
            s.setAttribute('data-rnncourse-plotly', 'loading');
            s.addEventListener('load', function () { s.setAttribute('data-rnncourse-plotly', 'loaded'); });
            s.addEventListener('error', function () { s.setAttribute('data-rnncourse-plotly', 'failed'); });
            document.head.appendChild(s);
          }
          var state = s.getAttribute('data-rnncourse-plotly');
          if (state === 'failed') { fail(); return; }
          if (state === 'loaded') { if (window.Plotly) { draw(); } else { fail(); } return; }
          s.addEventListener('load', function () { if (window.Plotly) { draw(); } else { fail(); } });
          s.addEventListener('error', fail);

        """;

    internal static string Page(
        string title,
        string body,
        PlotlyJs? plotlyJs,
        string? extraHead = null
    ) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + $"<title>{WebUtility.HtmlEncode(title)}</title>\n"
        + (extraHead is null ? "" : extraHead + "\n")
        + (plotlyJs is null ? "" : plotlyJs.HeadScript)
        + "\n<style>body{font-family:system-ui,sans-serif;margin:16px;} section.rnncourse-chart{margin-bottom:24px;}</style>\n"
        + "</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";

    internal static string Save(string path, string html)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        File.WriteAllText(full, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return full;
    }

    /// <summary>"plot-" and 12 hex digits of the figure JSON's SHA-256: stable, and unique per figure.</summary>
    internal static string DivId(string figureJson) =>
        "plot-"
        + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(figureJson))
        )[..12];

    /// <summary>A JavaScript string body (no quotes) with everything outside printable ASCII escaped.</summary>
    internal static string JsString(string s) =>
        System.Text.Json.JsonEncodedText.Encode(s).ToString();
}
