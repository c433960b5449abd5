using System.Text.Json;
using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class PlotlyJsonTests
{
    [Fact]
    public void Serialize_NaNAndInfinities_BecomeNull()
    {
        var fig = Figure.Of(
            null,
            new Scatter
            {
                X = new[] { 0.0, 1, 2, 3 },
                Y = new[] { 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity },
            }
        );
        var json = fig.ToJson();
        Assert.Contains("\"y\":[1.5,null,null,null]", json);
        using var doc = JsonDocument.Parse(json); // valid JSON
        Assert.Equal(
            JsonValueKind.Null,
            doc.RootElement.GetProperty("data")[0].GetProperty("y")[1].ValueKind
        );
    }

    [Fact]
    public void Serialize_NonFiniteFloatsAndNullableDoubles_BecomeNull()
    {
        var json =
            PlotlyJson.Serialize(new Scatter { Y = new[] { float.NaN, 2.5f } })
            + PlotlyJson.Serialize(new Axis { Range = [double.NaN, 1] })
            + PlotlyJson.Serialize(
                new Heatmap
                {
                    ZMin = double.NegativeInfinity,
                    Z =
                    [
                        [double.NaN, 1],
                    ],
                }
            );
        Assert.Contains("\"y\":[null,2.5]", json);
        Assert.Contains("\"range\":[null,1]", json);
        Assert.Contains("\"zmin\":null", json);
        Assert.Contains("\"z\":[[null,1]]", json);
    }

    [Fact]
    public void Serialize_QuotesScriptEndAndNonAscii_AreEscaped()
    {
        var fig = Figure.Of(
            new Layout
            {
                Title = "say \"hola\" </script><script>alert(1)</script> — año ñ 你好 😀",
            },
            new Scatter { Name = "a'b&c", Y = new[] { 1.0 } }
        );
        var json = fig.ToJson();
        Assert.DoesNotContain("</script", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<", json);
        Assert.DoesNotContain("\"hola\"", json);
        Assert.All(json, c => Assert.True(c < 128, $"non-ASCII character U+{(int)c:X4} in JSON"));
        Assert.Contains("\\u0022hola\\u0022", json);
        Assert.Contains("\\u003C/script\\u003E", json);
        Assert.Contains("a\\u0027b\\u0026c", json);
        Assert.Contains("a\\u00F1o", json);
        Assert.Contains("\\uD83D\\uDE00", json); // 😀 as a surrogate pair
        // Round trip: the escapes decode to the original text.
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(
            "say \"hola\" </script><script>alert(1)</script> — año ñ 你好 😀",
            doc.RootElement.GetProperty("layout")
                .GetProperty("title")
                .GetProperty("text")
                .GetString()
        );
    }

    [Fact]
    public void ToHtml_TitleWithScriptEnd_CannotCloseTheScriptElement()
    {
        var html = Figure
            .Of(new Layout { Title = "</script><b>x</b>" }, new Bar { Y = new[] { 1.0 } })
            .ToHtml();
        // Exactly one closing tag: the fragment's own.
        Assert.Equal(1, CountOf(html, "</script>"));
    }

    [Fact]
    public void Serialize_SameFigureTwice_IsByteIdentical()
    {
        string Build() =>
            Figure
                .Of(
                    new Layout
                    {
                        Title = "t",
                        XAxis = new Axis { Type = "log" },
                    }
                        .WithAxis("yaxis3", new Axis { Title = "c" })
                        .WithAxis("yaxis2", new Axis { Title = "b" }),
                    new Scatter
                    {
                        X = new[] { 0.1, 1e-300, 12345.678 },
                        Y = new[] { 1 / 3.0, 2, 3 },
                    },
                    new Heatmap
                    {
                        Z =
                        [
                            [1, 2],
                            [3, 4],
                        ],
                        ColorScale = ColorScale.Diverging,
                    }
                )
                .ToJson();
        Assert.Equal(Build(), Build());
    }

    [Fact]
    public void Serialize_Names_AreLowerCasePlotlyAttributes()
    {
        var json = PlotlyJson.Serialize(
            new Layout
            {
                ShowLegend = true,
                HoverMode = "x unified",
                UiRevision = "loss",
                UpdateMenus =
                [
                    new UpdateMenu(
                        "buttons",
                        [new Button("Play", "animate", [])],
                        "left",
                        false,
                        0,
                        0,
                        "left",
                        "top",
                        new(60, 10)
                    ),
                ],
            }
        );
        Assert.Equal(
            "{\"showlegend\":true,\"updatemenus\":[{\"type\":\"buttons\",\"buttons\":[{\"label\":\"Play\",\"method\":\"animate\",\"args\":[]}],\"direction\":\"left\",\"showactive\":false,\"x\":0,\"y\":0,\"xanchor\":\"left\",\"yanchor\":\"top\",\"pad\":{\"t\":60,\"r\":10}}],\"hovermode\":\"x unified\",\"uirevision\":\"loss\"}",
            json
        );
    }

    [Fact]
    public void Serialize_Trace_WritesTypeFirstAndOmitsNulls()
    {
        Assert.Equal(
            "{\"type\":\"bar\",\"name\":\"n\",\"y\":[1]}",
            PlotlyJson.Serialize<Trace>(new Bar { Name = "n", Y = new[] { 1 } })
        );
        Assert.Equal(
            "{\"type\":\"histogram\",\"x\":[1,2],\"nbinsx\":5}",
            PlotlyJson.Serialize<Trace>(new Histogram { X = new[] { 1, 2 }, NBinsX = 5 })
        );
        Assert.Equal(
            "{\"type\":\"contour\",\"z\":[[1]],\"ncontours\":3}",
            PlotlyJson.Serialize<Trace>(
                new Contour
                {
                    Z =
                    [
                        [1],
                    ],
                    NContours = 3,
                }
            )
        );
    }

    [Fact]
    public void ColorScale_NamedAndStops_SerialiseAsPlotlyExpects()
    {
        Assert.Equal("\"Viridis\"", PlotlyJson.Serialize(ColorScale.Viridis));
        Assert.Equal(
            "[[0,\"#000\"],[0.5,\"#888\"],[1,\"#fff\"]]",
            PlotlyJson.Serialize(ColorScale.FromStops((0, "#000"), (0.5, "#888"), (1, "#fff")))
        );
    }

    [Theory]
    [InlineData(new[] { 0.0 })]
    [InlineData(new[] { 0.1, 1.0 })]
    [InlineData(new[] { 0.0, 0.9 })]
    [InlineData(new[] { 0.0, 0.7, 0.5, 1.0 })]
    public void ColorScale_BadStops_ThrowWithTheReason(double[] fractions)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ColorScale.FromStops(fractions.Select(f => (f, "#000")).ToArray())
        );
        Assert.Matches("at least 2|start at 0|must increase", ex.Message);
    }

    [Fact]
    public void WithAxis_ExtraAxes_AreTopLevelKeysInOrdinalOrder()
    {
        var layout = new Layout()
            .WithAxis("yaxis3", new Axis { Title = "c" })
            .WithAxis("xaxis2", new Axis { Type = "log" })
            .WithAxis("yaxis10", new Axis());
        Assert.Equal(
            "{\"xaxis2\":{\"type\":\"log\"},\"yaxis10\":{},\"yaxis3\":{\"title\":{\"text\":\"c\"}}}",
            PlotlyJson.Serialize(layout)
        );
    }

    [Theory]
    [InlineData("xaxis")]
    [InlineData("xaxis1")]
    [InlineData("zaxis2")]
    [InlineData("yaxisB")]
    public void WithAxis_BadName_Throws(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Layout().WithAxis(name, new Axis()));
        Assert.Contains("xaxisN or yaxisN", ex.Message);
    }

    internal static int CountOf(string s, string part)
    {
        int n = 0;
        for (
            int i = s.IndexOf(part, StringComparison.Ordinal);
            i >= 0;
            i = s.IndexOf(part, i + 1, StringComparison.Ordinal)
        )
            n++;
        return n;
    }
}
