// The Elman cell (Elman 1990), the simple RNN:
//     a_t = Wxh x_t + Whh h_{t−1} + bh          h_t = f(a_t),  f ∈ {tanh, ReLU, …}
// In the seeds' notation a_t = W s_{t−1} + U x_t + b, s_t = f(a_t), o_t = V s_t + c:
//     W = Whh, U = Wxh, b = bh, s = h; the readout V = Why, c = by is a separate Linear layer.
// PyTorch nn.RNN: Wxh = weight_ih_l0, Whh = weight_hh_l0, bh = bias_ih_l0 + bias_hh_l0.
// Shapes per step: x (B × I), hPrev/h (B × H), Wxh (H × I), Whh (H × H), bh (H).
// Forward and Backward override RecurrentCell's, so their signatures and argument checks are
// deliberate twins of JordanCell's and GruCell's (each cell writes its own equations in them).

namespace RnnCourse.Cells;

/// <summary>What <see cref="ElmanCell{T}.Backward"/> needs from one forward step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class ElmanCache<T> : CellCache<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates a cache for a batch of <paramref name="batch"/>.</summary>
    public ElmanCache(int batch, int inputSize, int hiddenSize)
        : base(batch, inputSize, hiddenSize)
    {
        H = new T[batch * hiddenSize];
    }

    /// <summary>h_t = f(a_t) (B × H); f' is computed from it.</summary>
    public T[] H { get; }
}

/// <summary>The Elman cell: h = f(Wxh x + Whh hPrev + bh).</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class ElmanCell<T> : RecurrentCell<T, ElmanCache<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell over declared parameter slots.</summary>
    public ElmanCell(CellConfig config, CellSlots slots)
        : base(config, slots, CellKind.Elman, "ElmanCell needs an Elman config") { }

    /// <summary>h = f(x·Wxhᵀ + hPrev·Whhᵀ + bh) for B rows.</summary>
    public override void Forward(
        ParameterSet<T> p,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> hPrev,
        Span<T> h,
        ElmanCache<T> cache
    )
    {
        CellMath.RequireSeparate<T>(h, x, hPrev);
        var Wxh = p.Value(Slots.Wx);
        var Whh = p.Value(Slots.Wh);
        var bh = CellMath.ValueOf(p, Slots.Bh);

        // a = Wxh x + Whh hPrev + bh   (computed in h, then squashed in place)
        CellMath.Affine<T>(batch, I, H, x, Wxh, bh, h, accumulate: false);
        CellMath.Affine<T>(batch, H, H, hPrev, Whh, [], h, accumulate: true);
        Activations.Apply<T>(Config.Activation, h, h);

        cache.Keep(x, hPrev);
        h.CopyTo(cache.H);
    }

    /// <summary>
    /// da = dh ⊙ f'(a); dWxh += daᵀx; dWhh += daᵀhPrev; dbh += Σ_b da; dx = da·Wxh; dhPrev = da·Whh.
    /// </summary>
    public override void Backward(
        ParameterSet<T> p,
        int batch,
        ElmanCache<T> cache,
        ReadOnlySpan<T> dh,
        Span<T> dx,
        Span<T> dhPrev
    )
    {
        CellMath.RequireSeparate<T>(dx, dh, dhPrev);
        CellMath.RequireSeparate<T>(dhPrev, dh);
        var Wxh = p.Value(Slots.Wx);
        var Whh = p.Value(Slots.Wh);
        var dWxh = p.Grad(Slots.Wx);
        var dWhh = p.Grad(Slots.Wh);
        var dbh = CellMath.GradOf(p, Slots.Bh);

        var da = new T[batch * H];
        Activations.Backward<T>(Config.Activation, cache.H, dh, da);
        CellMath.AffineBackward<T>(batch, I, H, cache.X, Wxh, da, dWxh, dbh, dx, false);
        CellMath.AffineBackward<T>(batch, H, H, cache.HPrev, Whh, da, dWhh, [], dhPrev, false);
    }

    private protected override ElmanCache<T> NewCache(int batch) => new(batch, I, H);
}
