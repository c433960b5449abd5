// PyTorch's state_dict for the library's layers: a StackedRnn's parameters under nn.RNN / nn.LSTM /
// nn.GRU's names (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_hr_l0, …_reverse)
// and a Linear's under nn.Linear's (weight, bias), each behind a module prefix such as "rnn." —
// so a model saves to a safetensors file PyTorch loads with load_state_dict, and back.
// The shapes agree (row-major, gates stacked in PyTorch's order); one difference: an Elman cell
// keeps one bias bh = bias_ih + bias_hh, so it saves bias_ih = bh, bias_hh = 0 (its gradient is
// the same for both, so gradients save as dbh twice).

namespace RnnCourse.Interop;

/// <summary>Saves and loads layers' parameters under PyTorch's state_dict names.</summary>
public static class StateDict
{
    /// <summary>
    /// Adds the stack's parameters (or, with <paramref name="gradients"/>, their gradients) to
    /// <paramref name="into"/> as <paramref name="prefix"/> + PyTorch name, in PyTorch's order.
    /// </summary>
    public static void Save<T>(
        StackedRnn<T> stack,
        ParameterSet<T> p,
        IDictionary<string, SafeTensor> into,
        string prefix = "",
        SafeTensorType dtype = SafeTensorType.F32,
        bool gradients = false
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(into);
        foreach (var (config, slots, layer, reverse) in Cells(stack))
        {
            var seen = new HashSet<ParameterSlot>();
            foreach (var (torch, slot) in PyTorchNames.Map(config, slots, layer, reverse))
            {
                var source = gradients ? p.Grad(slot) : p.Value(slot);
                // Elman's second bias (bias_hh) saves as 0 so the pair still sums to bh.
                bool zero = !seen.Add(slot) && !gradients;
                into[prefix + torch] = Tensor(dtype, slot.Shape, zero ? [] : source);
            }
        }
    }

    /// <summary>
    /// Loads the stack's parameters from <paramref name="from"/> (names <paramref name="prefix"/> +
    /// PyTorch name), checking every shape. With <paramref name="strict"/> (PyTorch's default) a
    /// name under the prefix that the stack does not have is an error too.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is missing, has another shape, or is unexpected; the message names it, the shape given and the one expected.</exception>
    public static void Load<T>(
        StackedRnn<T> stack,
        ParameterSet<T> p,
        IReadOnlyDictionary<string, SafeTensor> from,
        string prefix = "",
        bool strict = true
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(from);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (config, slots, layer, reverse) in Cells(stack))
        {
            var shapes = PyTorchNames
                .Map(config, slots, layer, reverse)
                .ToDictionary(m => m.Torch, m => m.Slot);
            PyTorchNames.Load(
                config,
                slots,
                p,
                torch =>
                {
                    used.Add(prefix + torch);
                    return Lookup(from, prefix + torch, shapes[torch], config);
                },
                layer,
                reverse
            );
        }
        if (strict)
        {
            var unexpected = from
                .Keys.Where(k =>
                    k.StartsWith(prefix, StringComparison.Ordinal) && !used.Contains(k)
                )
                .ToList();
            if (unexpected.Count > 0)
            {
                throw new ArgumentException(
                    $"Unexpected key(s) in state dict: {string.Join(", ", unexpected)}. The stack ({stack.Layers.Count} layer(s), "
                        + $"{stack.Directions} direction(s), Bias = {stack.Config.Bias}, ProjectionSize = {stack.Config.ProjectionSize}) has no such parameter; "
                        + "check num_layers, bidirectional, bias and proj_size.",
                    nameof(from)
                );
            }
        }
    }

    /// <summary>Adds a Linear's weight (O × I) and bias (O) as <paramref name="prefix"/> + "weight" / "bias" (nn.Linear's names).</summary>
    public static void Save<T>(
        Linear<T> linear,
        ParameterSet<T> p,
        IDictionary<string, SafeTensor> into,
        string prefix = "",
        SafeTensorType dtype = SafeTensorType.F32
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(linear);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(into);
        into[prefix + "weight"] = Tensor(dtype, linear.Weight.Shape, p.Value(linear.Weight));
        into[prefix + "bias"] = Tensor(dtype, linear.Bias.Shape, p.Value(linear.Bias));
    }

    /// <summary>Loads a Linear's weight and bias from nn.Linear's names under <paramref name="prefix"/>.</summary>
    public static void Load<T>(
        Linear<T> linear,
        ParameterSet<T> p,
        IReadOnlyDictionary<string, SafeTensor> from,
        string prefix = ""
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(linear);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(from);
        foreach (var (name, slot) in new[] { ("weight", linear.Weight), ("bias", linear.Bias) })
        {
            var values = Lookup(from, prefix + name, slot, null);
            var target = p.Value(slot);
            for (int i = 0; i < values.Length; i++)
            {
                target[i] = T.CreateChecked(values[i]);
            }
        }
    }

    /// <summary>Every cell of a stack with its PyTorch layer index and direction, in PyTorch's order.</summary>
    private static IEnumerable<(CellConfig, CellSlots, int Layer, bool Reverse)> Cells<T>(
        StackedRnn<T> stack
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stack);
        for (int k = 0; k < stack.Layers.Count; k++)
        {
            var directions = stack.Layers[k] switch
            {
                RecurrentLayer<T> r => [r],
                Bidirectional<T> bi => new[] { bi.Forwards, bi.Backwards },
                var other => throw new InvalidOperationException(
                    $"Layer {k} is a {other.GetType().Name}; only recurrent and bidirectional layers have PyTorch names."
                ),
            };
            for (int d = 0; d < directions.Length; d++)
            {
                yield return (directions[d].Config, directions[d].Slots, k, d == 1);
            }
        }
    }

    private static double[] Lookup(
        IReadOnlyDictionary<string, SafeTensor> from,
        string name,
        ParameterSlot slot,
        CellConfig? config
    )
    {
        string hint = config is null
            ? "check in_features and out_features."
            : $"check input_size, hidden_size and proj_size against the CellConfig (I = {config.InputSize}, H = {config.HiddenSize}, P = {config.ProjectionSize}).";
        ShapeCheck.InvalidIf(
            !from.TryGetValue(name, out var t),
            $"Missing key in state dict: '{name}' (ours: {slot.Name} {ShapeCheck.Format(slot.Shape)}); {hint}",
            nameof(from)
        );
        ShapeCheck.InvalidIf(
            !t.Shape.SequenceEqual(slot.Shape),
            $"State dict '{name}' has shape {t.ShapeText}, expected {ShapeCheck.Format(slot.Shape)} for {slot.Name}; {hint}",
            nameof(from)
        );
        return t.Values;
    }

    private static SafeTensor Tensor<T>(SafeTensorType dtype, int[] shape, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = new double[ShapeCheck.Product(shape)];
        for (int i = 0; i < values.Length; i++)
        {
            v[i] = double.CreateChecked(values[i]);
        }
        return new SafeTensor(dtype, [.. shape], v);
    }
}
