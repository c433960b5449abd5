// All trainable parameters of a model in one flat buffer, with named views, and the gradients in
// a second buffer with the same layout. Zeroing, clipping, norms and optimizer steps are then
// single loops over two spans, whatever the model (llm.c's params_memory / grads_memory).
using System.Numerics.Tensors;

namespace RnnCourse.Numerics;

/// <summary>One named block of a <see cref="ParameterLayout"/>: where it starts and its shape.</summary>
/// <param name="Name">Full name, e.g. <c>layer0.Whh</c>.</param>
/// <param name="Offset">First element in the flat buffer.</param>
/// <param name="Shape">Dimensions, row-major.</param>
public sealed record ParameterSlot(string Name, int Offset, int[] Shape)
{
    /// <summary>Number of elements.</summary>
    public int Length => (int)ShapeCheck.Product(Shape);

    /// <summary>Rows (first dimension).</summary>
    public int Rows => Shape[0];

    /// <summary>Columns: product of the remaining dimensions (1 for a vector).</summary>
    public int Cols => Shape.Length == 1 ? 1 : Length / Shape[0];

    /// <inheritdoc />
    public override string ToString() => $"{Name} {ShapeCheck.Format(Shape)} @ {Offset}";
}

/// <summary>
/// Declares named parameter blocks in order; a <see cref="ParameterSet{T}"/> then allocates one
/// buffer for all of them. Names must be unique.
/// </summary>
public sealed class ParameterLayout
{
    private readonly List<ParameterSlot> _slots = [];
    private readonly Dictionary<string, ParameterSlot> _byName = new(StringComparer.Ordinal);

    /// <summary>The blocks in declaration order.</summary>
    public IReadOnlyList<ParameterSlot> Slots => _slots;

    /// <summary>Total number of scalars.</summary>
    public int Count { get; private set; }

    /// <summary>Declares a block and returns its slot.</summary>
    /// <exception cref="ArgumentException">The name is taken or a dimension is not positive.</exception>
    public ParameterSlot Add(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ShapeCheck.Positive(shape, name);
        ShapeCheck.InvalidIf(
            _byName.ContainsKey(name),
            $"A parameter named '{name}' already exists; give each block a unique name (prefix layers, e.g. 'layer1.{name}').",
            nameof(name)
        );
        var slot = new ParameterSlot(name, Count, (int[])shape.Clone());
        checked
        {
            Count += slot.Length;
        }
        _slots.Add(slot);
        _byName.Add(name, slot);
        return slot;
    }

    /// <summary>The slot with this name.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter; the message lists the names.</exception>
    public ParameterSlot this[string name] =>
        _byName.TryGetValue(name, out var s)
            ? s
            : throw new KeyNotFoundException(
                $"No parameter '{name}'. Known: {string.Join(", ", _byName.Keys)}."
            );

    /// <summary>True if a block has this name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);
}

/// <summary>
/// Values and gradients of every parameter in two flat buffers sharing one
/// <see cref="ParameterLayout"/>.
/// </summary>
/// <typeparam name="T">float for training, double for gradient checks.</typeparam>
public sealed class ParameterSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates zeroed values and gradients for <paramref name="layout"/>.</summary>
    public ParameterSet(ParameterLayout layout)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        Values = new T[layout.Count];
        Grads = new T[layout.Count];
    }

    private ParameterSet(ParameterSet<T> values)
    {
        Layout = values.Layout;
        Values = values.Values;
        Grads = new T[Layout.Count];
    }

    /// <summary>
    /// A set over the same values (the same array, not a copy) with a gradient buffer of its
    /// own: lets two threads accumulate the gradients of two halves of a batch without sharing
    /// memory, to be summed afterwards.
    /// </summary>
    internal ParameterSet<T> SharingValues() => new(this);

    /// <summary>The names, offsets and shapes.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>All parameter values, block after block.</summary>
    public T[] Values { get; }

    /// <summary>All gradients, same layout as <see cref="Values"/>.</summary>
    public T[] Grads { get; }

    /// <summary>Total number of scalars.</summary>
    public int Count => Values.Length;

    /// <summary>The values of one block.</summary>
    public Span<T> Value(ParameterSlot slot) => Values.AsSpan(slot.Offset, slot.Length);

    /// <summary>The gradient of one block.</summary>
    public Span<T> Grad(ParameterSlot slot) => Grads.AsSpan(slot.Offset, slot.Length);

    /// <summary>The values of the block named <paramref name="name"/>.</summary>
    public Span<T> Value(string name) => Value(Layout[name]);

    /// <summary>The gradient of the block named <paramref name="name"/>.</summary>
    public Span<T> Grad(string name) => Grad(Layout[name]);

    /// <summary>Sets every gradient to zero (one loop over the gradient buffer).</summary>
    public void ZeroGrad() => Array.Clear(Grads);

    /// <summary>‖g‖₂ over all gradients.</summary>
    public T GradNorm() => TensorPrimitives.Norm<T>(Grads);

    /// <summary>‖θ‖₂ over all parameters.</summary>
    public T ValueNorm() => TensorPrimitives.Norm<T>(Values);

    /// <summary>Copies values into a new set of another precision (e.g. float → double for a gradient check).</summary>
    public ParameterSet<TOther> Convert<TOther>()
        where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var other = new ParameterSet<TOther>(Layout);
        for (int i = 0; i < Values.Length; i++)
        {
            other.Values[i] = TOther.CreateChecked(Values[i]);
        }
        return other;
    }
}
