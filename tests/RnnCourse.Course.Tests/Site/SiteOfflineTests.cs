// The site `rnncourse run --output` writes, opened page by page in headless Chromium whose only way
// out is a trap that counts requests: every chart drew (an SVG with as many trace groups as the
// figure has visible traces), every equation was typeset by KaTeX (no raw $…$, \( or \[ left), no
// code or output hides behind a horizontal scrollbar, and no request left the page. Also: every chart output of the executed notebooks carries its static
// image, and those outputs, shown as VS Code's renderer shows them with the CDN unreachable, each
// say why the chart is missing.
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RnnCourse.Tests.Charts;
using Xunit.Abstractions;

namespace RnnCourse.Course.Tests.Site;

[Collection(CourseSiteCollection.Name)]
public partial class SiteOfflineTests(CourseSiteFixture site, ITestOutputHelper output)
{
    // Appended to a copy of each page (beside it, so its relative _static/ paths hold): once every
    // plot div has become a plotly graph (or after ~10 s), writes per chart the visible traces of
    // its figure and the trace groups drawn, and for the math: spans, typeset spans, KaTeX errors,
    // and raw TeX delimiters left in the text.
    private const string Probe = """
        <script>
        window.addEventListener('load', function () {
          var tries = 0;
          function summarize() {
            var charts = [];
            document.querySelectorAll('.rnncourse-plot').forEach(function (el) {
              var visible = (el.data || []).filter(function (t) { return t.visible !== false && t.visible !== 'legendonly'; }).length;
              charts.push({ svg: !!el.querySelector('svg.main-svg'), expected: visible, drawn: el.querySelectorAll('g.trace, g.hm, g.contour').length, text: el.querySelector('svg') ? '' : el.textContent });
            });
            var maths = document.querySelectorAll('span.math, div.math'), typeset = 0;
            maths.forEach(function (m) { if (m.querySelector('.katex')) { typeset++; } });
            var raw = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              var n = walker.currentNode, p = n.parentElement;
              if (p.closest('pre, code, script, style, .katex, .rnncourse-plot')) { continue; }
              var m = /\$[^$\s][^$]*\$|\\\(|\\\[/.exec(n.textContent);
              if (m) { raw.push(n.textContent.substring(Math.max(0, m.index - 20), m.index + 40)); }
            }
            var pre = document.createElement('pre');
            pre.id = 'site-results';
            var wide = [];
            document.querySelectorAll('pre').forEach(function (p) { if (p.scrollWidth > p.clientWidth + 1) { wide.push(p.textContent.substring(0, 60)); } });
            pre.textContent = JSON.stringify({ charts: charts, maths: maths.length, typeset: typeset, katexErrors: document.querySelectorAll('.katex-error').length, raw: raw, wide: wide });
            document.body.appendChild(pre);
          }
          function wait() {
            if (document.querySelectorAll('.rnncourse-plot:not(.js-plotly-plot)').length === 0 || tries++ > 100) { setTimeout(summarize, 300); } else { setTimeout(wait, 100); }
          }
          setTimeout(wait, 100);
        });
        </script>
        """;

    private sealed record Chart(bool Svg, int Expected, int Drawn, string Text);

    private sealed record PageResult(
        Chart[] Charts,
        int Maths,
        int Typeset,
        int KatexErrors,
        string[] Raw,
        string[] Wide
    );

    [Fact]
    public void Run_CourseNotebooks_EveryChartOutputHasAStaticImageBesideIt()
    {
        Assert.True(site.ExitCode == 0, "rnncourse run failed:\n" + site.Log);
        var charts = site.Outputs()
            .Where(o =>
                CourseSiteFixture
                    .Text(o.Output["data"]?["text/html"])
                    .Contains("class=\"rnncourse-plot\"", StringComparison.Ordinal)
            )
            .ToList();
        Assert.True(charts.Count > 0, "the executed course has no chart output");
        var without = charts
            .Where(c => CourseSiteFixture.Text(c.Output["data"]?["image/png"]).Length < 1000)
            .Select(c => c.Name)
            .ToList();
        output.WriteLine($"{charts.Count} chart outputs, {without.Count} without an image");
        Assert.True(
            without.Count == 0,
            $"{without.Count} of {charts.Count} chart outputs have no image/png: "
                + string.Join(", ", without)
        );
        Assert.Contains("Chart images: ", site.Log);
    }

    [BrowserFact]
    public void Site_EveryPageOffline_DrawsEveryChartAndEquationWithoutNetwork()
    {
        var chromium = TestBrowser.Require();
        Assert.True(site.ExitCode == 0, "rnncourse run failed:\n" + site.Log);
        using var trap = new NetworkTrap();
        var browser = trap.Browser(chromium);
        var background = trap.BackgroundHosts(browser);
        var before = trap.Requests.Count;
        var problems = new List<string>();
        int charts = 0,
            maths = 0;
        foreach (var page in site.Pages)
        {
            var name = Path.GetFileName(page);
            var probe = Path.Combine(Path.GetDirectoryName(page)!, "probe-" + name);
            File.WriteAllText(
                probe,
                File.ReadAllText(page)
                    .Replace("</body>", Probe + "\n</body>", StringComparison.Ordinal),
                new UTF8Encoding(false)
            );
            var r = Read(browser.DumpDom(probe));
            File.Delete(probe);
            charts += r.Charts.Length;
            maths += r.Maths;
            output.WriteLine($"{name}: {r.Charts.Length} charts, {r.Typeset}/{r.Maths} equations");
            for (var i = 0; i < r.Charts.Length; i++)
            {
                var c = r.Charts[i];
                if (!c.Svg || c.Drawn != c.Expected || c.Expected == 0)
                    problems.Add(
                        $"{name} chart {i + 1}: {(c.Svg ? "" : "no SVG, ")}{c.Drawn} trace groups drawn, expected {c.Expected} {c.Text}"
                    );
            }
            if (r.Typeset != r.Maths || r.KatexErrors > 0)
                problems.Add(
                    $"{name}: {r.Typeset}/{r.Maths} equations typeset, {r.KatexErrors} KaTeX errors"
                );
            problems.AddRange(r.Raw.Select(t => $"{name}: raw TeX left: …{t}…"));
            problems.AddRange(
                r.Wide.Select(t =>
                    $"{name}: code or output wider than the page (hidden behind a scrollbar): {t}…"
                )
            );
        }
        var requests = trap
            .Requests.Skip(before)
            .Where(r => !background.Contains(NetworkTrap.Host(r)))
            .ToList();
        output.WriteLine(
            $"{charts} charts, {maths} equations, {requests.Count} network requests "
                + $"(Chromium's own calls to {string.Join(", ", background)} left aside)"
        );
        Assert.True(charts > 0 && maths > 0, $"{charts} charts and {maths} equations found");
        problems.AddRange(requests.Select(r => "network request: " + r));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [BrowserFact]
    public void ChartOutputs_InVsCodeRendererWithCdnUnreachable_EveryChartSaysWhy()
    {
        // The outputs rnncourse run wrote are the published kernel's (PublishedKernelNotebookTests
        // holds them equal), so these are the HTML outputs VS Code shows.
        var chromium = TestBrowser.Require();
        var outputs = site.Outputs()
            .Select(o => CourseSiteFixture.Text(o.Output["data"]?["text/html"]))
            .Where(h => h.Contains("class=\"rnncourse-plot\"", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(outputs);
        using var trap = new NetworkTrap();
        var page = Path.Combine(site.Output, "vscode-offline.html");
        File.WriteAllText(page, VsCodeOutputPage.Build(outputs), new UTF8Encoding(false));

        var shown = VsCodeOutputPage.Read(trap.Browser(chromium).DumpDom(page));

        Assert.Equal(outputs.Count, shown.Count);
        var silent = shown
            .Select((c, i) => (c, i))
            .Where(x =>
                x.c.Drawn
                || !x.c.Text.StartsWith(
                    "Chart not drawn: plotly.js could not be loaded",
                    StringComparison.Ordinal
                )
            )
            .Select(x => $"chart {x.i + 1}: drawn={x.c.Drawn} text='{x.c.Text}'")
            .ToList();
        Assert.True(
            silent.Count == 0,
            $"{silent.Count} of {shown.Count} charts show no message:\n" + string.Join("\n", silent)
        );
        Assert.NotEmpty(trap.Requests);
    }

    private static PageResult Read(string dom)
    {
        var m = Results().Match(dom);
        Assert.True(
            m.Success,
            "The probe wrote no results. DOM tail:\n" + dom[^Math.Min(2000, dom.Length)..]
        );
        return JsonSerializer.Deserialize<PageResult>(
            WebUtility.HtmlDecode(m.Groups[1].Value),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true }
        )!;
    }

    [GeneratedRegex("<pre id=\"site-results\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Results();
}
