// Argument checks shared across the library, so that every bad shape or value produces the same
// kind of message: what was received, what was expected, and (where it helps) what to do.
using System.Diagnostics.CodeAnalysis;

namespace RnnCourse.Numerics;

/// <summary>Shape validation helpers that throw <see cref="ArgumentException"/> with both shapes named.</summary>
public static class ShapeCheck
{
    /// <summary>Formats dimensions as <c>(a, b, c)</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>The product of the dimensions (1 for a scalar shape).</summary>
    public static long Product(ReadOnlySpan<int> shape)
    {
        long p = 1;
        foreach (int d in shape)
        {
            p *= d;
        }
        return p;
    }

    /// <summary>Throws unless every dimension is positive (or zero, when allowed); returns the shape.</summary>
    public static int[] Positive(int[] shape, string name, bool allowZero = false)
    {
        ArgumentNullException.ThrowIfNull(shape, name);
        if (shape.Length == 0)
        {
            throw new ArgumentException($"{name} is empty; give at least one dimension.", name);
        }
        foreach (int d in shape)
        {
            if (d < 0 || (!allowZero && d == 0))
            {
                throw new ArgumentException(
                    $"{name} {Format(shape)} has a {(d == 0 ? "zero" : "negative")} dimension; every size must be {(allowZero ? "≥ 0" : "> 0")}.",
                    name
                );
            }
        }
        return shape;
    }

    /// <summary>Throws unless <paramref name="value"/> is positive.</summary>
    public static void PositiveSize(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} is {value}; it must be > 0.", name);
        }
    }

    /// <summary>Throws unless a span holds at least <c>rows × cols</c> elements for a matrix argument.</summary>
    public static void Matrix(int length, int rows, int cols, string name)
    {
        if (rows < 0 || cols < 0)
        {
            throw new ArgumentException($"{name} has negative size ({rows}, {cols}).", name);
        }
        if (length < (long)rows * cols)
        {
            throw new ArgumentException(
                $"{name} holds {length} elements, too few for shape ({rows}, {cols}) which needs {(long)rows * cols}.",
                name
            );
        }
    }

    /// <summary>Throws unless two spans have the same length.</summary>
    public static void SameLength(int a, int b, string nameA, string nameB)
    {
        if (a != b)
        {
            throw new ArgumentException(
                $"{nameA} has length {a} but {nameB} has length {b}; they must match.",
                nameB
            );
        }
    }

    /// <summary>
    /// Throws "<paramref name="label"/> has shape (…)<paramref name="detail"/>." for the argument
    /// <paramref name="name"/> when <paramref name="wrong"/>: the one form of a tensor's shape
    /// refusal. The detail is formatted only when it is thrown, so a passing check allocates nothing.
    /// </summary>
    internal static void WrongShapeIf<T>(
        [DoesNotReturnIf(true)] bool wrong,
        Tensor<T> t,
        [InterpolatedStringHandlerArgument(nameof(wrong))] ref RefusalHandler detail,
        [CallerArgumentExpression(nameof(t))] string name = "",
        string? label = null
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (wrong)
        {
            throw new ArgumentException(
                $"{label ?? name} has shape {t.ShapeText}{detail.ToStringAndClear()}.",
                name
            );
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> with <paramref name="message"/> for the argument
    /// <paramref name="name"/> (none when null) when <paramref name="invalid"/>: the one form of an
    /// argument refusal.
    /// </summary>
    internal static void InvalidIf(
        [DoesNotReturnIf(true)] bool invalid,
        string message,
        string? name = null
    )
    {
        if (invalid)
        {
            throw new ArgumentException(message, name);
        }
    }

    /// <summary><see cref="InvalidIf(bool, string, string?)"/> with a message formatted only when it is thrown.</summary>
    internal static void InvalidIf(
        [DoesNotReturnIf(true)] bool invalid,
        [InterpolatedStringHandlerArgument(nameof(invalid))] ref RefusalHandler message,
        string? name = null
    )
    {
        if (invalid)
        {
            throw new ArgumentException(message.ToStringAndClear(), name);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> for the argument <paramref name="name"/>
    /// holding <paramref name="value"/> when <paramref name="outOfRange"/>: the one form of a
    /// range refusal (the value is boxed only when it is thrown).
    /// </summary>
    internal static void OutOfRangeIf<TValue>(
        [DoesNotReturnIf(true)] bool outOfRange,
        TValue value,
        string message,
        [CallerArgumentExpression(nameof(value))] string name = ""
    )
    {
        if (outOfRange)
        {
            throw new ArgumentOutOfRangeException(name, value, message);
        }
    }

    /// <summary><see cref="OutOfRangeIf{TValue}(bool, TValue, string, string)"/> with a message formatted only when it is thrown.</summary>
    internal static void OutOfRangeIf<TValue>(
        [DoesNotReturnIf(true)] bool outOfRange,
        TValue value,
        [InterpolatedStringHandlerArgument(nameof(outOfRange))] ref RefusalHandler message,
        [CallerArgumentExpression(nameof(value))] string name = ""
    )
    {
        if (outOfRange)
        {
            throw new ArgumentOutOfRangeException(name, value, message.ToStringAndClear());
        }
    }

    /// <summary>
    /// An interpolated message that is built only when its check refused (the pattern of
    /// Debug.Assert's handler): on a passing check every append is skipped.
    /// </summary>
    [InterpolatedStringHandler]
    internal ref struct RefusalHandler
    {
        private DefaultInterpolatedStringHandler _text;

        /// <summary>Starts the message when <paramref name="refused"/>; otherwise skips it.</summary>
        public RefusalHandler(int literalLength, int formattedCount, bool refused, out bool build)
        {
            build = refused;
            _text = refused ? new(literalLength, formattedCount) : default;
        }

        /// <summary>Appends literal text.</summary>
        public void AppendLiteral(string value) => _text.AppendLiteral(value);

        /// <summary>Appends a formatted hole.</summary>
        public void AppendFormatted<TValue>(TValue value) => _text.AppendFormatted(value);

        /// <summary>The message.</summary>
        public string ToStringAndClear() => _text.ToStringAndClear();
    }
}
