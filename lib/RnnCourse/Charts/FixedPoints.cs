// Fixed points of a 2-D map h ↦ F(h), for the phase portrait: Newton's method on F(h) − h from
// every grid node, duplicates merged, each point classified by the magnitudes of the eigenvalues
// of the Jacobian ∂F/∂h there (all |λ| < 1: attracting; all > 1: repelling; mixed: saddle).
// Strogatz, Nonlinear Dynamics and Chaos, ch. 6; Sussillo & Barak 2013 for trained RNNs.
namespace RnnCourse.Charts;

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
}
