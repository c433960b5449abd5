// The bridge to PyTorch's state_dict names, so weights trained (or fixtures generated) with
// nn.RNN / nn.LSTM / nn.GRU load into a cell, and back. The layouts already agree (row-major,
// gates stacked in PyTorch order); only the names differ, plus one detail: an Elman cell keeps a
// single bias bh = bias_ih + bias_hh, since only the sum enters the equations.

namespace RnnCourse.Cells;

/// <summary>Loads and names a cell's parameters the way PyTorch's recurrent modules do.</summary>
public static class PyTorchNames
{
    /// <summary>
    /// The PyTorch suffix of layer <paramref name="layer"/>: <c>_l0</c>, or <c>_l0_reverse</c> for
    /// the backward direction of a bidirectional module.
    /// </summary>
    public static string Suffix(int layer, bool reverse = false)
    {
        ShapeCheck.InvalidIf(layer < 0, $"layer is {layer}; it must be ≥ 0.", nameof(layer));
        return $"_l{layer}" + (reverse ? "_reverse" : "");
    }

    /// <summary>
    /// Pairs (PyTorch name, library slot) for a cell, in PyTorch's order. Elman's <c>bh</c>
    /// appears twice, for <c>bias_ih</c> and <c>bias_hh</c>, whose sum it holds. Without bias
    /// (<see cref="CellConfig.Bias"/> false) there are no bias names; a projected LSTM adds
    /// <c>weight_hr</c>. Jordan has no PyTorch module.
    /// </summary>
    public static IReadOnlyList<(string Torch, ParameterSlot Slot)> Map(
        CellConfig config,
        CellSlots slots,
        int layer = 0,
        bool reverse = false
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(slots);
        string s = Suffix(layer, reverse);
        ShapeCheck.InvalidIf(
            config.Kind is not (CellKind.Elman or CellKind.Lstm or CellKind.Gru),
            "A Jordan cell has no PyTorch counterpart; only Elman (nn.RNN), LSTM and GRU map.",
            nameof(config)
        );
        // PyTorch's order within a layer: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr.
        var map = new List<(string, ParameterSlot)>
        {
            ("weight_ih" + s, slots.Wx),
            ("weight_hh" + s, slots.Wh),
        };
        if (slots.Bh is not null)
        {
            // Elman keeps one bias: both of PyTorch's biases map to bh.
            map.Add(("bias_ih" + s, slots.Bx ?? slots.Bh));
            map.Add(("bias_hh" + s, slots.Bh));
        }
        if (slots.Whr is not null)
        {
            map.Add(("weight_hr" + s, slots.Whr));
        }
        return map;
    }

    /// <summary>
    /// Copies PyTorch tensors (looked up by name through <paramref name="tensor"/>, flattened
    /// row-major) into the cell's parameters; Elman's two biases are summed into <c>bh</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor has the wrong number of elements (both sizes are named).</exception>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <typeparam name="TSource">The tensors' element type (float from a float32 state dict, double from F64).</typeparam>
    public static void Load<T, TSource>(
        CellConfig config,
        CellSlots slots,
        ParameterSet<T> p,
        Func<string, IReadOnlyList<TSource>> tensor,
        int layer = 0,
        bool reverse = false
    )
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSource : INumberBase<TSource>
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(tensor);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (torch, slot) in Map(config, slots, layer, reverse))
        {
            var values = tensor(torch);
            ShapeCheck.InvalidIf(
                values.Count != slot.Length,
                $"PyTorch tensor '{torch}' has {values.Count} elements, but '{slot.Name}' {ShapeCheck.Format(slot.Shape)} needs {slot.Length}. "
                    + $"Check the module's input_size and hidden_size against the CellConfig.",
                nameof(tensor)
            );
            var target = p.Value(slot);
            bool add = !seen.Add(slot.Name); // Elman's second bias adds to the first
            for (int i = 0; i < values.Count; i++)
            {
                T v = T.CreateChecked(values[i]);
                target[i] = add ? target[i] + v : v;
            }
        }
    }
}
