// Static images of a notebook's charts, so an executed notebook shows them where scripts do not
// run (GitHub, a no-JavaScript reader of the site). A chart output is recognised by the fragment
// the course's charts write (a div.rnncourse-plot and a script holding `var fig = {…};` on one
// line). All charts of a notebook are drawn by ONE headless Chromium: a page loads the shipped
// plotly.js and the figures, calls Plotly.toImage for each in turn and writes the PNGs into the
// DOM, which --dump-dom hands back. Each PNG is added as image/png beside the output's text/html.
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Rendering;

/// <summary>Adds <c>image/png</c> pictures, drawn by plotly.js in headless Chromium, to chart outputs.</summary>
/// <param name="chromium">The browser.</param>
/// <param name="plotlyJs">The plotly.min.js that draws the pictures (the one the site ships).</param>
public sealed partial class ChartImages(HeadlessChromium chromium, string plotlyJs)
{
    /// <summary>The MIME type of the pictures.</summary>
    public const string Png = "image/png";

    /// <summary>Picture size when the figure's layout sets none (plotly's default height).</summary>
    public const int DefaultWidth = 900,
        DefaultHeight = 450;

    /// <summary>What one notebook's pictures cost.</summary>
    /// <param name="Charts">Chart outputs that got a picture.</param>
    /// <param name="Elapsed">Wall time of the browser run (start to exit).</param>
    public sealed record Result(int Charts, TimeSpan Elapsed);

    /// <summary>The chart outputs of a notebook that have no picture yet, with their figure JSON.</summary>
    public static IReadOnlyList<(CellOutput Output, string FigureJson)> ChartsWithoutImage(
        Notebook notebook
    ) =>
        notebook
            .Cells.SelectMany(c => c.Outputs)
            .Where(o => !o.Data.ContainsKey(Png))
            .Select(o =>
                o.Data.TryGetValue("text/html", out var html)
                && html.Contains("class=\"rnncourse-plot\"", StringComparison.Ordinal)
                && FigureLine().Match(html) is { Success: true } m
                    ? (o, m.Groups[1].Value)
                    : (o, null!)
            )
            .Where(x => x.Item2 is not null)
            .ToList();

    /// <summary>Draws every chart of <paramref name="notebook"/> that lacks a picture and adds it.</summary>
    /// <exception cref="InvalidOperationException">Chromium failed, or plotly.js could not draw a chart (the message names it).</exception>
    /// <exception cref="TimeoutException">Chromium did not finish.</exception>
    public Result AddTo(Notebook notebook)
    {
        var charts = ChartsWithoutImage(notebook);
        if (charts.Count == 0)
            return new Result(0, TimeSpan.Zero);
        var dir = Path.Combine(
            Path.GetTempPath(),
            "rnncourse-images-" + Guid.NewGuid().ToString("N")
        );
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(
                Path.Combine(dir, "figures.js"),
                "window.__figs = [" + string.Join(",\n", charts.Select(c => c.FigureJson)) + "];",
                new UTF8Encoding(false)
            );
            var page = Path.Combine(dir, "images.html");
            File.WriteAllText(page, Page(new Uri(Path.GetFullPath(plotlyJs)).AbsoluteUri));
            var clock = Stopwatch.StartNew();
            var dom = chromium.DumpDom(
                page,
                budgetMs: 60000,
                timeout: TimeSpan.FromSeconds(60 + 5 * charts.Count)
            );
            clock.Stop();
            var images = Read(dom, charts.Count);
            for (var i = 0; i < charts.Count; i++)
                charts[i].Output.Data[Png] = images[i];
            return new Result(charts.Count, clock.Elapsed);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] Read(string dom, int expected)
    {
        var m = Results().Match(dom);
        if (!m.Success)
            throw new InvalidOperationException(
                "The chart-image page wrote no results (plotly.js did not load or the page did not finish)."
            );
        var items = JsonSerializer.Deserialize<JsonElement[]>(
            WebUtility.HtmlDecode(m.Groups[1].Value)
        )!;
        if (items.Length != expected)
            throw new InvalidOperationException(
                $"{items.Length} chart images for {expected} charts."
            );
        var failed = items
            .Select((e, i) => (e, i))
            .Where(x => x.e.TryGetProperty("error", out _))
            .Select(x => $"chart {x.i + 1}: {x.e.GetProperty("error").GetString()}")
            .ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException(
                "plotly.js could not draw " + string.Join("; ", failed)
            );
        return items.Select(e => e.GetProperty("png").GetString()!).ToArray();
    }

    // Draws one figure at a time (Plotly.toImage creates and purges its own hidden div), at the
    // figure's own size when its layout sets one.
    private static string Page(string plotlyUrl) =>
        $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8">
            <script src="{{WebUtility.HtmlEncode(plotlyUrl)}}"></script>
            <script src="figures.js"></script>
            </head><body>
            <script>
            window.addEventListener('load', async function () {
              var out = [];
              for (var i = 0; i < window.__figs.length; i++) {
                var f = window.__figs[i], l = f.layout || {};
                try {
                  var url = await Plotly.toImage({ data: f.data, layout: l }, { format: 'png', width: l.width || {{DefaultWidth}}, height: l.height || {{DefaultHeight}} });
                  out.push({ png: url.substring(url.indexOf(',') + 1) });
                } catch (e) {
                  out.push({ error: String(e && e.message || e) });
                }
              }
              var pre = document.createElement('pre');
              pre.id = 'rnncourse-images';
              pre.textContent = JSON.stringify(out);
              document.body.appendChild(pre);
            });
            </script>
            </body></html>

            """;

    [GeneratedRegex(@"^  var fig = (\{.*\});$", RegexOptions.Multiline)]
    private static partial Regex FigureLine();

    [GeneratedRegex("<pre id=\"rnncourse-images\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Results();
}
