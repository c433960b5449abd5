// Charts of a race trained from several seeds (SeedRuns): every run is drawn faintly and the
// median boldly, so a reader sees both the typical run and how far the seeds spread. These two
// return traces, not a figure: a notebook puts several models (and a chance or baseline line) in
// one figure. The traces of one model share a legend group, so one click hides all its seeds.
using RnnCourse.Training;

namespace RnnCourse.Charts;

public static partial class CourseCharts
{
    /// <summary>
    /// Learning curves of one model over seeds: every seed's curve thin and faint, the per-step
    /// median (<see cref="SeedRuns.MedianCurve"/>) bold, all in <paramref name="color"/>.
    /// </summary>
    /// <param name="name">The model's legend entry.</param>
    /// <param name="curves">One curve per seed (e.g. each epoch's mean loss), all of one length.</param>
    /// <param name="color">CSS colour, e.g. <c>CourseCharts.Palette[0]</c>.</param>
    /// <param name="dash">The median line's dash ("dash", "dot"), or null for solid.</param>
    /// <returns>One trace per seed, then the median's (the only one in the legend).</returns>
    /// <exception cref="ArgumentException">No curves, or curves of different lengths.</exception>
    public static Trace[] SeedCurves(
        string name,
        IEnumerable<IReadOnlyList<double>> curves,
        string color,
        string? dash = null
    )
    {
        var c = curves.ToArray();
        var median = SeedRuns.MedianCurve(c);
        return
        [
            .. c.Select(y => new Scatter(Y: y.ToArray(), Mode: "lines", Line: new(color, 1))
            {
                Name = name,
                LegendGroup = name,
                ShowLegend = false,
                Opacity = 0.3,
            }),
            new Scatter(Y: median, Mode: "lines", Line: new(color, 3, dash))
            {
                Name = name,
                LegendGroup = name,
            },
        ];
    }

    /// <summary>
    /// One model's result against a setting (e.g. recall against delay) over seeds: the median as a
    /// line with markers and every seed as a faint dot labelled with its seed.
    /// </summary>
    /// <param name="name">The model's legend entry.</param>
    /// <param name="x">The settings, e.g. the delays.</param>
    /// <param name="values"><c>values[x index][seed index]</c>, as <see cref="SeedRuns"/> returns them.</param>
    /// <param name="seeds">The seeds, for the dots' hover labels.</param>
    /// <param name="color">CSS colour, e.g. <c>CourseCharts.Palette[0]</c>.</param>
    /// <param name="shift">Each dot sits at x · shift (1.03: a little right on a log axis), so several models' seeds do not hide one another.</param>
    /// <returns>The median line, then the dots.</returns>
    /// <exception cref="ArgumentException">The counts of <paramref name="x"/>, <paramref name="values"/> and <paramref name="seeds"/> disagree.</exception>
    public static Trace[] SeedDots<TX>(
        string name,
        IReadOnlyList<TX> x,
        IReadOnlyList<IReadOnlyList<double>> values,
        IReadOnlyList<ulong> seeds,
        string color,
        double shift = 1
    )
        where TX : INumber<TX>
    {
        ShapeCheck.SameLength(x.Count, values.Count, nameof(x), nameof(values));
        int wrong = values.ToList().FindIndex(v => v.Count != seeds.Count);
        ShapeCheck.InvalidIf(
            wrong >= 0,
            $"values[{wrong}] has {values[wrong].Count} results but there are {seeds.Count} seeds: pass one result per seed for every x.",
            nameof(values)
        );
        var xs = x.Select(double.CreateChecked).ToArray();
        return
        [
            new Scatter(
                X: xs,
                Y: values.Select(SeedRuns.Median).ToArray(),
                Mode: "lines+markers",
                Line: new(color)
            )
            {
                Name = name,
                LegendGroup = name,
            },
            new Scatter(
                X: xs.SelectMany(v => seeds.Select(_ => v * shift)).ToArray(),
                Y: values.SelectMany(v => v).ToArray(),
                Mode: "markers",
                Marker: new(color, 7),
                Text: xs.SelectMany(_ => seeds.Select(s => $"seed {s}")).ToArray()
            )
            {
                Name = name + " (seeds)",
                LegendGroup = name,
                ShowLegend = false,
                Opacity = 0.5,
            },
        ];
    }
}
