// The contract between a recurrent layer and the code that runs its cell over time (BPTT).
// Two implementations sit behind it: ReferenceEngine (readable: a loop over t calling the cell's
// Forward/Backward) and an optimized engine (same numbers, fused and batched). Layers take a
// RecurrentEngineFactory, so either plugs in.
//
// Shapes (time-major): x (T × B × I), hs (T × B × S), state h (B × S), LSTM memory c (B × H),
// where S is the state width: H, or O for a Jordan cell (whose state is its output y).
// Parameters live in a ParameterSet in PyTorch's layout (see CellParameters); gradients are
// ACCUMULATED into its Grads (the caller zeroes them once per optimizer step).
// Masks: at a padded (t, b) the state is carried through unchanged, hs[t, b] = 0, dHs[t, b] is
// ignored, and nothing reaches the parameter gradients; the final state of a sequence is its
// state after its last valid step.

namespace RnnCourse.Bptt;

/// <summary>A recurrent state for a batch: h (B × S) and, for LSTM, the memory c (B × H).</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class RecurrentState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps h (and c). Shapes are checked by the engine against its configuration.</summary>
    public RecurrentState(Tensor<T> h, Tensor<T>? c = null)
    {
        H = h ?? throw new ArgumentNullException(nameof(h));
        C = c;
    }

    /// <summary>h: the hidden state (B × S); for a Jordan cell the last output y.</summary>
    public Tensor<T> H { get; }

    /// <summary>c: the LSTM memory cell (B × H); null for other cells.</summary>
    public Tensor<T>? C { get; }

    /// <summary>A zero state for <paramref name="config"/> and batch size <paramref name="batch"/>.</summary>
    public static RecurrentState<T> Zeros(CellConfig config, int batch)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(
            Tensor<T>.Zeros(batch, config.StateSize),
            config.HasMemory ? Tensor<T>.Zeros(batch, config.HiddenSize) : null
        );
    }

    /// <summary>A deep copy (used to carry state across batches without sharing storage).</summary>
    public RecurrentState<T> Clone() => new(H.Clone(), C?.Clone());
}

/// <summary>
/// What a forward pass returns: every output, the final state, and the tape for backward,
/// stamped with the pass's number. A value (a struct): each Forward hands back its own stamp
/// without allocating, even where the engine reuses the tape's buffers for a later pass.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="Hs">Outputs h_t for every step (T × B × S); zero at padded steps.</param>
/// <param name="Final">The state after each sequence's last valid step.</param>
/// <param name="Tape">Engine-specific record of the forward pass; pass it back to <see cref="IRecurrentEngine{T}.Backward"/> unchanged.</param>
/// <param name="Generation">
/// Which Forward of its engine made it (1, 2, …): Backward accepts only the latest, so a stale
/// tape (an older pass, whose buffers a later pass may have reused) is refused instead of
/// pairing an older loss with newer activations.
/// </param>
public readonly record struct SequenceOutput<T>(
    Tensor<T> Hs,
    RecurrentState<T> Final,
    object Tape,
    long Generation
)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>What a backward pass returns (parameter gradients go into the ParameterSet).</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="Dx">∂L/∂x (T × B × I); null when the input was token ids.</param>
/// <param name="DInitial">∂L/∂h0 (B × S) and ∂L/∂c0, whatever the initial state's origin.</param>
public sealed record SequenceGradients<T>(Tensor<T>? Dx, RecurrentState<T> DInitial)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Creates an engine for one cell whose parameters are already declared.</summary>
/// <typeparam name="T">float or double.</typeparam>
public delegate IRecurrentEngine<T> RecurrentEngineFactory<T>(CellConfig config, CellSlots slots)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Runs one recurrent cell over a batch of sequences (BPTT forward and backward).
/// Implementations must be stateless between calls except for scratch memory and the count of
/// Forward calls that stamps each output (<see cref="SequenceOutput{T}.Generation"/>): everything
/// backward needs is in the <see cref="SequenceOutput{T}.Tape"/>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IRecurrentEngine<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The cell being run.</summary>
    CellConfig Config { get; }

    /// <summary>Where the cell's parameters live in the ParameterSet.</summary>
    CellSlots Slots { get; }

    /// <summary>
    /// Forward over x (T × B × I). <paramref name="initial"/> gives h0 (B × S) and c0 (B × H); when
    /// null, h0 comes from <see cref="CellConfig.InitialState"/> (zero or the learned parameter).
    /// </summary>
    /// <exception cref="ArgumentException">A shape does not match (the message names both), or the mode is Given and no state was passed.</exception>
    SequenceOutput<T> Forward(
        ParameterSet<T> p,
        Tensor<T> x,
        SequenceMask? mask = null,
        RecurrentState<T>? initial = null
    );

    /// <summary>
    /// Forward over one-hot inputs given as token ids (T × B) in a vocabulary of I symbols: the
    /// same numbers as <see cref="Forward(ParameterSet{T}, Tensor{T}, SequenceMask?, RecurrentState{T}?)"/>
    /// on the one-hot expansion. Id −1 is an all-zero input.
    /// </summary>
    SequenceOutput<T> Forward(
        ParameterSet<T> p,
        TokenIds tokens,
        SequenceMask? mask = null,
        RecurrentState<T>? initial = null
    );

    /// <summary>
    /// Backward through the pass recorded in <paramref name="forward"/>. <paramref name="dHs"/> is
    /// ∂L/∂hs (T × B × S); <paramref name="dFinal"/> optionally adds ∂L/∂h_T (and ∂L/∂c_T).
    /// Parameter gradients are added to <c>p.Grads</c> (including the learned h0/c0 when it was used).
    /// Only the latest Forward of this engine can be differentiated (as often as wanted: the
    /// gradients accumulate); see <see cref="EngineArgs.RequireLatest"/> for what is checked.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="forward"/> does not come from this engine, or a shape does not match.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="forward"/> is stale: another Forward of this engine ran after it (or it was recycled).</exception>
    SequenceGradients<T> Backward(
        ParameterSet<T> p,
        SequenceOutput<T> forward,
        Tensor<T> dHs,
        RecurrentState<T>? dFinal = null
    );
}

/// <summary>Argument checks shared by every engine, so every engine reports bad input the same way.</summary>
public static class EngineArgs
{
    /// <summary>Checks x is (T × B × I) with T, B ≥ 1 and I matching the config; returns (T, B).</summary>
    public static (int Steps, int Batch) RequireInput<T>(CellConfig config, Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        const string Label = "x (PyTorch input)";
        ShapeCheck.WrongShapeIf(
            x.Rank != 3,
            x,
            $", expected (T, B, I) = (T, B, {config.InputSize}), time-major",
            label: Label
        );
        int steps = x.Shape[0],
            batch = x.Shape[1];
        ShapeCheck.WrongShapeIf(
            steps == 0 || batch == 0,
            x,
            $": an empty sequence or batch (T and B must be ≥ 1)",
            label: Label
        );
        ShapeCheck.WrongShapeIf(
            x.Shape[2] != config.InputSize,
            x,
            $", expected (T, B, I) = ({steps}, {batch}, {config.InputSize}): the cell was built for I = {config.InputSize} (input_size)",
            label: Label
        );
        return (steps, batch);
    }

    /// <summary>
    /// Checks an initial state (or its gradient) against (B × S) and (B × H). A gradient may
    /// leave C null (no gradient on c_T): pass <paramref name="requireMemory"/> = false.
    /// </summary>
    public static void RequireState<T>(
        CellConfig config,
        RecurrentState<T> state,
        int batch,
        string name,
        bool requireMemory = true
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(state, name);
        // One layer and direction's block of PyTorch's h_0 / c_0 (or of the grads of h_n / c_n).
        var (torchH, torchC) = TorchStateNames(name, "[k]");
        RequireBlock(state.H, batch, config.StateSize, $"{name}.H (PyTorch {torchH})", name);
        if (config.HasMemory && (requireMemory || state.C is not null))
        {
            ShapeCheck.InvalidIf(
                state.C is null,
                $"{name}.C (PyTorch {torchC}) is missing: an LSTM state needs the memory c of shape ({batch}, {config.HiddenSize}).",
                name
            );
            RequireBlock(state.C, batch, config.HiddenSize, $"{name}.C (PyTorch {torchC})", name);
        }
    }

    /// <summary>
    /// PyTorch's names for a state argument: h_0 and c_0 for an initial state, the grads of h_n
    /// and c_n for a final-state gradient (argument names starting with 'd', e.g. dFinal).
    /// </summary>
    internal static (string H, string C) TorchStateNames(string name, string index = "") =>
        name.StartsWith('d')
            ? ($"grad of h_n{index}", $"grad of c_n{index}")
            : ($"h_0{index}", $"c_0{index}");

    private static void RequireBlock<T>(Tensor<T> t, int batch, int width, string what, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ShapeCheck.WrongShapeIf(
            t.Rank != 2 || t.Shape[0] != batch || t.Shape[1] != width,
            t,
            $", expected (B, width) = ({batch}, {width})",
            name,
            what
        );
    }

    /// <summary>
    /// Refuses a stale tape. Every Forward of an engine gets the next generation number and
    /// stamps its <see cref="SequenceOutput{T}"/>; Backward accepts only the engine's latest
    /// (<paramref name="latest"/>), any number of times. Detected here: a later Forward of the
    /// same engine (whose activations the fused engine writes into the buffers of the older pass
    /// once that pass had its Backward). The engines also refuse an output of another engine and
    /// (fused) a pass handed back with <c>Recycle</c>. Not detected: parameters changed between
    /// Forward and Backward (an optimizer step in between), or the caller writing into the input
    /// x or the returned tensors after Forward: Backward differentiates the pass as recorded,
    /// with the parameter values it finds.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tape is not the latest (the message says which pass is and what to do).</exception>
    public static void RequireLatest<T>(SequenceOutput<T> forward, long latest, string engine)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (forward.Generation != latest)
        {
            throw new InvalidOperationException(
                $"Backward got the output of forward pass {forward.Generation} of this {engine}, but pass {latest} has run since: "
                    + "the tape is stale, and its activations may now be the newer pass's. "
                    + "Call Backward right after the Forward whose loss it differentiates (run Forward again on the same input to get a fresh tape), "
                    + "and use a second engine for a pass that must stay differentiable while another runs."
            );
        }
    }

    /// <summary>Checks ∂L/∂hs matches the forward output's shape.</summary>
    public static void RequireOutputGradient<T>(Tensor<T> hs, Tensor<T> dHs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(dHs);
        dHs.RequireShape(nameof(dHs), hs.Shape.ToArray());
    }
}
