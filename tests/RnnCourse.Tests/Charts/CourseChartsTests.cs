using System.Text.Json;
using RnnCourse.Charts;
using RnnCourse.Numerics;

namespace RnnCourse.Tests.Charts;

public class CourseChartsTests
{
    public static TheoryData<string> GalleryNames() => new(ChartGallery.All().Select(g => g.Name));

    [Theory]
    [MemberData(nameof(GalleryNames))]
    public void Helper_Json_MatchesSnapshot(string name)
    {
        var item = ChartGallery.All().Single(g => g.Name == name).Item;
        var text = item switch
        {
            Figure f => f.ToJson(),
            LossChart l => l.ToFigure().ToJson(),
            Svg s => s.Markup,
            _ => throw new InvalidOperationException(),
        };
        // Built twice: the same bytes (determinism), and equal to the committed snapshot.
        var again = ChartGallery.All().Single(g => g.Name == name).Item switch
        {
            Figure f => f.ToJson(),
            LossChart l => l.ToFigure().ToJson(),
            Svg s => s.Markup,
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(text, again);
        TestPaths.MatchSnapshot(name, text, item is Svg ? ".svg" : ".json");
    }

    [Fact]
    public void HiddenStates_Heatmap_IsTransposedOneColumnPerCharacter()
    {
        var states = ChartGallery.States(ChartGallery.Text, 5);
        var fig = CourseCharts.HiddenStates(ChartGallery.Text, states);
        var heat = Assert.IsType<Heatmap>(Assert.Single(fig.Data));
        Assert.Equal(5, heat.Z!.Count);
        Assert.Equal(ChartGallery.Text.Length, heat.Z[0].Count);
        Assert.Equal(states[7][3], heat.Z[3][7]);
        Assert.Equal(
            ChartGallery.Text.Select(CourseCharts.Visible).ToArray(),
            fig.Layout.XAxis!.TickText
        );
        Assert.Equal("␣", fig.Layout.XAxis.TickText![2]); // "En un": the space
        Assert.Equal((-1.0, 1.0), (heat.ZMin, heat.ZMax)); // symmetric: 0 sits at the white middle
    }

    [Fact]
    public void HiddenStates_Tensor_MatchesRowsOverload()
    {
        var rows = ChartGallery.States("abc", 2);
        var tensor = new Tensor<double>(rows.SelectMany(r => r).ToArray(), 3, 2);
        Assert.Equal(
            CourseCharts.HiddenStates("abc", rows).ToJson(),
            CourseCharts.HiddenStates("abc", tensor).ToJson()
        );
    }

    [Fact]
    public void HiddenStates_RowCountNotTextLength_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.HiddenStates("abcd", ChartGallery.States("abc", 2))
        );
        Assert.Contains("3 rows but the text has 4 characters", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() =>
            CourseCharts.HiddenStates("abc", new Tensor<float>(new float[6], 6))
        );
        Assert.Contains("expected [T, H]", ex2.Message);
    }

    [Fact]
    public void GateActivations_SharedZeroOneScaleAndOneYAxisPerGate()
    {
        var fig = (Figure)ChartGallery.All().Single(g => g.Name == "gates").Item;
        Assert.Equal(3, fig.Data.Count);
        Assert.All(
            fig.Data,
            t =>
                Assert.Equal(
                    (0.0, 1.0, ColorScale.Viridis),
                    (((Heatmap)t).ZMin, ((Heatmap)t).ZMax, ((Heatmap)t).ColorScale)
                )
        );
        Assert.Equal(
            new bool?[] { true, false, false },
            fig.Data.Select(t => ((Heatmap)t).ShowScale).ToArray()
        );
        Assert.Equal(new string?[] { null, "y2", "y3" }, fig.Data.Select(t => t.YAxis).ToArray());
        Assert.Equal(new Grid(3, 1) { Pattern = "coupled", YGap = 0.12 }, fig.Layout.Grid);
        using var doc = JsonDocument.Parse(fig.ToJson());
        Assert.Equal(
            "forget gate",
            doc.RootElement.GetProperty("layout")
                .GetProperty("yaxis2")
                .GetProperty("title")
                .GetProperty("text")
                .GetString()
        );
    }

    [Fact]
    public void GradientNorms_ZeroIsAGapOnTheLogAxis_NegativeThrows()
    {
        var fig = CourseCharts.GradientNorms(("m", [1.0, 0.0, 0.5]));
        Assert.Equal("log", fig.Layout.YAxis!.Type);
        Assert.Contains("\"y\":[1,null,0.5]", fig.ToJson());
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.GradientNorms(("m", [1.0, -0.1]))
        );
        Assert.Contains("negative norm -0.1 at t = 2", ex.Message);
    }

    [Fact]
    public void Zipf_ExactZipfData_FitsExponentNearOne()
    {
        var fig = CourseCharts.Zipf(ChartGallery.ZipfTokens());
        var fit = (Scatter)fig.Data[1];
        var rank = (double[])fit.X!;
        var freq = (double[])fit.Y!;
        double slope = Math.Log10(freq[^1] / freq[0]) / Math.Log10(rank[^1] / rank[0]);
        Assert.InRange(slope, -1.05, -0.95);
        var tokens = (string[])((Scatter)fig.Data[0]).Text!;
        Assert.Equal(["w1", "w2", "w3"], tokens[..3]);
    }

    [Fact]
    public void FitLogLog_PowerLaw_RecoversExponentAndConstant()
    {
        var x = Enumerable.Range(1, 50).Select(i => (double)i).ToArray();
        var y = x.Select(v => 300 * Math.Pow(v, -1.7)).ToArray();
        var (c, slope) = CourseCharts.FitLogLog(x, y);
        Assert.Equal(-1.7, slope, 9);
        Assert.Equal(Math.Log10(300), c, 9);
    }

    [Fact]
    public void FindFixedPoints_BistableMap_TwoAttractorsAndASaddle()
    {
        var grid = Enumerable.Range(0, 7).Select(i => -1.5 + 0.5 * i).ToArray();
        var fps = CourseCharts.FindFixedPoints(ChartGallery.BistableMap, grid, grid);
        Assert.Equal(3, fps.Count);
        // tanh(2a) = a has the nonzero root a* ≈ 0.957504.
        Assert.Equal(-0.957504, fps[0].H1, 5);
        Assert.Equal("attracting", fps[0].Kind);
        Assert.Equal((0.0, 0.0, "saddle"), (fps[1].H1, fps[1].H2, fps[1].Kind));
        Assert.Equal(2.0, fps[1].Eigenvalue2, 6);
        Assert.Equal(0.5, fps[1].Eigenvalue1, 6);
        Assert.Equal(0.957504, fps[2].H1, 5);
        Assert.Equal("attracting", fps[2].Kind);
    }

    [Fact]
    public void PhasePortrait_ElmanWeights_EqualsTheTanhMap()
    {
        var options = new PhasePortraitOptions
        {
            GridSize = 5,
            Starts = [(0.3, -0.2)],
            Title = "t",
        };
        var fromWeights = CourseCharts.PhasePortrait(
            new double[,]
            {
                { 2, 0 },
                { 0, 0.5 },
            },
            [0, 0],
            options
        );
        Assert.Equal(
            CourseCharts.PhasePortrait(ChartGallery.BistableMap, options).ToJson(),
            fromWeights.ToJson()
        );
        var titled = CourseCharts.PhasePortrait(
            new double[,]
            {
                { 2, 0 },
                { 0, 0.5 },
            },
            [0, 0.1]
        );
        Assert.Contains("[[2, 0], [0, 0.5]]", titled.Layout.Title!.Text);
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.PhasePortrait(new double[3, 3], [0, 0])
        );
        Assert.Contains("shape [3, 3]", ex.Message);
    }

    [Fact]
    public void EigenMagnitudes_RotationScaling_ComplexPairHasSqrtDet()
    {
        // 0.9 × rotation by 30°: eigenvalues 0.9 e^{±iπ/6}.
        double c = 0.9 * Math.Cos(Math.PI / 6),
            s = 0.9 * Math.Sin(Math.PI / 6);
        var (l1, l2) = CourseCharts.EigenMagnitudes(c, -s, s, c);
        Assert.Equal(0.9, l1, 12);
        Assert.Equal(0.9, l2, 12);
    }

    [Fact]
    public void Quiver_ScalesLongestArrowAndSeparatesGlyphsWithGaps()
    {
        var q = CourseCharts.Quiver([0.0, 1.0], [0.0, 0.0], [2.0, 1.0], [0.0, 0.0], maxLength: 0.5);
        var xs = (double[])q.X!;
        Assert.Equal(14, xs.Length); // 2 arrows × (shaft, gap, barb-head-barb, gap)
        Assert.Equal(0.5, xs[1], 12); // longest arrow: 0 → 0.5
        Assert.Equal(1.25, xs[8], 12); // half as long: 1 → 1.25
        Assert.True(double.IsNaN(xs[2]) && double.IsNaN(xs[6]));
        Assert.Contains("null", PlotlyJson.Serialize(q));
    }

    [Fact]
    public void TemperatureSlider_FramesAreDistributionsSharperAtLowTemperature()
    {
        double[] logits = [2.0, 1.0, 0.0];
        var fig = CourseCharts.TemperatureSlider(logits, ["a", "b", "c"], [0.5, 1.0, 2.0]);
        Assert.Equal(3, fig.Frames!.Count);
        var p = fig.Frames.Select(f => (double[])((Bar)f.Data[0]).Y!).ToArray();
        Assert.All(p, d => Assert.Equal(1.0, d.Sum(), 12));
        Assert.True(p[0][0] > p[1][0] && p[1][0] > p[2][0]);
        Assert.Equal(1, fig.Layout.Sliders![0].Active); // τ = 1 shown first
        Assert.Equal(p[1], (double[])((Bar)fig.Data[0]).Y!);
        Assert.Equal(
            new string?[] { "0.5", "1", "2" },
            fig.Layout.Sliders[0].Steps.Select(s => s.Label).ToArray()
        );
        Assert.Throws<ArgumentException>(() =>
            CourseCharts.TemperatureSlider(logits, ["a", "b", "c"], [0.0])
        );
    }

    [Fact]
    public void Animation_FramesWithDifferentTraceCounts_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Animation.WithSlider(
                new Layout(),
                [("a", [new Bar()]), ("b", [new Bar(), new Bar()])],
                "x"
            )
        );
        Assert.Contains("Frame 1 ('b') has 2 traces but frame 0 has 1", ex.Message);
    }

    [Fact]
    public void HiddenStateSteps_SliderAnimatesToEachFrameWithPlayButton()
    {
        var fig = CourseCharts.HiddenStateSteps("ab c", ChartGallery.States("ab c", 3));
        Assert.Equal(4, fig.Frames!.Count);
        var json = fig.ToJson();
        Assert.Contains(
            "\"args\":[[\"frame2\"],{\"mode\":\"immediate\",\"frame\":{\"duration\":0,\"redraw\":true},\"transition\":{\"duration\":0}}]",
            json
        );
        Assert.Contains("\"label\":\"2 \\u2423\"", json); // the space shown as ␣
        Assert.Equal(
            new string?[] { "Play", "Pause" },
            fig.Layout.UpdateMenus![0].Buttons.Select(b => b.Label).ToArray()
        );
    }

    [Fact]
    public void PredictedVsActual_ForecastStartOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CourseCharts.PredictedVsActual([1.0, 2], [1.0, 2], forecastStart: 2)
        );
        var ex = Assert.Throws<ArgumentException>(() =>
            CourseCharts.PredictedVsActual([1.0, 2], [1.0])
        );
        Assert.Contains("pad the prediction with NaN", ex.Message);
    }

    [Fact]
    public void Visible_ControlCharacters_HaveVisibleGlyphs()
    {
        Assert.Equal(
            ["␣", "↵", "⇥", "·", "ñ"],
            new[] { ' ', '\n', '\t', '\u0001', 'ñ' }.Select(CourseCharts.Visible).ToArray()
        );
    }
}
