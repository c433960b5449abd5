using RnnCourse.Runner.Notebooks;
using RnnCourse.Runner.Rendering;

namespace RnnCourse.Runner.Tests.Rendering;

public class SiteRendererTests
{
    [Fact]
    public void MarkdownToHtml_DisplayMathInParagraph_KeepsTheTexForKatex()
    {
        var html = SiteRenderer.MarkdownToHtml(
            "Take\n\n$$ s = \\tanh(W s), \\qquad W \\in \\mathbb{R}^{2\\times 2},\\; b .$$\n\nand `x`."
        );

        Assert.Contains(
            "<span class=\"math\">\\[ s = \\tanh(W s), \\qquad W \\in \\mathbb{R}^{2\\times 2},\\; b .\\]</span>",
            html
        );
        Assert.Contains("<code>x</code>", html);
    }

    [Fact]
    public void MarkdownToHtml_DollarsInCode_LeftAsCode()
    {
        var html = SiteRenderer.MarkdownToHtml("Use `$$\"\"\"{x}\"\"\"` and `$$`.");

        Assert.DoesNotContain("class=\"math\"", html);
        Assert.Contains("<code>$$", html);
    }

    [Fact]
    public void Render_Site_ShipsPlotlyAndKatexAndLoadsThemFromTheSite()
    {
        var dir = TestPaths.TempDir("site");
        var nb = NotebookJson.Parse(
            """{"cells":[{"cell_type":"markdown","metadata":{},"source":"# Title\n\n$x$"}],"metadata":{"kernelspec":{"name":".net-csharp","display_name":"C#","language":"C#"},"language_info":{"name":"C#"}},"nbformat":4,"nbformat_minor":5}"""
        );

        SiteRenderer.Render([(nb, "part/one.ipynb")], dir);

        var page = File.ReadAllText(Path.Combine(dir, "part", "one.html"));
        foreach (var file in WebAssets.RequiredFiles)
        {
            Assert.True(
                File.Exists(Path.Combine(dir, WebAssets.SiteFolder, file)),
                file + " not shipped"
            );
            Assert.Contains(
                $"\"../{WebAssets.SiteFolder}/{file}\"",
                page.Replace("href=", "").Replace("src=", "")
            );
        }
        Assert.NotEmpty(
            Directory.GetFiles(Path.Combine(dir, WebAssets.SiteFolder, "katex", "fonts"), "*.woff2")
        );
        Assert.DoesNotContain("https://", page);
    }

    [Fact]
    public void Render_AssetsMissing_SaysWhichFileAndHowToGetIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() =>
            SiteRenderer.Render(
                [],
                TestPaths.TempDir("site"),
                new WebAssets(TestPaths.TempDir("empty"))
            )
        );

        Assert.Contains("plotly.min.js", ex.Message);
        Assert.Contains("npm ci", ex.Message);
    }
}
