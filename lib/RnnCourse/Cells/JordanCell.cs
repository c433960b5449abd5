// The Jordan cell (Jordan 1986): the recurrent input is the previous OUTPUT, not the hidden state.
//     s_t = f(Wxh x_t + Wyh y_{t−1} + bh)        (hidden, B × H)
//     y_t = g(Why s_t + by)                       (output, B × O; fed back at t + 1)
// The cell owns its output layer (Why, by, g) because the output is part of the recurrence.
// Its state (what the engine carries, the "h" of IRecurrentCell) is y. No PyTorch module.
// Shapes: x (B × I), yPrev/y (B × O), Wxh (H × I), Wyh (H × O), bh (H), Why (O × H), by (O).

namespace RnnCourse.Cells;

/// <summary>What <see cref="JordanCell{T}.Backward"/> needs from one forward step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class JordanCache<T> : CellCache<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates a cache for a batch of <paramref name="batch"/>.</summary>
    public JordanCache(int batch, int inputSize, int hiddenSize, int outputSize)
        : base(batch, inputSize, outputSize)
    {
        S = new T[batch * hiddenSize];
        Y = new T[batch * outputSize];
    }

    /// <summary>y_{t−1} (B × O): the Jordan cell's state, the same array as <see cref="CellCache{T}.HPrev"/>.</summary>
    public T[] YPrev => HPrev;

    /// <summary>s_t, the hidden layer (B × H).</summary>
    public T[] S { get; }

    /// <summary>y_t (B × O).</summary>
    public T[] Y { get; }
}

/// <summary>The Jordan cell: s = f(Wxh x + Wyh yPrev + bh), y = g(Why s + by).</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class JordanCell<T> : RecurrentCell<T, JordanCache<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell over declared parameter slots.</summary>
    public JordanCell(CellConfig config, CellSlots slots)
        : base(
            config,
            slots,
            CellKind.Jordan,
            "JordanCell needs a Jordan config and slots with Why/by",
            slots.Why is not null && slots.By is not null
        ) { }

    private int O => Config.StateSize;

    /// <summary>s = f(x·Wxhᵀ + yPrev·Wyhᵀ + bh); y = g(s·Whyᵀ + by).</summary>
    public override void Forward(
        ParameterSet<T> p,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> yPrev,
        Span<T> y,
        JordanCache<T> cache
    )
    {
        CellMath.RequireSeparate<T>(y, x, yPrev);
        var Wxh = p.Value(Slots.Wx);
        var Wyh = p.Value(Slots.Wh);
        var bh = p.Value(Slots.Bh!);
        var Why = p.Value(Slots.Why!);
        var by = p.Value(Slots.By!);

        var s = cache.S.AsSpan();
        CellMath.Affine<T>(batch, I, H, x, Wxh, bh, s, accumulate: false);
        CellMath.Affine<T>(batch, O, H, yPrev, Wyh, [], s, accumulate: true);
        Activations.Apply<T>(Config.Activation, s, s);

        CellMath.Affine<T>(batch, H, O, s, Why, by, y, accumulate: false);
        Activations.Apply<T>(Config.OutputActivation, y, y);

        cache.Keep(x, yPrev);
        y.CopyTo(cache.Y);
    }

    /// <summary>
    /// dz = dy ⊙ g'; dWhy += dzᵀs; dby += Σ dz; ds = dz·Why; da = ds ⊙ f';
    /// dWxh += daᵀx; dWyh += daᵀyPrev; dbh += Σ da; dx = da·Wxh; dyPrev = da·Wyh.
    /// </summary>
    public override void Backward(
        ParameterSet<T> p,
        int batch,
        JordanCache<T> cache,
        ReadOnlySpan<T> dy,
        Span<T> dx,
        Span<T> dyPrev
    )
    {
        CellMath.RequireSeparate<T>(dx, dy, dyPrev);
        CellMath.RequireSeparate<T>(dyPrev, dy);
        var Wxh = p.Value(Slots.Wx);
        var Wyh = p.Value(Slots.Wh);
        var Why = p.Value(Slots.Why!);

        var dz = new T[batch * O];
        Activations.Backward<T>(Config.OutputActivation, cache.Y, dy, dz);
        var ds = new T[batch * H];
        CellMath.AffineBackward<T>(
            batch,
            H,
            O,
            cache.S,
            Why,
            dz,
            p.Grad(Slots.Why!),
            p.Grad(Slots.By!),
            ds,
            false
        );

        var da = new T[batch * H];
        Activations.Backward<T>(Config.Activation, cache.S, ds, da);
        CellMath.AffineBackward<T>(
            batch,
            I,
            H,
            cache.X,
            Wxh,
            da,
            p.Grad(Slots.Wx),
            p.Grad(Slots.Bh!),
            dx,
            false
        );
        CellMath.AffineBackward<T>(
            batch,
            O,
            H,
            cache.YPrev,
            Wyh,
            da,
            p.Grad(Slots.Wh),
            [],
            dyPrev,
            false
        );
    }

    private protected override JordanCache<T> NewCache(int batch) => new(batch, I, H, O);
}
