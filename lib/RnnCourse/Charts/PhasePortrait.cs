// Phase portrait of a 2-D recurrent state h_{t+1} = F(h_t) (e.g. F(h) = tanh(W_hh h + b) with no
// input): the displacement field F(h) − h drawn as arrows, the speed ‖F(h) − h‖ as a background
// contour, trajectories from chosen starting states, and the fixed points h* = F(h*) found by
// Newton's method and classified by the eigenvalues of the Jacobian ∂F/∂h at h* (|λ| < 1 for all λ:
// attracting; > 1 for all: repelling; mixed: saddle). Strogatz, Nonlinear Dynamics and Chaos, ch. 6;
// Sussillo & Barak 2013 for fixed points of trained RNNs.
namespace RnnCourse.Charts;

/// <summary>What the phase portrait shows.</summary>
public sealed record PhasePortraitOptions
{
    /// <summary>Range of h₁ (the x axis).</summary>
    public (double Min, double Max) XRange { get; init; } = (-1.5, 1.5);

    /// <summary>Range of h₂ (the y axis).</summary>
    public (double Min, double Max) YRange { get; init; } = (-1.5, 1.5);

    /// <summary>Arrows per axis (the field is sampled on GridSize × GridSize points).</summary>
    public int GridSize { get; init; } = 15;

    /// <summary>Starting states of the trajectories drawn (each iterated <see cref="TrajectorySteps"/> times).</summary>
    public IReadOnlyList<(double H1, double H2)> Starts { get; init; } = [];

    /// <summary>Steps per trajectory.</summary>
    public int TrajectorySteps { get; init; } = 25;

    /// <summary>Search for fixed points from every grid point with Newton's method.</summary>
    public bool FindFixedPoints { get; init; } = true;

    /// <summary>Draw ‖F(h) − h‖ as a filled contour behind the arrows (slow regions are where fixed points hide).</summary>
    public bool ShowSpeed { get; init; } = true;

    /// <summary>Chart title.</summary>
    public string Title { get; init; } = "Phase portrait of h<sub>t+1</sub> = F(h<sub>t</sub>)";
}

/// <summary>A fixed point h* = F(h*) and its stability.</summary>
/// <param name="H1">First coordinate.</param>
/// <param name="H2">Second coordinate.</param>
/// <param name="Kind">"attracting", "repelling" or "saddle".</param>
/// <param name="Eigenvalue1">|λ₁| of ∂F/∂h at the point.</param>
/// <param name="Eigenvalue2">|λ₂| of ∂F/∂h at the point.</param>
public sealed record FixedPoint(
    double H1,
    double H2,
    string Kind,
    double Eigenvalue1,
    double Eigenvalue2
);

public static partial class CourseCharts
{
    /// <summary>
    /// Phase portrait of a 2-unit Elman RNN with no input: h ↦ tanh(W_hh h + b_h).
    /// </summary>
    /// <param name="whh">The recurrent weights W_hh, shape [2, 2] (row i feeds unit i).</param>
    /// <param name="bh">The bias b_h, length 2.</param>
    /// <param name="options">Ranges, grid, starting states; the title names the weights when left at its default.</param>
    /// <exception cref="ArgumentException">W_hh is not 2×2 or b_h does not have 2 entries.</exception>
    public static Figure PhasePortrait(
        double[,] whh,
        double[] bh,
        PhasePortraitOptions? options = null
    )
    {
        if (whh.GetLength(0) != 2 || whh.GetLength(1) != 2)
            throw new ArgumentException(
                $"W_hh has shape [{whh.GetLength(0)}, {whh.GetLength(1)}]; a phase portrait needs a 2-unit state, W_hh of shape [2, 2].",
                nameof(whh)
            );
        if (bh.Length != 2)
            throw new ArgumentException(
                $"b_h has {bh.Length} entries; expected 2 (one per unit).",
                nameof(bh)
            );
        double w11 = whh[0, 0],
            w12 = whh[0, 1],
            w21 = whh[1, 0],
            w22 = whh[1, 1],
            b1 = bh[0],
            b2 = bh[1];
        var o = options ?? new PhasePortraitOptions();
        if (o.Title == new PhasePortraitOptions().Title)
            o = o with
            {
                Title = string.Create(
                    Inv,
                    $"h<sub>t+1</sub> = tanh(W<sub>hh</sub> h<sub>t</sub> + b<sub>h</sub>), W<sub>hh</sub> = [[{w11:0.##}, {w12:0.##}], [{w21:0.##}, {w22:0.##}]], b<sub>h</sub> = [{b1:0.##}, {b2:0.##}]"
                ),
            };
        return PhasePortrait(
            (a, b) => (Math.Tanh(w11 * a + w12 * b + b1), Math.Tanh(w21 * a + w22 * b + b2)),
            o
        );
    }

    /// <summary>
    /// Phase portrait of the map h ↦ F(h) in 2-D: displacement arrows, speed contour, trajectories and fixed points.
    /// </summary>
    /// <param name="map">The state update F, e.g. <c>(a, b) => (Math.Tanh(w11*a + w12*b + b1), Math.Tanh(w21*a + w22*b + b2))</c>.</param>
    /// <param name="options">Ranges, grid, starting states; defaults when null.</param>
    /// <exception cref="ArgumentException">Empty range or a grid smaller than 2.</exception>
    public static Figure PhasePortrait(
        Func<double, double, (double, double)> map,
        PhasePortraitOptions? options = null
    )
    {
        ArgumentNullException.ThrowIfNull(map);
        var o = options ?? new PhasePortraitOptions();
        if (!(o.XRange.Max > o.XRange.Min) || !(o.YRange.Max > o.YRange.Min))
            throw new ArgumentException(
                $"Ranges must have Max > Min (got x {o.XRange}, y {o.YRange}).",
                nameof(options)
            );
        if (o.GridSize < 2 || o.GridSize > 60)
            throw new ArgumentOutOfRangeException(
                nameof(options),
                o.GridSize,
                "GridSize must be between 2 and 60."
            );
        int n = o.GridSize;
        double[] gx = Linspace(o.XRange.Min, o.XRange.Max, n),
            gy = Linspace(o.YRange.Min, o.YRange.Max, n);
        var traces = new List<Trace>();
        if (o.ShowSpeed)
        {
            // ‖F(h) − h‖ on a grid 3 times finer than the arrows': z[row = y][column = x].
            double[] cx = Linspace(o.XRange.Min, o.XRange.Max, 3 * n),
                cy = Linspace(o.YRange.Min, o.YRange.Max, 3 * n);
            var z = cy.Select(y => cx.Select(x => Speed(map, x, y)).ToArray()).ToArray();
            traces.Add(
                new Contour
                {
                    Name = "speed ‖F(h) − h‖",
                    X = cx,
                    Y = cy,
                    Z = z,
                    ColorScale = ColorScale.FromStops((0, "#ffffff"), (1, "#c6dbef")),
                    Contours = new("fill", ShowLabels: false),
                    NContours = 12,
                    ShowScale = false,
                    Line = new Line { Width = 0.5, Color = "#9ecae1" },
                    HoverTemplate = "h=(%{x:.2f}, %{y:.2f})<br>‖F(h)−h‖=%{z:.3f}<extra></extra>",
                    ShowLegend = false,
                }
            );
        }
        // Arrows: displacement scaled so the longest spans 90 % of a grid cell.
        var tails = gy.SelectMany(y => gx.Select(x => (X: x, Y: y))).ToArray();
        var heads = tails.Select(t => map(t.X, t.Y)).ToArray();
        traces.Add(
            Quiver(
                [.. tails.Select(t => t.X)],
                [.. tails.Select(t => t.Y)],
                [.. heads.Select((h, k) => h.Item1 - tails[k].X)],
                [.. heads.Select((h, k) => h.Item2 - tails[k].Y)],
                0.9 * Math.Min(gx[1] - gx[0], gy[1] - gy[0]),
                "F(h) − h",
                "#4a4a4a"
            )
        );
        for (int s = 0; s < o.Starts.Count; s++)
        {
            var path = new (double X, double Y)[o.TrajectorySteps + 1];
            path[0] = o.Starts[s];
            for (int t = 1; t < path.Length; t++)
                path[t] = map(path[t - 1].X, path[t - 1].Y);
            var (tx, ty) = (path.Select(p => p.X).ToArray(), path.Select(p => p.Y));
            traces.Add(
                Lines($"trajectory {s + 1}", tx, ty, s + 1, 5) with
                {
                    LegendGroup = "trajectories",
                }
            );
        }
        var fixedPoints = o.FindFixedPoints ? FindFixedPoints(map, gx, gy) : [];
        foreach (var kind in new[] { "attracting", "repelling", "saddle" })
        {
            var pts = fixedPoints.Where(p => p.Kind == kind).ToArray();
            if (pts.Length == 0)
                continue;
            var symbol = kind switch
            {
                "attracting" => "circle",
                "repelling" => "circle-open",
                _ => "x",
            };
            var marker = new Marker(
                "#d62728",
                13,
                symbol,
                new Line { Color = "#d62728", Width = 2 }
            );
            traces.Add(
                Dots(
                    $"fixed point ({kind})",
                    pts.Select(p => p.H1).ToArray(),
                    pts.Select(p => p.H2).ToArray(),
                    marker
                ) with
                {
                    Text = pts.Select(p =>
                            string.Create(
                                Inv,
                                $"|λ| = {p.Eigenvalue1:0.###}, {p.Eigenvalue2:0.###}"
                            )
                        )
                        .ToArray(),
                    HoverTemplate = "h*=(%{x:.3f}, %{y:.3f})<br>%{text}<extra>" + kind + "</extra>",
                }
            );
        }
        var layout = new Layout
        {
            Title = o.Title,
            Width = 720,
            Height = 640,
            XAxis = Ax("h<sub>1</sub>") with
            {
                Range = [o.XRange.Min, o.XRange.Max],
                ZeroLine = false,
            },
            YAxis = Ax("h<sub>2</sub>") with
            {
                Range = [o.YRange.Min, o.YRange.Max],
                ScaleAnchor = "x",
                ScaleRatio = 1,
                ZeroLine = false,
            },
        };
        return Figure.Of(layout, [.. traces]);
    }

    /// <summary>‖F(h) − h‖ at h = (x, y).</summary>
    private static double Speed(Func<double, double, (double, double)> map, double x, double y)
    {
        var (a, b) = map(x, y);
        return Math.Sqrt((a - x) * (a - x) + (b - y) * (b - y));
    }

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

    /// <summary>Fixed points of a 2-D map by Newton's method on G(h) = F(h) − h from every grid point.</summary>
    public static IReadOnlyList<FixedPoint> FindFixedPoints(
        Func<double, double, (double, double)> map,
        IReadOnlyList<double> gridX,
        IReadOnlyList<double> gridY
    )
    {
        const double Eps = 1e-6,
            Tol = 1e-10,
            Merge = 1e-4;
        var found = new List<FixedPoint>();
        double xmin = gridX.Min(),
            xmax = gridX.Max(),
            ymin = gridY.Min(),
            ymax = gridY.Max();
        double padX = xmax - xmin,
            padY = ymax - ymin;
        foreach (var y0 in gridY)
        {
            foreach (var x0 in gridX)
            {
                double a = x0,
                    b = y0;
                bool converged = false;
                for (int it = 0; it < 50; it++)
                {
                    var (fa, fb) = map(a, b);
                    double g1 = fa - a,
                        g2 = fb - b;
                    if (g1 * g1 + g2 * g2 < Tol * Tol)
                    {
                        converged = true;
                        break;
                    }
                    var (j11, j12, j21, j22) = Jacobian(map, a, b, Eps);
                    // Newton on G = F − I: solve (J − I) δ = −G.
                    double m11 = j11 - 1,
                        m22 = j22 - 1,
                        det = m11 * m22 - j12 * j21;
                    if (Math.Abs(det) < 1e-14)
                        break;
                    a += (-g1 * m22 + g2 * j12) / det;
                    b += (-m11 * g2 + j21 * g1) / det;
                    if (!double.IsFinite(a) || !double.IsFinite(b))
                        break;
                }
                if (
                    !converged
                    || a < xmin - padX
                    || a > xmax + padX
                    || b < ymin - padY
                    || b > ymax + padY
                )
                    continue;
                if (found.Any(p => Math.Abs(p.H1 - a) < Merge && Math.Abs(p.H2 - b) < Merge))
                    continue;
                var (k11, k12, k21, k22) = Jacobian(map, a, b, Eps);
                var (l1, l2) = EigenMagnitudes(k11, k12, k21, k22);
                string kind =
                    l1 < 1 && l2 < 1 ? "attracting"
                    : l1 > 1 && l2 > 1 ? "repelling"
                    : "saddle";
                found.Add(new FixedPoint(Math.Round(a, 9), Math.Round(b, 9), kind, l1, l2));
            }
        }
        return found.OrderBy(p => p.H1).ThenBy(p => p.H2).ToArray();
    }

    private static (double, double, double, double) Jacobian(
        Func<double, double, (double, double)> f,
        double a,
        double b,
        double eps
    )
    {
        var (pa1, pb1) = f(a + eps, b);
        var (ma1, mb1) = f(a - eps, b);
        var (pa2, pb2) = f(a, b + eps);
        var (ma2, mb2) = f(a, b - eps);
        return (
            (pa1 - ma1) / (2 * eps),
            (pa2 - ma2) / (2 * eps),
            (pb1 - mb1) / (2 * eps),
            (pb2 - mb2) / (2 * eps)
        );
    }

    /// <summary>|λ₁| ≤ |λ₂| of a 2×2 matrix [[a, b], [c, d]].</summary>
    internal static (double, double) EigenMagnitudes(double a, double b, double c, double d)
    {
        double tr = a + d,
            det = a * d - b * c,
            disc = tr * tr - 4 * det;
        if (disc >= 0)
        {
            double s = Math.Sqrt(disc);
            double l1 = Math.Abs((tr - s) / 2),
                l2 = Math.Abs((tr + s) / 2);
            return (Math.Min(l1, l2), Math.Max(l1, l2));
        }
        double mag = Math.Sqrt(det); // complex pair: |λ|² = det
        return (mag, mag);
    }

    private static double[] Linspace(double a, double b, int n)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
            r[i] = a + (b - a) * i / (n - 1);
        return r;
    }
}
