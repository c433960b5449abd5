// The one-step interface every cell implements, so ReferenceEngine can run any cell over time.
// Each cell ALSO has its own readable Forward/Backward with the notebook's argument names; the
// interface methods just forward to them. The step output equals the new state h (for Jordan
// the output y, which is its state), so an engine needs only h (and c for LSTM).
// A step's spans travel together in one CellStep (forward) or CellStepGradients (backward), so
// the interface and every cell that implements it name them once. The two structs are deliberate
// twins in form: five spans each, read first, then written.
// Shapes per step: x (B × I), hPrev/h (B × S), cPrev/c (B × H, LSTM only; empty otherwise).

namespace RnnCourse.Cells;

/// <summary>A recurrent cell seen one time step at a time over a batch.</summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IRecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The cell's configuration.</summary>
    CellConfig Config { get; }

    /// <summary>The cell's parameter blocks.</summary>
    CellSlots Slots { get; }

    /// <summary>Allocates the per-step record of what backward needs, for a batch of <paramref name="batch"/>.</summary>
    object CreateCache(int batch);

    /// <summary>One step forward: (x, hPrev, cPrev) → (h, c), filling <paramref name="cache"/>.</summary>
    void Step(ParameterSet<T> p, int batch, CellStep<T> step, object cache);

    /// <summary>
    /// One step backward: given ∂L/∂h and ∂L/∂c of this step's outputs, writes ∂L/∂x, ∂L/∂hPrev,
    /// ∂L/∂cPrev and adds the parameter gradients into <c>p.Grads</c>.
    /// </summary>
    void StepBackward(ParameterSet<T> p, int batch, object cache, CellStepGradients<T> gradients);
}

/// <summary>The spans of one forward step: it reads x, hPrev and cPrev and writes h and c.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="x">x_t (B × I).</param>
/// <param name="hPrev">h_{t−1} (B × S).</param>
/// <param name="cPrev">c_{t−1} (B × H); empty for a cell without memory.</param>
/// <param name="h">h_t (B × S), written.</param>
/// <param name="c">c_t (B × H), written; empty for a cell without memory.</param>
public readonly ref struct CellStep<T>(
    ReadOnlySpan<T> x,
    ReadOnlySpan<T> hPrev,
    ReadOnlySpan<T> cPrev,
    Span<T> h,
    Span<T> c
)
{
    /// <summary>x_t (B × I).</summary>
    public ReadOnlySpan<T> X { get; } = x;

    /// <summary>h_{t−1} (B × S).</summary>
    public ReadOnlySpan<T> HPrev { get; } = hPrev;

    /// <summary>c_{t−1} (B × H); empty for a cell without memory.</summary>
    public ReadOnlySpan<T> CPrev { get; } = cPrev;

    /// <summary>h_t (B × S), the step's output.</summary>
    public Span<T> H { get; } = h;

    /// <summary>c_t (B × H), the step's output; empty for a cell without memory.</summary>
    public Span<T> C { get; } = c;
}

/// <summary>The spans of one backward step: it reads ∂L/∂h and ∂L/∂c and writes ∂L/∂x, ∂L/∂hPrev and ∂L/∂cPrev.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="dh">∂L/∂h_t (B × S): from above and from the future.</param>
/// <param name="dc">∂L/∂c_t (B × H) from the future; empty for a cell without memory.</param>
/// <param name="dx">∂L/∂x_t (B × I), written.</param>
/// <param name="dhPrev">∂L/∂h_{t−1} (B × S), written.</param>
/// <param name="dcPrev">∂L/∂c_{t−1} (B × H), written; empty for a cell without memory.</param>
public readonly ref struct CellStepGradients<T>(
    ReadOnlySpan<T> dh,
    ReadOnlySpan<T> dc,
    Span<T> dx,
    Span<T> dhPrev,
    Span<T> dcPrev
)
{
    /// <summary>∂L/∂h_t (B × S).</summary>
    public ReadOnlySpan<T> Dh { get; } = dh;

    /// <summary>∂L/∂c_t (B × H); empty for a cell without memory.</summary>
    public ReadOnlySpan<T> Dc { get; } = dc;

    /// <summary>∂L/∂x_t (B × I), written.</summary>
    public Span<T> Dx { get; } = dx;

    /// <summary>∂L/∂h_{t−1} (B × S), written.</summary>
    public Span<T> DhPrev { get; } = dhPrev;

    /// <summary>∂L/∂c_{t−1} (B × H), written; empty for a cell without memory.</summary>
    public Span<T> DcPrev { get; } = dcPrev;
}

/// <summary>Creates the cell object for a configuration.</summary>
public static class Cell
{
    /// <summary>The cell of kind <see cref="CellConfig.Kind"/> over the given parameter slots.</summary>
    public static IRecurrentCell<T> Create<T>(CellConfig config, CellSlots slots)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        config.Kind switch
        {
            CellKind.Elman => new ElmanCell<T>(config, slots),
            CellKind.Jordan => new JordanCell<T>(config, slots),
            CellKind.Lstm => new LstmCell<T>(config, slots),
            CellKind.Gru => new GruCell<T>(config, slots),
            _ => throw new ArgumentException($"Unknown cell kind {config.Kind}.", nameof(config)),
        };

    internal static TCache As<TCache>(object cache)
        where TCache : class =>
        cache as TCache
        ?? throw new ArgumentException(
            $"cache is a {cache?.GetType().Name ?? "null"}, expected a {typeof(TCache).Name} from this cell's CreateCache.",
            nameof(cache)
        );
}

/// <summary>Small batched building blocks the cells are written with (generic, readable).</summary>
internal static class CellMath
{
    /// <summary>y (B × O) (+)= x (B × I) · Wᵀ (W is O × I) + b (broadcast over rows; b may be empty).</summary>
    public static void Affine<T>(
        int batch,
        int inSize,
        int outSize,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> w,
        ReadOnlySpan<T> b,
        Span<T> y,
        bool accumulate
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatOps.Product(GemmOp.ABt, batch, inSize, outSize, x, w, y, accumulate);
        if (!b.IsEmpty)
        {
            for (int r = 0; r < batch; r++)
            {
                var row = y.Slice(r * outSize, outSize);
                for (int j = 0; j < outSize; j++)
                {
                    row[j] += b[j];
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Affine"/>: dW += dyᵀ·x, db += Σ_rows dy (if db not empty),
    /// dx (+)= dy·W (if dx not empty).
    /// </summary>
    public static void AffineBackward<T>(
        int batch,
        int inSize,
        int outSize,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> w,
        ReadOnlySpan<T> dy,
        Span<T> dw,
        Span<T> db,
        Span<T> dx,
        bool accumulateDx
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatOps.Product(GemmOp.AtB, outSize, batch, inSize, dy, x, dw, accumulate: true);
        if (!db.IsEmpty)
        {
            for (int r = 0; r < batch; r++)
            {
                var row = dy.Slice(r * outSize, outSize);
                for (int j = 0; j < outSize; j++)
                {
                    db[j] += row[j];
                }
            }
        }
        if (!dx.IsEmpty)
        {
            MatOps.Product(GemmOp.AB, batch, outSize, inSize, dy, w, dx, accumulateDx);
        }
    }

    /// <summary>The values of an optional block (a bias when <see cref="CellConfig.Bias"/> is false): empty when absent.</summary>
    public static Span<T> ValueOf<T>(ParameterSet<T> p, ParameterSlot? slot)
        where T : unmanaged, IFloatingPointIeee754<T> => slot is null ? [] : p.Value(slot);

    /// <summary>The gradients of an optional block: empty when absent, so nothing is accumulated.</summary>
    public static Span<T> GradOf<T>(ParameterSet<T> p, ParameterSlot? slot)
        where T : unmanaged, IFloatingPointIeee754<T> => slot is null ? [] : p.Grad(slot);

    /// <summary>
    /// Refuses an output that shares memory with an input or another output of the same step
    /// (up to three others): the cell still reads its inputs while it writes its outputs, and
    /// copies them into its cache for backward, so an overlap would silently corrupt both.
    /// </summary>
    /// <exception cref="ArgumentException">Named after the output (the names are the caller's argument expressions).</exception>
    public static void RequireSeparate<T>(
        ReadOnlySpan<T> output,
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b = default,
        ReadOnlySpan<T> c = default,
        [CallerArgumentExpression(nameof(output))] string outputName = "",
        [CallerArgumentExpression(nameof(a))] string aName = "",
        [CallerArgumentExpression(nameof(b))] string bName = "",
        [CallerArgumentExpression(nameof(c))] string cName = ""
    )
    {
        string? other =
            output.Overlaps(a) ? aName
            : output.Overlaps(b) ? bName
            : output.Overlaps(c) ? cName
            : null;
        ShapeCheck.InvalidIf(
            other is not null,
            $"{outputName} shares memory with {other}: the cell still reads {other} (and keeps what backward needs) while it writes {outputName}. "
                + $"Pass a separate buffer of {output.Length} elements for {outputName} (e.g. a new array, swapped with {other} after the step).",
            outputName
        );
    }

    /// <summary>σ(v) = 1 / (1 + e^(−v)) for one scalar.</summary>
    public static T Sigmoid<T>(T v)
        where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-v));
}
