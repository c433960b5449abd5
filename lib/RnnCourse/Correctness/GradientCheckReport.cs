// What a gradient check takes and returns: its settings (ε, two- or four-point differences,
// floor, tolerance, how many entries per block), one entry per parameter block (or LSTM/GRU
// gate) with its worst relative error, and the report: passed or failed, the worst entry, and a
// table of all entries with the failing ones flagged.
namespace RnnCourse.Correctness;

/// <summary>Settings of a gradient check; the defaults suit double precision.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>
    /// Step ε. 1e-5 balances truncation (ε² ≈ 1e-10) against rounding (1e-16/ε ≈ 1e-11) in double.
    /// </summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <summary>
    /// Use the fourth-order centred stencil (−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε with
    /// ε = <see cref="FourPointEpsilon"/>: truncation O(ε⁴) and rounding ≈ 1e-16/ε, about 100×
    /// less noise than the two-point difference, for twice the evaluations. Off by default: the
    /// two-point difference is the one the course teaches, it is enough for the 1e-6 bar, and its
    /// smaller step rarely crosses a ReLU kink (the 2ε-wide stencil here can).
    /// </summary>
    public bool FourPoint { get; init; }

    /// <summary>Step of the four-point stencil; 1e-3 balances ε⁴ truncation against rounding.</summary>
    public double FourPointEpsilon { get; init; } = 1e-3;

    /// <summary>
    /// Smallest denominator of the relative error. Gradients below it are compared absolutely,
    /// so a true 0 against a numeric 1e-12 is not reported as a 100% error. 1e-4 keeps the
    /// rounding noise of the difference (≈1e-11) well under the 1e-6 tolerance.
    /// </summary>
    public double Floor { get; init; } = 1e-4;

    /// <summary>Pass threshold on the maximum relative error. 1e-6: the course's bar in double precision.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Check at most this many entries per block (0 = all), chosen with <see cref="Seed"/>.
    /// All by default: the models in tests are tiny; set e.g. 20 for a notebook-sized model.
    /// </summary>
    public int MaxPerBlock { get; init; }

    /// <summary>Seed for choosing entries when <see cref="MaxPerBlock"/> samples.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Gate names per parameter name (rows split evenly among them), e.g. <c>"Wx" → [i, f, g, o]</c>.
    /// Build it with <see cref="GradientCheck.GatesOf"/> or from a layer's <c>GateMap</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Gates { get; init; }
}

/// <summary>The result for one parameter block (or one gate of it).</summary>
/// <param name="Parameter">The parameter (or input) name.</param>
/// <param name="Gate">The gate (rows of a stacked LSTM/GRU weight), or null.</param>
/// <param name="MaxRelativeError">The largest relative error over the checked entries.</param>
/// <param name="WorstIndex">Flat index (in the block) of the worst entry.</param>
/// <param name="Analytic">The analytic gradient at the worst entry.</param>
/// <param name="Numeric">The numeric gradient at the worst entry.</param>
/// <param name="Checked">How many entries were checked.</param>
/// <param name="Columns">Columns of the block (1 for a vector), to turn <paramref name="WorstIndex"/> into (row, column).</param>
public sealed record GradientCheckEntry(
    string Parameter,
    string? Gate,
    double MaxRelativeError,
    int WorstIndex,
    double Analytic,
    double Numeric,
    int Checked,
    int Columns = 1
)
{
    /// <summary>The worst entry as <c>[row, col]</c> for a matrix or <c>[i]</c> for a vector.</summary>
    public string WorstPosition =>
        Columns > 1 ? $"[{WorstIndex / Columns}, {WorstIndex % Columns}]" : $"[{WorstIndex}]";

    /// <summary>Parameter name with the gate, e.g. <c>rnn.Wx[f]</c>.</summary>
    public string Label => Gate is null ? Parameter : $"{Parameter}[{Gate}]";
}

/// <summary>All entries of a gradient check, the worst one, and a pass/fail verdict.</summary>
public sealed class GradientCheckReport
{
    /// <summary>Wraps the entries.</summary>
    public GradientCheckReport(IReadOnlyList<GradientCheckEntry> entries, double tolerance)
    {
        Entries = entries;
        Tolerance = tolerance;
    }

    /// <summary>One entry per parameter block (per gate for gated weights).</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; }

    /// <summary>The pass threshold.</summary>
    public double Tolerance { get; }

    /// <summary>The entry with the largest error (null if nothing was checked).</summary>
    public GradientCheckEntry? Worst => Entries.MaxBy(e => e.MaxRelativeError);

    /// <summary>The largest relative error of all entries.</summary>
    public double MaxRelativeError => Worst?.MaxRelativeError ?? 0;

    /// <summary>True if every entry is within <see cref="Tolerance"/> (and something was checked).</summary>
    public bool Passed => Entries.Count > 0 && MaxRelativeError <= Tolerance;

    /// <summary>The entries above the tolerance, worst first.</summary>
    public IEnumerable<GradientCheckEntry> Failures =>
        Entries
            .Where(e => e.MaxRelativeError > Tolerance)
            .OrderByDescending(e => e.MaxRelativeError);

    /// <summary>A table: one line per block, with the verdict and the worst offender.</summary>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.AppendLine(
            inv,
            $"Gradient check: {(Passed ? "PASSED" : "FAILED")} — max relative error {MaxRelativeError:0.00e+00} (tolerance {Tolerance:0e+00})"
        );
        if (!Passed && Worst is { } w)
        {
            sb.AppendLine(
                inv,
                $"Worst: {w.Label} at {w.WorstPosition}: analytic {w.Analytic:G6}, numeric {w.Numeric:G6}"
            );
        }
        int width = Math.Max(10, Entries.Count == 0 ? 0 : Entries.Max(e => e.Label.Length));
        sb.AppendLine(inv, $"  {"parameter".PadRight(width)}  {"max rel err", 11}  {"checked", 7}");
        foreach (var e in Entries)
        {
            string flag = e.MaxRelativeError > Tolerance ? "  ✗" : "";
            sb.AppendLine(
                inv,
                $"  {e.Label.PadRight(width)}  {e.MaxRelativeError, 11:0.00e+00}  {e.Checked, 7}{flag}"
            );
        }
        return sb.ToString();
    }
}
