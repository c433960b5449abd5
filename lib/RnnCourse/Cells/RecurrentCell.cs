// What the Elman, Jordan and GRU cells share: the configuration check, Config and Slots, and the
// IRecurrentCell plumbing that hands an engine's untyped cache to the cell's own Forward/Backward.
// These three carry one state h (the Jordan cell's is its output y), so one step is
// Forward(x, hPrev) → h and Backward(dh) → (dx, dhPrev); each cell writes its equations in its
// own file with Forward and Backward side by side. The LSTM, which also carries c, implements
// IRecurrentCell itself.

namespace RnnCourse.Cells;

/// <summary>A recurrent cell whose whole state is one vector h per row (Elman, Jordan, GRU).</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TCache">What <see cref="Backward"/> needs from one forward step.</typeparam>
public abstract class RecurrentCell<T, TCache> : IRecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TCache : class
{
    /// <summary>Validates <paramref name="config"/> and refuses any other kind of cell.</summary>
    /// <param name="config">The cell's configuration.</param>
    /// <param name="slots">The declared parameter blocks.</param>
    /// <param name="kind">The kind the concrete cell implements.</param>
    /// <param name="requirement">The refusal's start, e.g. "ElmanCell needs an Elman config".</param>
    /// <param name="slotsFit">False when <paramref name="slots"/> lack a block the cell needs.</param>
    private protected RecurrentCell(
        CellConfig config,
        CellSlots slots,
        CellKind kind,
        string requirement,
        bool slotsFit = true
    )
    {
        Config = config.Validate();
        Slots = slots;
        ShapeCheck.InvalidIf(
            config.Kind != kind || !slotsFit,
            $"{requirement}, got {config.Kind}."
        );
    }

    /// <inheritdoc />
    public CellConfig Config { get; }

    /// <inheritdoc />
    public CellSlots Slots { get; }

    /// <summary>I: input features.</summary>
    private protected int I => Config.InputSize;

    /// <summary>H: hidden units.</summary>
    private protected int H => Config.HiddenSize;

    /// <summary>h = the new state from x and hPrev for B rows, filling <paramref name="cache"/>.</summary>
    public abstract void Forward(
        ParameterSet<T> p,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> hPrev,
        Span<T> h,
        TCache cache
    );

    /// <summary>
    /// Given ∂L/∂h, writes ∂L/∂x and ∂L/∂hPrev and adds the parameter gradients into
    /// <c>p.Grads</c>.
    /// </summary>
    public abstract void Backward(
        ParameterSet<T> p,
        int batch,
        TCache cache,
        ReadOnlySpan<T> dh,
        Span<T> dx,
        Span<T> dhPrev
    );

    /// <summary>Allocates the cache for a batch of <paramref name="batch"/>.</summary>
    private protected abstract TCache NewCache(int batch);

    object IRecurrentCell<T>.CreateCache(int batch) => NewCache(batch);

    void IRecurrentCell<T>.Step(ParameterSet<T> p, int batch, CellStep<T> step, object cache) =>
        Forward(p, batch, step.X, step.HPrev, step.H, Cell.As<TCache>(cache));

    void IRecurrentCell<T>.StepBackward(
        ParameterSet<T> p,
        int batch,
        object cache,
        CellStepGradients<T> gradients
    ) => Backward(p, batch, Cell.As<TCache>(cache), gradients.Dh, gradients.Dx, gradients.DhPrev);
}
