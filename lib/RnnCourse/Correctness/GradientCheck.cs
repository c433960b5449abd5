// Finite-difference gradient checking: the test every backward pass in the course must pass.
// For each parameter θ_k, the centred difference
//     g̃_k = (L(θ + ε e_k) − L(θ − ε e_k)) / 2ε         (error O(ε²), vs O(ε) one-sided)
// is compared with the analytic gradient g_k from backward, by the relative error
//     |g_k − g̃_k| / max(|g_k|, |g̃_k|, floor).
// In double precision with ε = 1e-5 a correct backward gives ~1e-9 or better; a bug gives ~1e-1.
// The report names the worst parameter block and, for LSTM/GRU weights, the gate (rows i/f/g/o
// or r/z/n), which is usually enough to find the wrong line.

namespace RnnCourse.Correctness;

/// <summary>Centred finite-difference gradient checks in double precision.</summary>
public static class GradientCheck
{
    /// <summary>
    /// Checks every parameter of <paramref name="p"/>. <paramref name="lossAndGradients"/> must zero
    /// <c>p.Grads</c>, run forward and backward, and return the loss (it is also called with
    /// perturbed values, where its gradients are ignored).
    /// </summary>
    public static GradientCheckReport Parameters(
        ParameterSet<double> p,
        Func<double> lossAndGradients,
        GradientCheckOptions? options = null
    )
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(lossAndGradients);
        options ??= new GradientCheckOptions();
        lossAndGradients();
        var analytic = (double[])p.Grads.Clone();
        var entries = new List<GradientCheckEntry>();
        foreach (var slot in p.Layout.Slots)
        {
            IReadOnlyList<string>? gates = null;
            options.Gates?.TryGetValue(slot.Name, out gates);
            int parts = gates is { Count: > 0 } && slot.Rows % gates.Count == 0 ? gates.Count : 1;
            int partLength = slot.Length / parts;
            for (int g = 0; g < parts; g++)
            {
                entries.Add(
                    CheckRange(
                        slot.Name,
                        parts == 1 ? null : gates![g],
                        partLength,
                        i => slot.Offset + g * partLength + i,
                        p.Values,
                        analytic,
                        lossAndGradients,
                        options,
                        g * partLength,
                        slot.Cols
                    )
                );
            }
        }
        // Leave the analytic gradients in place (the perturbed calls overwrote them).
        analytic.CopyTo(p.Grads, 0);
        return new GradientCheckReport(entries, options.Tolerance);
    }

    /// <summary>
    /// Checks the gradient with respect to an input tensor: <paramref name="analytic"/> is ∂L/∂x
    /// from backward, <paramref name="loss"/> recomputes the loss from <paramref name="x"/>.
    /// </summary>
    public static GradientCheckReport Input(
        string name,
        Tensor<double> x,
        Func<double> loss,
        Tensor<double> analytic,
        GradientCheckOptions? options = null
    )
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(analytic);
        analytic.RequireShape(nameof(analytic), x.Shape.ToArray());
        options ??= new GradientCheckOptions();
        var entry = CheckRange(
            name,
            null,
            x.Length,
            i => i,
            x.Data,
            analytic.Data,
            loss,
            options,
            0,
            x.Rank > 1 ? x.Shape[^1] : 1
        );
        return new GradientCheckReport([entry], options.Tolerance);
    }

    /// <summary>
    /// The gate names of a gated cell's stacked blocks (Wx, Wh, bx, bh), for
    /// <see cref="GradientCheckOptions.Gates"/>; empty for Elman and Jordan.
    /// </summary>
    public static Dictionary<string, IReadOnlyList<string>> GatesOf(
        CellConfig config,
        CellSlots slots
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(slots);
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (config.GateCount > 1)
        {
            foreach (var s in new[] { slots.Wx, slots.Wh, slots.Bx, slots.Bh })
            {
                if (s is not null)
                {
                    map[s.Name] = config.GateNames;
                }
            }
        }
        return map;
    }

    /// <summary>(L(θ + ε e_k) − L(θ − ε e_k)) / 2ε, restoring θ_k exactly.</summary>
    private static double CentredDifference(double[] values, int k, Func<double> loss, double eps)
    {
        double saved = values[k];
        values[k] = saved + eps;
        double plus = loss();
        values[k] = saved - eps;
        double minus = loss();
        values[k] = saved;
        return (plus - minus) / (2 * eps);
    }

    /// <summary>(−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε, restoring θ_k exactly.</summary>
    private static double FourPointDifference(double[] values, int k, Func<double> loss, double eps)
    {
        double saved = values[k];
        double At(double offset)
        {
            values[k] = saved + offset;
            return loss();
        }
        double result = (-At(2 * eps) + 8 * At(eps) - 8 * At(-eps) + At(-2 * eps)) / (12 * eps);
        values[k] = saved;
        return result;
    }

    private static GradientCheckEntry CheckRange(
        string name,
        string? gate,
        int count,
        Func<int, int> flatIndex,
        double[] values,
        double[] analytic,
        Func<double> loss,
        GradientCheckOptions options,
        int reportOffset,
        int columns
    )
    {
        IEnumerable<int> indices = Enumerable.Range(0, count);
        if (options.MaxPerBlock > 0 && count > options.MaxPerBlock)
        {
            var order = Enumerable.Range(0, count).ToArray();
            new Rng(options.Seed).Shuffle<int>(order);
            indices = order.Take(options.MaxPerBlock).Order();
        }
        double worst = 0,
            worstA = 0,
            worstN = 0;
        int worstIndex = -1,
            checkedCount = 0;
        foreach (int i in indices)
        {
            int k = flatIndex(i);
            double numeric = options.FourPoint
                ? FourPointDifference(values, k, loss, options.FourPointEpsilon)
                : CentredDifference(values, k, loss, options.Epsilon);
            double a = analytic[k];
            double rel =
                Math.Abs(a - numeric)
                / Math.Max(options.Floor, Math.Max(Math.Abs(a), Math.Abs(numeric)));
            if (double.IsNaN(rel))
            {
                rel = double.PositiveInfinity;
            }
            checkedCount++;
            if (worstIndex < 0 || rel > worst)
            {
                (worst, worstIndex, worstA, worstN) = (rel, i + reportOffset, a, numeric);
            }
        }
        return new GradientCheckEntry(
            name,
            gate,
            worst,
            worstIndex,
            worstA,
            worstN,
            checkedCount,
            columns
        );
    }
}
