// Draws every course chart in headless Chromium with the local plotly.js and checks from the DOM
// that each plot drew its traces (trace groups, heatmap images, non-empty SVG paths), that
// plotly.js's own schema validator (Plotly.validate) finds no unknown attribute or bad value, and
// that the page logged no JavaScript error. Screenshots go to artifacts/charts/ (git-ignored).
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RnnCourse.Charts;
using Xunit.Abstractions;

namespace RnnCourse.Tests.Charts;

public class BrowserRenderTests(ITestOutputHelper output)
{
    // Installed before any plot script runs: records uncaught errors, rejected promises and console.error.
    private const string ErrorCapture = """
        <script>
        window.__errors = [];
        window.addEventListener('error', function (e) { window.__errors.push('error: ' + (e.message || String(e))); });
        window.addEventListener('unhandledrejection', function (e) { window.__errors.push('unhandled rejection: ' + String(e.reason)); });
        (function () { var ce = console.error; console.error = function () { window.__errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); ce.apply(console, arguments); }; })();
        </script>
        """;

    // Runs after load, once every plot div has become a plotly graph (or after ~10 s): writes one
    // summary per chart section, in page order, as JSON into <pre id="rnncourse-results">.
    private const string Probe = """
        <script>
        (function () {
          function nonEmpty(list) { var n = 0; for (var i = 0; i < list.length; i++) { var d = list[i].getAttribute('d'); if (d && d.length > 4 && d !== 'M0,0Z') { n++; } } return n; }
          function summarize() {
            var out = { errors: window.__errors, items: [] };
            var sections = document.querySelectorAll('section.rnncourse-chart');
            for (var i = 0; i < sections.length; i++) {
              var s = sections[i];
              var fig = window.__figs[i];
              var problems = [];
              if (fig && window.Plotly) {
                // Plotly.validate compares the free-form 'args' arrays of slider steps and buttons by
                // reference and reports them "reset" to the same value: a known false positive, dropped.
                problems = (Plotly.validate(fig.data, fig.layout) || [])
                  .filter(function (e) { return !(e.code === 'dynamic' && /\.args\[\d+\]$/.test(e.astr || '')); })
                  .map(function (e) { return e.msg; });
                // Animation frames carry their own traces: check them against the schema too.
                (fig.frames || []).forEach(function (f) {
                  (Plotly.validate(f.data, {}) || []).forEach(function (e) { problems.push('frame ' + f.name + ': ' + e.msg); });
                });
              }
              out.items.push({
                plotted: !!s.querySelector('.js-plotly-plot'),
                traceGroups: s.querySelectorAll('g.trace, g.hm').length,
                heatmapImages: s.querySelectorAll('g.hm image').length,
                contourTraces: s.querySelectorAll('g.contour').length,
                drawnPaths: nonEmpty(s.querySelectorAll('.scatterlayer path.js-line, .barlayer path, .contourlayer path')),
                sliders: s.querySelectorAll('g.slider-container').length,
                annotations: s.querySelectorAll('g.annotation').length,
                svgEdges: s.querySelectorAll('.rnncourse-svg line.edge').length,
                svgHighlighted: s.querySelectorAll('.rnncourse-svg line.highlight').length,
                svgTexts: s.querySelectorAll('.rnncourse-svg text').length,
                validation: problems
              });
            }
            var pre = document.createElement('pre');
            pre.id = 'rnncourse-results';
            pre.style.display = 'none';
            pre.textContent = JSON.stringify(out);
            document.body.appendChild(pre);
          }
          var tries = 0;
          function wait() {
            var pending = document.querySelectorAll('.rnncourse-plot:not(.js-plotly-plot)').length;
            if (pending === 0 || tries++ > 100) { setTimeout(summarize, 300); } else { setTimeout(wait, 100); }
          }
          window.addEventListener('load', function () { setTimeout(wait, 100); });
        })();
        </script>
        """;

    private sealed record ItemResult(
        bool Plotted,
        int TraceGroups,
        int HeatmapImages,
        int ContourTraces,
        int DrawnPaths,
        int Sliders,
        int Annotations,
        int SvgEdges,
        int SvgHighlighted,
        int SvgTexts,
        string[] Validation
    );

    private sealed record PageResult(string[] Errors, ItemResult[] Items);

    [BrowserFact]
    public void EveryHelper_DrawsInHeadlessChromium_WithoutErrors()
    {
        var chromium = TestBrowser.Require();

        var gallery = ChartGallery.All();
        var js = PlotlyJs.FromFile(TestBrowser.PlotlyJs);
        Directory.CreateDirectory(TestPaths.ArtifactsDir);
        var pagePath = Path.Combine(TestPaths.ArtifactsDir, "gallery.html");
        File.WriteAllText(
            pagePath,
            BuildPage("All course charts", gallery, js),
            new UTF8Encoding(false)
        );

        var result = ReadProbe(chromium.DumpDom(pagePath));

        Assert.True(
            result.Errors.Length == 0,
            "JavaScript errors on the page:\n" + string.Join("\n", result.Errors)
        );
        Assert.Equal(gallery.Count, result.Items.Length);
        // Every problem of every chart in one message.
        var problems = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
                problems.Add(message);
        }
        for (int i = 0; i < gallery.Count; i++)
        {
            var g = gallery[i];
            var r = result.Items[i];
            output.WriteLine(
                $"{g.Name}: {r with { Validation = [] }} validation: [{string.Join("; ", r.Validation)}]"
            );
            if (g.Item is Svg)
            {
                Check(
                    r.SvgEdges >= g.MinSvgEdges,
                    $"{g.Name}: {r.SvgEdges} SVG edges drawn, expected ≥ {g.MinSvgEdges}"
                );
                Check(r.SvgTexts > 0, $"{g.Name}: no SVG text");
                continue;
            }
            Check(r.Plotted, $"{g.Name}: plotly did not draw the figure");
            Check(
                r.Validation.Length == 0,
                $"{g.Name}: Plotly.validate reports: " + string.Join("; ", r.Validation)
            );
            Check(
                r.TraceGroups >= g.MinTraceGroups,
                $"{g.Name}: {r.TraceGroups} trace groups, expected ≥ {g.MinTraceGroups}"
            );
            Check(
                r.HeatmapImages >= g.MinHeatmapImages,
                $"{g.Name}: {r.HeatmapImages} heatmap images, expected ≥ {g.MinHeatmapImages}"
            );
            if (g.MinHeatmapImages == 0)
                Check(r.DrawnPaths > 0, $"{g.Name}: no line, bar or contour path was drawn");
            Check(!g.Slider || r.Sliders == 1, $"{g.Name}: expected a slider, found {r.Sliders}");
        }
        var bptt = result.Items[gallery.ToList().FindIndex(g => g.Name == "unfolded-bptt")];
        Check(
            bptt.SvgHighlighted == 5,
            $"unfolded-bptt: {bptt.SvgHighlighted} highlighted edges, expected 5"
        );
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Screenshots, one page per chart, to look at (artifacts/charts/*.png).
        foreach (var g in gallery)
        {
            var single = Path.Combine(TestPaths.ArtifactsDir, g.Name + ".html");
            File.WriteAllText(single, BuildPage(g.Name, [g], js), new UTF8Encoding(false));
            var png = Path.Combine(TestPaths.ArtifactsDir, g.Name + ".png");
            chromium.Screenshot(
                single,
                png,
                g.Item is Figure { Layout.Width: int w } ? Math.Max(1100, w + 60) : 1100,
                HeightOf(g.Item)
            );
            Assert.True(
                new FileInfo(png).Length > 5000,
                $"{g.Name}: screenshot {png} is (nearly) empty"
            );
        }
        output.WriteLine("Screenshots in " + TestPaths.ArtifactsDir);
    }

    [BrowserFact]
    public void Fragments_OnAPageWithoutPlotly_LoadItOnceAndDrawEveryCopy()
    {
        // The notebook case: outputs are bare fragments, the page has no plotly.js. The first
        // fragment injects one <script src>, the others wait for it; identical figures (same div
        // id) must each be drawn in their own div.
        var chromium = TestBrowser.Require();
        var js = PlotlyJs.FromFile(TestBrowser.PlotlyJs);
        var a = CourseCharts.GradientNorms(("Elman", [1e-3, 1e-2, 1e-1, 1.0]));
        var b = CourseCharts.LossCurves([3.0, 2.0, 1.5], [3.1, 2.2, 1.8]);
        var sections = string.Concat(
            new[] { a.ToHtml(js), b.ToHtml(js), a.ToHtml(js) }.Select(h =>
                "<section class=\"rnncourse-chart\">\n" + h + "\n</section>\n"
            )
        );
        var page =
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + ErrorCapture
            + "\n<script>window.__figs = [];</script>\n"
            + Probe
            + "\n</head>\n<body>\n"
            + sections
            + "</body>\n</html>\n";
        Directory.CreateDirectory(TestPaths.ArtifactsDir);
        var pagePath = Path.Combine(TestPaths.ArtifactsDir, "fragments.html");
        File.WriteAllText(pagePath, page, new UTF8Encoding(false));

        var dom = chromium.DumpDom(pagePath);
        var result = ReadProbe(dom);
        Assert.True(
            result.Errors.Length == 0,
            "JavaScript errors on the page:\n" + string.Join("\n", result.Errors)
        );
        Assert.Equal(3, result.Items.Length);
        Assert.All(
            result.Items,
            r => Assert.True(r.Plotted && r.DrawnPaths > 0, "a fragment was not drawn: " + r)
        );
        Assert.Single(Regex.Matches(dom, "<script [^>]*data-rnncourse-plotly="));
    }

    [BrowserFact]
    public void Fragments_CdnUnreachableInVsCodeRenderer_EveryChartSaysWhyAndHowToFix()
    {
        // VS Code's renderer: innerHTML plus re-created scripts, half of the charts rendered after
        // the CDN request failed. Each must say so, not stay an empty box.
        var chromium = TestBrowser.Require();
        using var trap = new NetworkTrap();
        var charts = ChartGallery
            .All()
            .Where(g => g.Item is Figure or LossChart)
            .Take(6)
            .Select(g => g.Item is Figure f ? f.ToHtml() : ((LossChart)g.Item).ToFigure().ToHtml())
            .ToList();
        Directory.CreateDirectory(TestPaths.ArtifactsDir);
        var page = Path.Combine(TestPaths.ArtifactsDir, "vscode-offline.html");
        File.WriteAllText(page, VsCodeOutputPage.Build(charts), new UTF8Encoding(false));

        var shown = VsCodeOutputPage.Read(trap.Browser(chromium).DumpDom(page));

        Assert.Equal(charts.Count, shown.Count);
        Assert.All(
            shown,
            c =>
            {
                Assert.False(c.Drawn);
                Assert.StartsWith(
                    "Chart not drawn: plotly.js could not be loaded from https://cdn.jsdelivr.net/",
                    c.Text
                );
                Assert.Contains("Connect to the internet", c.Text);
            }
        );
        Assert.Contains(
            trap.Requests,
            r => r.Contains("cdn.jsdelivr.net", StringComparison.Ordinal)
        );
    }

    private static PageResult ReadProbe(string dom)
    {
        var match = Regex.Match(
            dom,
            "<pre id=\"rnncourse-results\"[^>]*>(.*?)</pre>",
            RegexOptions.Singleline
        );
        Assert.True(
            match.Success,
            "The probe script wrote no results: the page did not finish loading. DOM tail:\n"
                + dom[^Math.Min(2000, dom.Length)..]
        );
        return JsonSerializer.Deserialize<PageResult>(
            WebUtility.HtmlDecode(match.Groups[1].Value),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true }
        )!;
    }

    [Fact]
    public void SkipReason_MissingBrowser_SkipsLocallyButNotUnderCi()
    {
        Assert.Contains(
            "Chromium not found",
            BrowserFactAttribute.SkipReason(isCi: false, "Chromium not found")
        );
        Assert.Null(BrowserFactAttribute.SkipReason(isCi: true, "Chromium not found"));
        Assert.Null(BrowserFactAttribute.SkipReason(isCi: false, missing: null));
    }

    private static int HeightOf(object item) =>
        item switch
        {
            Figure f => (f.Layout.Height ?? 450) + 90,
            Svg => 520,
            _ => 560,
        };

    private static string BuildPage(string title, IReadOnlyList<GalleryItem> items, PlotlyJs js)
    {
        var figs = items.Select(g =>
            g.Item switch
            {
                Figure f => f.ToJson(),
                LossChart l => l.ToFigure().ToJson(),
                _ => "null",
            }
        );
        // All test scripts go in the head: the probe waits for the load event, so page order holds.
        var head =
            ErrorCapture
            + "\n<script>window.__figs = ["
            + string.Join(",\n", figs)
            + "];</script>\n"
            + Probe;
        return ChartPage.ToHtml(title, items.Select(g => g.Item), js, head);
    }
}
