// The Jordan cell (Jordan 1986): the recurrent input is the previous OUTPUT, not the hidden state.
//     s_t = f(Wxh x_t + Wyh y_{t−1} + bh)        (hidden, B × H)
//     y_t = g(Why s_t + by)                       (output, B × O; fed back at t + 1)
// The cell owns its output layer (Why, by, g) because the output is part of the recurrence.
// Its state (what the engine carries, the "h" of IRecurrentCell) is y. No PyTorch module.
// Shapes: x (B × I), yPrev/y (B × O), Wxh (H × I), Wyh (H × O), bh (H), Why (O × H), by (O).
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Cells;

/// <summary>What <see cref="JordanCell{T}.Backward"/> needs from one forward step.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class JordanCache<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates a cache for a batch of <paramref name="batch"/>.</summary>
    public JordanCache(int batch, int inputSize, int hiddenSize, int outputSize)
    {
        X = new T[batch * inputSize];
        YPrev = new T[batch * outputSize];
        S = new T[batch * hiddenSize];
        Y = new T[batch * outputSize];
    }

    /// <summary>x_t (B × I).</summary>
    public T[] X { get; }

    /// <summary>y_{t−1} (B × O).</summary>
    public T[] YPrev { get; }

    /// <summary>s_t, the hidden layer (B × H).</summary>
    public T[] S { get; }

    /// <summary>y_t (B × O).</summary>
    public T[] Y { get; }
}

/// <summary>The Jordan cell: s = f(Wxh x + Wyh yPrev + bh), y = g(Why s + by).</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class JordanCell<T> : IRecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell over declared parameter slots.</summary>
    public JordanCell(CellConfig config, CellSlots slots)
    {
        Config = config.Validate();
        Slots = slots;
        if (config.Kind != CellKind.Jordan || slots.Why is null || slots.By is null)
        {
            throw new ArgumentException(
                $"JordanCell needs a Jordan config and slots with Why/by, got {config.Kind}."
            );
        }
    }

    /// <inheritdoc />
    public CellConfig Config { get; }

    /// <inheritdoc />
    public CellSlots Slots { get; }

    private int I => Config.InputSize;
    private int H => Config.HiddenSize;
    private int O => Config.StateSize;

    /// <summary>s = f(x·Wxhᵀ + yPrev·Wyhᵀ + bh); y = g(s·Whyᵀ + by).</summary>
    public void Forward(
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

        x.CopyTo(cache.X);
        yPrev.CopyTo(cache.YPrev);
        y.CopyTo(cache.Y);
    }

    /// <summary>
    /// dz = dy ⊙ g'; dWhy += dzᵀs; dby += Σ dz; ds = dz·Why; da = ds ⊙ f';
    /// dWxh += daᵀx; dWyh += daᵀyPrev; dbh += Σ da; dx = da·Wxh; dyPrev = da·Wyh.
    /// </summary>
    public void Backward(
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

    object IRecurrentCell<T>.CreateCache(int batch) => new JordanCache<T>(batch, I, H, O);

    void IRecurrentCell<T>.Step(
        ParameterSet<T> p,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> cPrev,
        Span<T> h,
        Span<T> c,
        object cache
    ) => Forward(p, batch, x, hPrev, h, Cell.As<JordanCache<T>>(cache));

    void IRecurrentCell<T>.StepBackward(
        ParameterSet<T> p,
        int batch,
        object cache,
        ReadOnlySpan<T> dh,
        ReadOnlySpan<T> dc,
        Span<T> dx,
        Span<T> dhPrev,
        Span<T> dcPrev
    ) => Backward(p, batch, Cell.As<JordanCache<T>>(cache), dh, dx, dhPrev);
}
