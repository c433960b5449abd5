// `rnncourse render` and the site written by `run --output`: one static HTML page per executed
// notebook plus index.html, a table of contents in course order. Markdown goes through Markdig
// (with its math extension, whose \( \) and \[ \] spans KaTeX's auto-render typesets in the
// browser); outputs are shown by their richest MIME type, and a chart's static image (image/png
// beside its text/html) is kept in a <noscript> for readers without JavaScript. plotly.js and
// KaTeX are files of the site (_static/, copied from the runner's web/ folder, see WebAssets), and
// every page loads the one plotly.js the chart outputs were made for: no page needs the network.
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Rendering;

/// <summary>Writes the static HTML course site.</summary>
public static partial class SiteRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .UseMathematics()
        .Build();

    /// <summary>MIME types shown, richest first.</summary>
    private static readonly string[] MimeOrder =
    [
        "text/html",
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "text/markdown",
        "text/latex",
        "application/json",
        "text/plain",
    ];

    /// <summary>Writes one page per notebook (its relative path with .html) and index.html; returns the index path.</summary>
    /// <param name="notebooks">Notebooks in course order with their paths relative to <paramref name="outputDirectory"/>.</param>
    /// <param name="outputDirectory">The site folder.</param>
    /// <param name="assets">Where plotly.js and KaTeX are copied from; <see cref="WebAssets.Shipped"/> when null.</param>
    /// <exception cref="FileNotFoundException">A browser file is missing from <paramref name="assets"/>.</exception>
    public static string Render(
        IReadOnlyList<(Notebook Notebook, string RelativePath)> notebooks,
        string outputDirectory,
        WebAssets? assets = null
    )
    {
        Directory.CreateDirectory(outputDirectory);
        (assets ?? WebAssets.Shipped).CopyTo(Path.Combine(outputDirectory, WebAssets.SiteFolder));
        var pages = notebooks
            .Select(n =>
                (
                    n.Notebook,
                    Html: Path.ChangeExtension(n.RelativePath, ".html").Replace('\\', '/'),
                    Title: TitleOf(n.Notebook, n.RelativePath)
                )
            )
            .ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var (nb, html, title) = pages[i];
            var depth = html.Count(c => c == '/');
            var up = string.Concat(Enumerable.Repeat("../", depth));
            var nav = new StringBuilder("<nav class=\"pager\">");
            if (i > 0)
                nav.Append(
                    $"<a href=\"{up}{Attr(pages[i - 1].Html)}\">← {Enc(pages[i - 1].Title)}</a>"
                );
            nav.Append($"<a href=\"{up}index.html\">Contents</a>");
            if (i + 1 < pages.Count)
                nav.Append(
                    $"<a href=\"{up}{Attr(pages[i + 1].Html)}\">{Enc(pages[i + 1].Title)} →</a>"
                );
            nav.Append("</nav>");
            var body = nav + RenderNotebook(nb) + nav;
            var path = Path.Combine(outputDirectory, html);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Page(title, body, up), new UTF8Encoding(false));
        }
        var toc = new StringBuilder(
            "<h1>RnnCourse</h1><p>Executed notebooks of the course, in order.</p><ol class=\"toc\">"
        );
        foreach (var (nb, html, title) in pages)
        {
            toc.Append($"<li><a href=\"{Attr(html)}\">{Enc(title)}</a>");
            var sections = Headings(nb).ToList();
            if (sections.Count > 0)
                toc.Append("<ul>")
                    .Append(
                        string.Concat(
                            sections.Select(s =>
                                $"<li><a href=\"{Attr(html)}#{Attr(s.Id)}\">{Enc(s.Text)}</a></li>"
                            )
                        )
                    )
                    .Append("</ul>");
            toc.Append("</li>");
        }
        toc.Append("</ol>");
        var index = Path.Combine(outputDirectory, "index.html");
        File.WriteAllText(index, Page("RnnCourse", toc.ToString(), ""), new UTF8Encoding(false));
        return index;
    }

    /// <summary>The notebook's title: its first markdown heading, else the file name.</summary>
    public static string TitleOf(Notebook nb, string relativePath)
    {
        foreach (var cell in nb.Cells.Where(c => c.Kind == CellKind.Markdown))
        {
            var m = HeadingLine().Match(cell.Source);
            if (m.Success)
                return m.Groups[2].Value.Trim();
        }
        return Path.GetFileNameWithoutExtension(relativePath);
    }

    private static IEnumerable<(string Id, string Text)> Headings(Notebook nb)
    {
        foreach (var cell in nb.Cells.Where(c => c.Kind == CellKind.Markdown))
        foreach (Match m in HeadingLine().Matches(cell.Source))
            if (m.Groups[1].Value.Length == 2)
            {
                var text = m.Groups[2].Value.Trim();
                yield return (Slug(text), text);
            }
    }

    /// <summary>The HTML of a notebook's cells and outputs.</summary>
    public static string RenderNotebook(Notebook nb)
    {
        var sb = new StringBuilder("<main>");
        foreach (var cell in nb.Cells)
        {
            switch (cell.Kind)
            {
                case CellKind.Markdown:
                    var html = MarkdownToHtml(cell.Source);
                    if (cell.Attachments is not null)
                        foreach (var (name, value) in cell.Attachments)
                            if (
                                value is System.Text.Json.Nodes.JsonObject bundle
                                && bundle.FirstOrDefault() is var (mime, data)
                                && data is not null
                            )
                                html = html.Replace(
                                    $"attachment:{name}",
                                    $"data:{mime};base64,{NotebookJson.ReadText(data)}",
                                    StringComparison.Ordinal
                                );
                    sb.Append("<section class=\"markdown\">").Append(html).Append("</section>");
                    break;
                case CellKind.Code:
                    var count = cell.ExecutionCount is { } n
                        ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : " ";
                    sb.Append("<section class=\"code\"><div class=\"prompt\">[")
                        .Append(count)
                        .Append("]</div><pre><code class=\"language-csharp\">")
                        .Append(Enc(cell.Source))
                        .Append("</code></pre>");
                    foreach (var o in cell.Outputs)
                        sb.Append(RenderOutput(o));
                    sb.Append("</section>");
                    break;
                default:
                    sb.Append("<pre class=\"raw\">").Append(Enc(cell.Source)).Append("</pre>");
                    break;
            }
        }
        return sb.Append("</main>").ToString();
    }

    /// <summary>
    /// Markdown to HTML, with display math ($$…$$) kept out of Markdig's hands: inside a paragraph
    /// Markdig reads it as text, so \; loses its backslash and {R} in \mathbb{R} becomes an
    /// attribute. Each span is swapped for a placeholder and put back, HTML-encoded, as the
    /// <c>span.math</c> that Markdig writes for math it does recognise, which KaTeX then typesets.
    /// </summary>
    public static string MarkdownToHtml(string markdown)
    {
        var spans = new List<string>();
        var masked = DisplayMath()
            .Replace(
                markdown,
                m =>
                {
                    if (m.Value.Contains('`')) // code, e.g. a C# $$""" raw string, not math
                        return m.Value;
                    spans.Add(m.Groups[1].Value);
                    return $"RNNCOURSEMATH{spans.Count - 1}X";
                }
            );
        var html = Markdown.ToHtml(masked, Pipeline);
        return spans.Count == 0
            ? html
            : MathPlaceholder()
                .Replace(
                    html,
                    m =>
                        $"<span class=\"math\">\\[{Enc(spans[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)])}\\]</span>"
                );
    }

    /// <summary>The HTML of one output (richest MIME type).</summary>
    public static string RenderOutput(CellOutput o)
    {
        switch (o.Kind)
        {
            case OutputKind.Stream:
                return $"<pre class=\"output stream {(o.StreamName == "stderr" ? "stderr" : "stdout")}\">{Enc(o.Text)}</pre>";
            case OutputKind.Error:
                var text = string.Join(
                    "\n",
                    o.Traceback.Count > 0 ? o.Traceback : [$"{o.ErrorName}: {o.ErrorValue}"]
                );
                return $"<pre class=\"output error\">{Enc(Ansi().Replace(text, ""))}</pre>";
        }
        var mime = MimeOrder.FirstOrDefault(o.Data.ContainsKey) ?? o.Data.Keys.FirstOrDefault();
        if (mime is null)
            return "";
        var value = o.Data[mime];
        var inner = mime switch
        {
            "text/html" or "image/svg+xml" => value,
            "image/png" or "image/jpeg" =>
                $"<img src=\"data:{mime};base64,{Attr(value.Replace("\n", ""))}\" alt=\"output\"/>",
            "text/markdown" => Markdown.ToHtml(value, Pipeline),
            "text/latex" => $"<div class=\"math\">{Enc(value)}</div>",
            _ => $"<pre>{Enc(value)}</pre>",
        };
        // Without JavaScript the chart's script cannot draw: its static image stands in.
        if (mime == "text/html" && o.Data.TryGetValue("image/png", out var png))
            inner +=
                $"<noscript><img src=\"data:image/png;base64,{Attr(png.Replace("\n", ""))}\" alt=\"chart\"/></noscript>";
        return $"<div class=\"output display\">{inner}</div>";
    }

    /// <summary>A page; <paramref name="up"/> leads from the page's folder back to the site root.</summary>
    private static string Page(string title, string body, string up) =>
        $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>{{Enc(title)}}</title>
            <link rel="stylesheet" href="{{up}}{{WebAssets.SiteFolder}}/katex/katex.min.css"/>
            <script defer src="{{up}}{{WebAssets.SiteFolder}}/katex/katex.min.js"></script>
            <script defer src="{{up}}{{WebAssets.SiteFolder}}/katex/contrib/auto-render.min.js"
              onload="renderMathInElement(document.body, {delimiters: [{left: '$$', right: '$$', display: true}, {left: '\\[', right: '\\]', display: true}, {left: '$', right: '$', display: false}, {left: '\\(', right: '\\)', display: false}], throwOnError: false});"></script>
            <script src="{{up}}{{WebAssets.SiteFolder}}/plotly.min.js" charset="utf-8"></script>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }
            pre { background: #f6f8fa; padding: .6rem .8rem; overflow-x: auto; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
            section.code { margin: 1rem 0; position: relative; }
            .prompt { color: #888; font-family: monospace; font-size: .8rem; }
            .output { margin: .3rem 0 .3rem 1.5rem; }
            pre.output.stream { background: #fff; border-left: 3px solid #ddd; }
            pre.output.stderr { background: #fff5f5; }
            pre.output.error { background: #fde8e8; color: #8b0000; }
            table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; }
            nav.pager { display: flex; justify-content: space-between; gap: 1rem; margin: 1rem 0; }
            ol.toc li { margin: .3rem 0; }
            </style>
            </head>
            <body>
            {{body}}
            </body>
            </html>

            """;

    /// <summary>Markdig's automatic heading id for a heading text.</summary>
    private static string Slug(string text)
    {
        var html = Markdown.ToHtml("## " + text, Pipeline);
        var m = Regex.Match(html, "id=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : "";
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    private static string Attr(string s) => WebUtility.HtmlEncode(s);

    [GeneratedRegex(@"^(#{1,6})\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"\$\$(.+?)\$\$", RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    [GeneratedRegex("RNNCOURSEMATH([0-9]+)X")]
    private static partial Regex MathPlaceholder();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();
}
