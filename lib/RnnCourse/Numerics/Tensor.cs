// A small dense tensor: row-major, contiguous, shape-checked, with span views.
// It is the one array type of the course. Hot paths work on its spans (no hidden allocation);
// the tensor itself only owns the storage and remembers the shape.
// Shape legend used across the library: T steps, B batch, I input, H hidden, V vocabulary.

namespace RnnCourse.Numerics;

/// <summary>
/// A dense, row-major, contiguous tensor of rank 1 to 4. <typeparamref name="T"/> is
/// <see cref="float"/> for training speed or <see cref="double"/> for gradient checks.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class Tensor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _shape;

    /// <summary>Wraps existing storage; <paramref name="data"/> length must equal the shape's product.</summary>
    /// <exception cref="ArgumentException">The data length does not match the shape.</exception>
    public Tensor(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ShapeCheck.Positive(shape, nameof(shape), allowZero: true);
        long count = ShapeCheck.Product(shape);
        ShapeCheck.InvalidIf(
            data.Length != count,
            $"Data holds {data.Length} elements but shape {ShapeCheck.Format(shape)} needs {count}. "
                + $"Pass an array whose length is the product of the shape.",
            nameof(data)
        );
        Data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>The backing array (row-major). Shared, not copied.</summary>
    public T[] Data { get; }

    /// <summary>The dimensions, outermost first (for a matrix: rows, columns).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>The whole storage as a span.</summary>
    public Span<T> Span => Data;

    /// <summary>Rows of a matrix (the first dimension).</summary>
    public int Rows => _shape[0];

    /// <summary>Columns of a matrix: the product of every dimension after the first.</summary>
    public int Cols => _shape.Length == 1 ? 1 : (int)(Data.Length / Math.Max(1, _shape[0]));

    /// <summary>A new tensor of zeros.</summary>
    public static Tensor<T> Zeros(params int[] shape) =>
        new(
            new T[ShapeCheck.Product(ShapeCheck.Positive(shape, nameof(shape), allowZero: true))],
            shape
        );

    /// <summary>A new tensor filled with <paramref name="value"/>.</summary>
    public static Tensor<T> Full(T value, params int[] shape)
    {
        var t = Zeros(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A new tensor holding a copy of <paramref name="values"/> with the given shape.</summary>
    public static Tensor<T> From(ReadOnlySpan<T> values, params int[] shape)
    {
        var t = Zeros(shape);
        ShapeCheck.InvalidIf(
            values.Length != t.Length,
            $"Got {values.Length} values for shape {ShapeCheck.Format(shape)} which needs {t.Length}.",
            nameof(values)
        );
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>Element of a rank-1 tensor.</summary>
    public ref T this[int i] => ref Data[Index1(i)];

    /// <summary>Element of a rank-2 tensor.</summary>
    public ref T this[int i, int j] => ref Data[Index2(i, j)];

    /// <summary>Element of a rank-3 tensor, e.g. (t, b, h).</summary>
    public ref T this[int i, int j, int k] => ref Data[Index3(i, j, k)];

    /// <summary>
    /// The contiguous block at index <paramref name="i"/> of the first dimension: a row of a
    /// matrix, or the (B, H) slab of time step t of a (T, B, H) tensor. No copy.
    /// </summary>
    public Span<T> Slice(int i)
    {
        if ((uint)i >= (uint)_shape[0])
        {
            throw new ArgumentOutOfRangeException(
                nameof(i),
                $"Index {i} is outside 0..{_shape[0] - 1} of shape {ShapeText}."
            );
        }
        int stride = _shape[0] == 0 ? 0 : Data.Length / _shape[0];
        return Data.AsSpan(i * stride, stride);
    }

    /// <summary>A tensor sharing this storage with a new shape of the same element count.</summary>
    public Tensor<T> Reshape(params int[] shape)
    {
        ShapeCheck.InvalidIf(
            ShapeCheck.Product(shape) != Data.Length,
            $"Cannot reshape {ShapeText} ({Data.Length} elements) to {ShapeCheck.Format(shape)}.",
            nameof(shape)
        );
        return new Tensor<T>(Data, shape);
    }

    /// <summary>A deep copy.</summary>
    public Tensor<T> Clone() => new((T[])Data.Clone(), _shape);

    /// <summary>The shape as text, e.g. <c>(25, 32, 128)</c>.</summary>
    public string ShapeText => ShapeCheck.Format(_shape);

    /// <summary>Throws <see cref="ArgumentException"/> unless the shape equals <paramref name="expected"/>.</summary>
    /// <param name="name">The argument name to report.</param>
    /// <param name="expected">The expected dimensions.</param>
    public void RequireShape(string name, params int[] expected)
    {
        ShapeCheck.InvalidIf(
            !_shape.AsSpan().SequenceEqual(expected),
            $"{name} has shape {ShapeText}, expected {ShapeCheck.Format(expected)}.",
            name
        );
    }

    /// <inheritdoc />
    public override string ToString()
    {
        const int shown = 8;
        var head = string.Join(
            ", ",
            Data.Take(shown)
                .Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))
        );
        return $"Tensor<{typeof(T).Name}>{ShapeText} [{head}{(Data.Length > shown ? ", …" : "")}]";
    }

    private int Index1(int i)
    {
        if (_shape.Length != 1 || (uint)i >= (uint)_shape[0])
        {
            throw new IndexOutOfRangeException($"Index ({i}) does not fit shape {ShapeText}.");
        }
        return i;
    }

    private int Index2(int i, int j)
    {
        if (_shape.Length != 2 || (uint)i >= (uint)_shape[0] || (uint)j >= (uint)_shape[1])
        {
            throw new IndexOutOfRangeException($"Index ({i}, {j}) does not fit shape {ShapeText}.");
        }
        return i * _shape[1] + j;
    }

    private int Index3(int i, int j, int k)
    {
        if (
            _shape.Length != 3
            || (uint)i >= (uint)_shape[0]
            || (uint)j >= (uint)_shape[1]
            || (uint)k >= (uint)_shape[2]
        )
        {
            throw new IndexOutOfRangeException(
                $"Index ({i}, {j}, {k}) does not fit shape {ShapeText}."
            );
        }
        return (i * _shape[1] + j) * _shape[2] + k;
    }
}
