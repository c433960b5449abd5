// A page that shows notebook HTML outputs the way VS Code's built-in notebook renderer does: each
// output's HTML is set as innerHTML of its own element, and every <script> in it is re-created
// (a new element with the same attributes and text) so the browser runs it. Half of the outputs
// are rendered at once and half after a pause, as VS Code renders outputs as cells finish: a
// chart whose script runs after plotly.js failed to load is the case that once stayed empty.
// The page then writes, per chart div, whether plotly drew it and the text it shows. Linked into
// the course test project too.
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RnnCourse.Tests.Charts;

internal static partial class VsCodeOutputPage
{
    /// <summary>What one chart div shows after the page settled.</summary>
    public sealed record Chart(bool Drawn, string Text);

    /// <summary>The page rendering <paramref name="outputs"/> (text/html of notebook outputs) in order.</summary>
    public static string Build(IReadOnlyList<string> outputs) =>
        $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"></head><body>
            <script>
            var outputs = {{JsonSerializer.Serialize(outputs)}};
            function render(i) {
              var el = document.createElement('div');
              el.className = 'output';
              document.body.appendChild(el);
              el.innerHTML = outputs[i];
              el.querySelectorAll('script').forEach(function (old) {
                var s = document.createElement('script');
                for (var a = 0; a < old.attributes.length; a++) { s.setAttribute(old.attributes[a].name, old.attributes[a].value); }
                s.text = old.text;
                old.parentNode.replaceChild(s, old);
              });
            }
            var half = Math.ceil(outputs.length / 2);
            for (var i = 0; i < half; i++) { render(i); }
            setTimeout(function () {
              for (var i = half; i < outputs.length; i++) { render(i); }
              setTimeout(function () {
                var out = [];
                document.querySelectorAll('.rnncourse-plot').forEach(function (d) {
                  out.push({ drawn: !!d.querySelector('.main-svg'), text: d.querySelector('.main-svg') ? '' : d.textContent });
                });
                var pre = document.createElement('pre');
                pre.id = 'vscode-results';
                pre.textContent = JSON.stringify(out);
                document.body.appendChild(pre);
              }, 5000);
            }, 5000);
            </script>
            </body></html>

            """;

    /// <summary>The per-chart results the page wrote into the dumped DOM.</summary>
    public static IReadOnlyList<Chart> Read(string dom)
    {
        var m = Results().Match(dom);
        Assert.True(
            m.Success,
            "The page wrote no results. DOM tail:\n" + dom[^Math.Min(2000, dom.Length)..]
        );
        return JsonSerializer.Deserialize<Chart[]>(
            WebUtility.HtmlDecode(m.Groups[1].Value),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true }
        )!;
    }

    [GeneratedRegex("<pre id=\"vscode-results\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Results();
}
