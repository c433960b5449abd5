// The configuration of one recurrent cell as a record: which cell, its sizes, its nonlinearity,
// how its initial state is chosen and how its weights start. Every default says why it is the
// default, so a notebook can print a config and a student can read the reasoning.
// Shape legend: T steps, B batch, I input, H hidden, O output (Jordan only).

namespace RnnCourse.Cells;

/// <summary>The four recurrent cells of the course.</summary>
public enum CellKind
{
    /// <summary>Elman (1990): h_t = f(Wxh x_t + Whh h_{t−1} + bh). The recurrent input is the hidden state.</summary>
    Elman,

    /// <summary>Jordan (1986): the recurrent input is the previous output y_{t−1}, after the output nonlinearity.</summary>
    Jordan,

    /// <summary>Long short-term memory (Hochreiter &amp; Schmidhuber 1997), PyTorch's gate order i, f, g, o.</summary>
    Lstm,

    /// <summary>Gated recurrent unit (Cho et al. 2014), PyTorch's formulation with gate order r, z, n.</summary>
    Gru,
}

/// <summary>Where the state at t = 0 comes from when the caller passes none.</summary>
public enum InitialStateMode
{
    /// <summary>h0 = 0 (and c0 = 0): the usual choice, nothing to learn.</summary>
    Zero,

    /// <summary>h0 (and c0) is a trainable parameter named <c>h0</c> (<c>c0</c>; <c>y0</c> for Jordan), shared by every sequence.</summary>
    Learned,

    /// <summary>The caller must pass the initial state on every forward (e.g. a decoder started from an encoder).</summary>
    Given,
}

/// <summary>How weights are initialised by <see cref="CellParameters.Initialize{T}"/>.</summary>
public enum WeightInit
{
    /// <summary>
    /// Xavier-uniform input weights, orthogonal recurrent weights (per gate block), zero biases.
    /// An orthogonal W_hh has every singular value 1, so signals neither explode nor vanish at the
    /// start of training (Saxe et al. 2014).
    /// </summary>
    XavierOrthogonal,

    /// <summary>PyTorch's default: every weight and bias U(−1/√H, 1/√H). Use to compare with PyTorch runs.</summary>
    PyTorchUniform,
}

/// <summary>
/// Configuration of one recurrent cell. <see cref="InputSize"/> is I, <see cref="HiddenSize"/> is H.
/// </summary>
/// <param name="Kind">Elman, Jordan, LSTM or GRU.</param>
/// <param name="InputSize">I: features per step (the vocabulary size V for one-hot text).</param>
/// <param name="HiddenSize">H: units in the hidden state.</param>
public sealed record CellConfig(CellKind Kind, int InputSize, int HiddenSize)
{
    /// <summary>
    /// Hidden nonlinearity f of Elman and Jordan cells. Tanh by default: bounded and zero-centred,
    /// so the recurrence cannot blow up in the forward pass (ReLU can; clip its gradients).
    /// Ignored by LSTM and GRU, whose nonlinearities are fixed by their equations.
    /// </summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>
    /// Jordan only: O, the width of the output y that is fed back. 0 (default) means O = H, the
    /// simplest choice that keeps the state as wide as an Elman state.
    /// </summary>
    public int OutputSize { get; init; }

    /// <summary>
    /// Jordan only: the output nonlinearity g in y_t = g(Why s_t + by). Tanh by default: the fed
    /// back output must stay bounded, or the recurrence can diverge.
    /// </summary>
    public Activation OutputActivation { get; init; } = Activation.Tanh;

    /// <summary>Where h0 comes from. Zero by default: the standard choice and PyTorch's.</summary>
    public InitialStateMode InitialState { get; init; } = InitialStateMode.Zero;

    /// <summary>Weight initialisation. <see cref="WeightInit.XavierOrthogonal"/> by default (see there why).</summary>
    public WeightInit Init { get; init; } = WeightInit.XavierOrthogonal;

    /// <summary>
    /// LSTM only: start the forget-gate bias at 1 (in <c>bx</c>; <c>bh</c> stays 0), so the cell
    /// remembers by default until it learns to forget (Gers et al. 2000; Jozefowicz et al. 2015).
    /// On by default because it measurably helps long dependencies at no cost.
    /// </summary>
    public bool ForgetBiasOne { get; init; } = true;

    /// <summary>
    /// PyTorch's <c>bias</c>: with false the cell has no bias parameters at all (PyTorch's
    /// <c>bias_ih</c>/<c>bias_hh</c> are absent). True by default: a bias costs nothing and lets
    /// each unit pick its operating point.
    /// </summary>
    public bool Bias { get; init; } = true;

    /// <summary>
    /// LSTM only, PyTorch's <c>proj_size</c> (P): h_t = W_hr (o ⊙ tanh c_t), so the state h and
    /// each output are P wide while the memory c stays H wide (Sak et al. 2014). 0 (default)
    /// means no projection, PyTorch's default; when set, 0 &lt; P &lt; H as PyTorch requires.
    /// </summary>
    public int ProjectionSize { get; init; }

    /// <summary>The width of the recurrent state and of each step's output: H, O for Jordan, P for a projected LSTM.</summary>
    public int StateSize =>
        Kind switch
        {
            CellKind.Jordan => OutputSize == 0 ? HiddenSize : OutputSize,
            CellKind.Lstm when ProjectionSize > 0 => ProjectionSize,
            _ => HiddenSize,
        };

    /// <summary>True for the LSTM, which carries a memory cell c beside h.</summary>
    public bool HasMemory => Kind == CellKind.Lstm;

    /// <summary>Number of gate blocks stacked in Wx/Wh: 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n), 1 otherwise.</summary>
    public int GateCount =>
        Kind switch
        {
            CellKind.Lstm => 4,
            CellKind.Gru => 3,
            _ => 1,
        };

    /// <summary>The gate names in row order of the stacked weights (PyTorch order), or empty for ungated cells.</summary>
    public IReadOnlyList<string> GateNames =>
        Kind switch
        {
            CellKind.Lstm => ["i", "f", "g", "o"],
            CellKind.Gru => ["r", "z", "n"],
            _ => [],
        };

    /// <summary>Throws <see cref="ArgumentException"/> if a size is not positive or an option does not apply.</summary>
    public CellConfig Validate()
    {
        ShapeCheck.InvalidIf(!Enum.IsDefined(Kind), $"Unknown cell kind {Kind}.", nameof(Kind));
        ShapeCheck.PositiveSize(InputSize, "InputSize (I)");
        ShapeCheck.PositiveSize(HiddenSize, "HiddenSize (H)");
        ShapeCheck.InvalidIf(
            OutputSize < 0,
            $"OutputSize (O) is {OutputSize}; it must be ≥ 0 (0 means O = H).",
            nameof(OutputSize)
        );
        ShapeCheck.InvalidIf(
            OutputSize > 0 && Kind != CellKind.Jordan,
            $"OutputSize is only used by Jordan cells; a {Kind} cell outputs its hidden state (H = {HiddenSize}). "
                + $"Add a Linear readout for a different output width.",
            nameof(OutputSize)
        );
        ShapeCheck.InvalidIf(
            !Bias && Kind == CellKind.Jordan,
            "Bias = false applies to Elman, LSTM and GRU (PyTorch's bias = False); a Jordan cell always has its biases bh and by.",
            nameof(Bias)
        );
        if (
            ProjectionSize != 0
            && (Kind != CellKind.Lstm || ProjectionSize < 0 || ProjectionSize >= HiddenSize)
        )
        {
            throw new ArgumentException(
                Kind != CellKind.Lstm
                    ? $"ProjectionSize (PyTorch proj_size) is {ProjectionSize}, but only an LSTM has a projection; a {Kind} cell outputs its state."
                    : $"ProjectionSize (PyTorch proj_size) is {ProjectionSize}; it must be in 1..{HiddenSize - 1} (below HiddenSize H = {HiddenSize}), or 0 for none.",
                nameof(ProjectionSize)
            );
        }
        return this;
    }
}
