// The parameter blocks of one recurrent cell, declared in a shared ParameterLayout under a prefix
// (e.g. "rnn.l0."), in PyTorch's layout so weights load by name from a PyTorch state dict.
//
//   library     shape        PyTorch (nn.RNN / nn.LSTM / nn.GRU, layer 0)
//   Elman  Wxh  (H×I)        weight_ih_l0
//          Whh  (H×H)        weight_hh_l0
//          bh   (H)          bias_ih_l0 + bias_hh_l0   (one bias: the sum is all that matters)
//   LSTM   Wx   (4H×I)       weight_ih_l0   rows [i; f; g; o]
//          Wh   (4H×H)       weight_hh_l0
//          bx   (4H)         bias_ih_l0
//          bh   (4H)         bias_hh_l0
//   GRU    Wx   (3H×I)       weight_ih_l0   rows [r; z; n]
//          Wh   (3H×H)       weight_hh_l0
//          bx   (3H)         bias_ih_l0
//          bh   (3H)         bias_hh_l0     (b_hn sits inside r ⊙ (W_hn h + b_hn): it cannot merge)
//   Jordan Wxh  (H×I), Wyh (H×O), bh (H), Why (O×H), by (O)   (no PyTorch module)
//   LSTM with proj_size P: Wh (4H×P) and Whr (P×H) = weight_hr_l0; the state h is P wide.
//   Bias = false (PyTorch bias=False): no bx/bh at all.
//   learned initial state: h0 (state size), c0 (H) for LSTM, y0 (O) for Jordan.

namespace RnnCourse.Cells;

/// <summary>
/// The slots of one cell's parameters. Uniform names so an engine can treat every cell alike:
/// <see cref="Wx"/> is the input weight (Elman/Jordan <c>Wxh</c>, gated <c>Wx</c>),
/// <see cref="Wh"/> the recurrent weight (<c>Whh</c>, Jordan <c>Wyh</c>, gated <c>Wh</c>),
/// <see cref="Bx"/> the input bias (gated cells only), <see cref="Bh"/> the (recurrent) bias
/// (both null when <see cref="CellConfig.Bias"/> is false),
/// <see cref="Why"/>/<see cref="By"/> Jordan's own output layer, <see cref="H0"/>/<see cref="C0"/>
/// the learned initial state, <see cref="Whr"/> the LSTM projection.
/// </summary>
/// <param name="Wx">Input weights, (G·H × I) with G gates.</param>
/// <param name="Wh">Recurrent weights, (G·H × H), or (H × O) for Jordan.</param>
/// <param name="Bx">Input bias (G·H), LSTM/GRU only; null without bias.</param>
/// <param name="Bh">Bias (G·H); for Elman/Jordan the only bias; null without bias.</param>
/// <param name="Why">Jordan output weights (O × H).</param>
/// <param name="By">Jordan output bias (O).</param>
/// <param name="H0">Learned initial state (state size), when <see cref="InitialStateMode.Learned"/>.</param>
/// <param name="C0">Learned initial LSTM memory (H).</param>
/// <param name="Whr">LSTM projection (P × H), PyTorch's <c>weight_hr_l0</c>, when <see cref="CellConfig.ProjectionSize"/> &gt; 0.</param>
public sealed record CellSlots(
    ParameterSlot Wx,
    ParameterSlot Wh,
    ParameterSlot? Bx,
    ParameterSlot? Bh,
    ParameterSlot? Why,
    ParameterSlot? By,
    ParameterSlot? H0,
    ParameterSlot? C0,
    ParameterSlot? Whr = null
);

/// <summary>Declares and initialises the parameters of a cell.</summary>
public static class CellParameters
{
    /// <summary>
    /// Declares the blocks of a <paramref name="config"/> cell in <paramref name="layout"/>, each
    /// named <paramref name="prefix"/> + library name (e.g. <c>"enc.Whh"</c>).
    /// </summary>
    public static CellSlots Declare(CellConfig config, ParameterLayout layout, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(layout);
        prefix ??= "";
        config.Validate();
        int i = config.InputSize,
            h = config.HiddenSize,
            g = config.GateCount;
        ParameterSlot? h0 = null,
            c0 = null;
        switch (config.Kind)
        {
            case CellKind.Elman:
            {
                var wxh = layout.Add(prefix + "Wxh", h, i);
                var whh = layout.Add(prefix + "Whh", h, h);
                var bh = config.Bias ? layout.Add(prefix + "bh", h) : null;
                if (config.InitialState == InitialStateMode.Learned)
                {
                    h0 = layout.Add(prefix + "h0", h);
                }
                return new CellSlots(wxh, whh, null, bh, null, null, h0, null);
            }
            case CellKind.Jordan:
            {
                int o = config.StateSize;
                var wxh = layout.Add(prefix + "Wxh", h, i);
                var wyh = layout.Add(prefix + "Wyh", h, o);
                var bh = layout.Add(prefix + "bh", h);
                var why = layout.Add(prefix + "Why", o, h);
                var by = layout.Add(prefix + "by", o);
                if (config.InitialState == InitialStateMode.Learned)
                {
                    h0 = layout.Add(prefix + "y0", o);
                }
                return new CellSlots(wxh, wyh, null, bh, why, by, h0, null);
            }
            default:
            {
                int s = config.StateSize; // P for a projected LSTM, else H
                var wx = layout.Add(prefix + "Wx", g * h, i);
                var wh = layout.Add(prefix + "Wh", g * h, s);
                var bx = config.Bias ? layout.Add(prefix + "bx", g * h) : null;
                var bh = config.Bias ? layout.Add(prefix + "bh", g * h) : null;
                var whr = s != h ? layout.Add(prefix + "Whr", s, h) : null;
                if (config.InitialState == InitialStateMode.Learned)
                {
                    h0 = layout.Add(prefix + "h0", s);
                    if (config.HasMemory)
                    {
                        c0 = layout.Add(prefix + "c0", h);
                    }
                }
                return new CellSlots(wx, wh, bx, bh, null, null, h0, c0, whr);
            }
        }
    }

    /// <summary>
    /// Fills the cell's parameters according to <see cref="CellConfig.Init"/> (and
    /// <see cref="CellConfig.ForgetBiasOne"/> for LSTM). Learned initial states start at 0.
    /// </summary>
    public static void Initialize<T>(CellConfig config, CellSlots slots, ParameterSet<T> p, Rng rng)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(rng);
        int h = config.HiddenSize;
        if (config.Init == WeightInit.PyTorchUniform)
        {
            double k = 1.0 / Math.Sqrt(h);
            foreach (
                var s in new[]
                {
                    slots.Wx,
                    slots.Wh,
                    slots.Bx,
                    slots.Bh,
                    slots.Why,
                    slots.By,
                    slots.Whr,
                }
            )
            {
                if (s is not null)
                {
                    rng.FillUniform(p.Value(s), -k, k);
                }
            }
        }
        else
        {
            // Per gate block: each gate gets its own Xavier input map and orthogonal recurrence.
            int blocks = config.GateCount;
            int rows = slots.Wx.Rows / blocks;
            for (int b = 0; b < blocks; b++)
            {
                var wx = p.Value(slots.Wx).Slice(b * rows * slots.Wx.Cols, rows * slots.Wx.Cols);
                rng.FillXavier(wx, slots.Wx.Cols, rows);
                var wh = p.Value(slots.Wh).Slice(b * rows * slots.Wh.Cols, rows * slots.Wh.Cols);
                rng.FillOrthogonal(wh, rows, slots.Wh.Cols);
            }
            foreach (var s in new[] { slots.Why, slots.Whr })
            {
                if (s is not null)
                {
                    rng.FillXavier(p.Value(s), s.Cols, s.Rows);
                }
            }
            foreach (var s in new[] { slots.Bx, slots.Bh, slots.By })
            {
                if (s is not null)
                {
                    p.Value(s).Clear();
                }
            }
        }
        if (config.Kind == CellKind.Lstm && config.ForgetBiasOne && config.Bias)
        {
            // Forget gate is the second block (i, f, g, o): bias_ih[f] = 1, bias_hh[f] = 0.
            p.Value(slots.Bx!).Slice(h, h).Fill(T.One);
            p.Value(slots.Bh!).Slice(h, h).Clear();
        }
        if (slots.H0 is not null)
        {
            p.Value(slots.H0).Clear();
        }
        if (slots.C0 is not null)
        {
            p.Value(slots.C0).Clear();
        }
    }
}
