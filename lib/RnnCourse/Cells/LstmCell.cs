// The LSTM cell in PyTorch's formulation and layout (gate order i, f, g, o):
//     [a_i a_f a_g a_o] = Wx x_t + bx + Wh h_{t−1} + bh        (B × 4H)
//     i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
//     c_t = f ⊙ c_{t−1} + i ⊙ g        m_t = o ⊙ tanh(c_t)
//     h_t = m_t, or with a projection (PyTorch proj_size = P) h_t = Whr m_t
// PyTorch nn.LSTM: Wx = weight_ih_l0, Wh = weight_hh_l0, bx = bias_ih_l0, bh = bias_hh_l0,
// Whr = weight_hr_l0.
// Shapes: x (B × I), h (B × S), c/m (B × H), Wx (4H × I), Wh (4H × S), bx/bh (4H), Whr (P × H),
// S = P with a projection, else H.
// Forward and Backward stand side by side with twin parameter lists (the step's inputs, then its
// gradients); they are IRecurrentCell's Step and StepBackward with a typed cache.

namespace RnnCourse.Cells;

/// <summary>What <see cref="LstmCell{T}.Backward"/> needs from one forward step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class LstmCache<T> : CellCache<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates a cache for a batch of <paramref name="batch"/>.</summary>
    public LstmCache(int batch, int inputSize, int hiddenSize)
        : this(batch, inputSize, hiddenSize, hiddenSize) { }

    /// <summary>Allocates a cache for a projected LSTM whose state h is <paramref name="stateSize"/> (P) wide.</summary>
    public LstmCache(int batch, int inputSize, int hiddenSize, int stateSize)
        : base(batch, inputSize, stateSize)
    {
        M = stateSize == hiddenSize ? [] : new T[batch * hiddenSize];
        CPrev = new T[batch * hiddenSize];
        Gates = new T[batch * 4 * hiddenSize];
        TanhC = new T[batch * hiddenSize];
    }

    /// <summary>m_t = o ⊙ tanh(c_t) before the projection (B × H); empty without a projection.</summary>
    public T[] M { get; }

    /// <summary>c_{t−1} (B × H).</summary>
    public T[] CPrev { get; }

    /// <summary>The activated gates [i f g o] per row (B × 4H).</summary>
    public T[] Gates { get; }

    /// <summary>tanh(c_t) (B × H).</summary>
    public T[] TanhC { get; }
}

/// <summary>The LSTM cell (PyTorch gate order i, f, g, o).</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class LstmCell<T> : IRecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell over declared parameter slots.</summary>
    public LstmCell(CellConfig config, CellSlots slots)
    {
        Config = config.Validate();
        Slots = slots;
        ShapeCheck.InvalidIf(
            config.Kind != CellKind.Lstm,
            $"LstmCell needs an LSTM config, got {config.Kind}."
        );
    }

    /// <inheritdoc />
    public CellConfig Config { get; }

    /// <inheritdoc />
    public CellSlots Slots { get; }

    private int I => Config.InputSize;
    private int H => Config.HiddenSize;
    private int S => Config.StateSize;

    /// <summary>(x, hPrev, cPrev) → (h, c) by the equations above.</summary>
    public void Forward(
        ParameterSet<T> p,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> cPrev,
        Span<T> h,
        Span<T> c,
        LstmCache<T> cache
    )
    {
        CellMath.RequireSeparate<T>(h, x, hPrev, cPrev);
        CellMath.RequireSeparate<T>(c, x, hPrev, cPrev);
        CellMath.RequireSeparate<T>(c, h);
        int H = this.H;
        var Wx = p.Value(Slots.Wx);
        var Wh = p.Value(Slots.Wh);
        var bx = CellMath.ValueOf(p, Slots.Bx);
        var bh = CellMath.ValueOf(p, Slots.Bh);
        bool projected = Slots.Whr is not null;
        // Without a projection m_t is h_t itself.
        Span<T> m = projected ? cache.M.AsSpan() : h;

        // gates = x·Wxᵀ + bx + hPrev·Whᵀ + bh   (B × 4H, each row [a_i a_f a_g a_o])
        var gates = cache.Gates.AsSpan();
        CellMath.Affine<T>(batch, I, 4 * H, x, Wx, bx, gates, accumulate: false);
        CellMath.Affine<T>(batch, S, 4 * H, hPrev, Wh, bh, gates, accumulate: true);

        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * 4 * H, 4 * H);
            for (int j = 0; j < H; j++)
            {
                T i = CellMath.Sigmoid(row[j]);
                T f = CellMath.Sigmoid(row[H + j]);
                T g = T.Tanh(row[2 * H + j]);
                T o = CellMath.Sigmoid(row[3 * H + j]);
                int k = b * H + j;
                c[k] = f * cPrev[k] + i * g;
                T tanhC = T.Tanh(c[k]);
                m[k] = o * tanhC;
                (row[j], row[H + j], row[2 * H + j], row[3 * H + j]) = (i, f, g, o);
                cache.TanhC[k] = tanhC;
            }
        }
        if (projected)
        {
            // h = m·Whrᵀ   (B × P)
            CellMath.Affine<T>(batch, H, S, m, p.Value(Slots.Whr!), [], h, accumulate: false);
        }
        cache.Keep(x, hPrev);
        cPrev.CopyTo(cache.CPrev);
    }

    /// <summary>
    /// Given dh and dc (from above and from the future), first through the projection
    /// (dWhr += dhᵀm, dm = dh·Whr; without one dm = dh), then
    /// dc_t = dc + dm ⊙ o ⊙ (1 − tanh²c); do = dm ⊙ tanh c; di = dc_t ⊙ g; dg = dc_t ⊙ i;
    /// df = dc_t ⊙ cPrev; dcPrev = dc_t ⊙ f; then through σ/tanh to da, and
    /// dWx += daᵀx, dWh += daᵀhPrev, dbx += Σ da, dbh += Σ da, dx = da·Wx, dhPrev = da·Wh.
    /// </summary>
    public void Backward(
        ParameterSet<T> p,
        int batch,
        LstmCache<T> cache,
        ReadOnlySpan<T> dh,
        ReadOnlySpan<T> dc,
        Span<T> dx,
        Span<T> dhPrev,
        Span<T> dcPrev
    )
    {
        CellMath.RequireSeparate<T>(dx, dh, dc, dhPrev);
        CellMath.RequireSeparate<T>(dhPrev, dh, dc, dcPrev);
        CellMath.RequireSeparate<T>(dcPrev, dh, dc, dx);
        int H = this.H;
        ReadOnlySpan<T> dm = dh;
        if (Slots.Whr is not null)
        {
            var dmProjected = new T[batch * H];
            var whr = p.Value(Slots.Whr);
            CellMath.AffineBackward<T>(
                batch,
                H,
                S,
                cache.M,
                whr,
                dh,
                p.Grad(Slots.Whr),
                [],
                dmProjected,
                false
            );
            dm = dmProjected;
        }
        var da = new T[batch * 4 * H];
        for (int b = 0; b < batch; b++)
        {
            var g4 = cache.Gates.AsSpan(b * 4 * H, 4 * H);
            var da4 = da.AsSpan(b * 4 * H, 4 * H);
            for (int j = 0; j < H; j++)
            {
                int k = b * H + j;
                T i = g4[j],
                    f = g4[H + j],
                    g = g4[2 * H + j],
                    o = g4[3 * H + j];
                T tanhC = cache.TanhC[k];
                T dcTotal = dc[k] + dm[k] * o * (T.One - tanhC * tanhC);
                T dO = dm[k] * tanhC;
                T dI = dcTotal * g;
                T dG = dcTotal * i;
                T dF = dcTotal * cache.CPrev[k];
                dcPrev[k] = dcTotal * f;
                da4[j] = dI * i * (T.One - i);
                da4[H + j] = dF * f * (T.One - f);
                da4[2 * H + j] = dG * (T.One - g * g);
                da4[3 * H + j] = dO * o * (T.One - o);
            }
        }
        var Wx = p.Value(Slots.Wx);
        var Wh = p.Value(Slots.Wh);
        var dWx = p.Grad(Slots.Wx);
        var dWh = p.Grad(Slots.Wh);
        var dbx = CellMath.GradOf(p, Slots.Bx);
        var dbh = CellMath.GradOf(p, Slots.Bh);
        CellMath.AffineBackward<T>(batch, I, 4 * H, cache.X, Wx, da, dWx, dbx, dx, false);
        CellMath.AffineBackward<T>(batch, S, 4 * H, cache.HPrev, Wh, da, dWh, dbh, dhPrev, false);
    }

    // The IRecurrentCell plumbing of RecurrentCell, passing c too: the LSTM is the one cell with
    // two states, so its Forward/Backward take every span of the interface's step.
    object IRecurrentCell<T>.CreateCache(int batch) => new LstmCache<T>(batch, I, H, S);

    void IRecurrentCell<T>.Step(ParameterSet<T> p, int batch, CellStep<T> step, object cache) =>
        Forward(
            p,
            batch,
            step.X,
            step.HPrev,
            step.CPrev,
            step.H,
            step.C,
            Cell.As<LstmCache<T>>(cache)
        );

    void IRecurrentCell<T>.StepBackward(
        ParameterSet<T> p,
        int batch,
        object cache,
        CellStepGradients<T> gradients
    ) =>
        Backward(
            p,
            batch,
            Cell.As<LstmCache<T>>(cache),
            gradients.Dh,
            gradients.Dc,
            gradients.Dx,
            gradients.DhPrev,
            gradients.DcPrev
        );
}
