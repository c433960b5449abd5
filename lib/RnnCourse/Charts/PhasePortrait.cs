// Phase portrait of a 2-D recurrent state h_{t+1} = F(h_t) (e.g. F(h) = tanh(W_hh h + b) with no
// input): the displacement field F(h) − h drawn as arrows, the speed ‖F(h) − h‖ as a background
// contour, trajectories from chosen starting states, and the fixed points h* = F(h*) found by
// Newton's method and classified by the eigenvalues of the Jacobian ∂F/∂h at h* (|λ| < 1 for all λ:
// attracting; > 1 for all: repelling; mixed: saddle). Strogatz, Nonlinear Dynamics and Chaos, ch. 6;
// Sussillo & Barak 2013 for fixed points of trained RNNs.
// The arrows are drawn by Quiver (Quiver.cs), the fixed points found by FindFixedPoints
// (FixedPoints.cs).
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

    private static double[] Linspace(double a, double b, int n)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
            r[i] = a + (b - a) * i / (n - 1);
        return r;
    }
}
