// A quiver trace: a vector field drawn as arrow glyphs (a shaft and two barbs per arrow),
// scaled so the longest has a given length (plotly.js has no quiver trace). The phase portrait
// draws the displacement F(h) − h with it.
namespace RnnCourse.Charts;

public static partial class CourseCharts
{
    /// <summary>
    /// A vector field as one scatter trace of arrow glyphs: a shaft and two barbs per arrow, separated by
    /// gaps (plotly.js has no quiver trace). Arrows are scaled so the longest has length <paramref name="maxLength"/>.
    /// </summary>
    /// <param name="x">Arrow tails, x.</param>
    /// <param name="y">Arrow tails, y.</param>
    /// <param name="u">Vector x components.</param>
    /// <param name="v">Vector y components.</param>
    /// <param name="maxLength">Drawn length of the longest arrow, in data units.</param>
    /// <param name="name">Legend name.</param>
    /// <param name="color">CSS colour.</param>
    public static Scatter Quiver(
        IReadOnlyList<double> x,
        IReadOnlyList<double> y,
        IReadOnlyList<double> u,
        IReadOnlyList<double> v,
        double maxLength,
        string name = "field",
        string color = "#444"
    )
    {
        int n = x.Count;
        if (y.Count != n || u.Count != n || v.Count != n)
            throw new ArgumentException(
                $"x, y, u, v must have the same length (got {n}, {y.Count}, {u.Count}, {v.Count})."
            );
        double longest = 0;
        for (int i = 0; i < n; i++)
            longest = Math.Max(longest, Math.Sqrt(u[i] * u[i] + v[i] * v[i]));
        double scale = longest > 0 ? maxLength / longest : 0;
        // Per arrow: tail → head, a gap, barb → head → barb, a gap (NaN: plotly.js breaks the line).
        var points = new List<(double X, double Y)>(n * 7);
        const double Barb = 0.3,
            Angle = 0.45; // barb length as a fraction of the arrow, half-angle in radians
        for (int i = 0; i < n; i++)
        {
            double dx = u[i] * scale,
                dy = v[i] * scale;
            double len = Math.Sqrt(dx * dx + dy * dy);
            if (!(len > 1e-12))
                continue;
            double hx = x[i] + dx,
                hy = y[i] + dy;
            double back = Math.Atan2(-dy, -dx);
            double bl = Barb * len;
            (double, double) gap = (double.NaN, double.NaN);
            points.AddRange([
                (x[i], y[i]),
                (hx, hy),
                gap,
                (hx + bl * Math.Cos(back + Angle), hy + bl * Math.Sin(back + Angle)),
                (hx, hy),
                (hx + bl * Math.Cos(back - Angle), hy + bl * Math.Sin(back - Angle)),
                gap,
            ]);
        }
        return new Scatter
        {
            Name = name,
            X = points.Select(p => p.X).ToArray(),
            Y = points.Select(p => p.Y).ToArray(),
            Mode = "lines",
            Line = new Line { Color = color, Width = 1.2 },
            ConnectGaps = false,
            HoverInfo = "skip",
        };
    }
}
