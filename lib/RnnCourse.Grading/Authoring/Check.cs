// Assertion helpers for graded tests: tolerance comparison, shapes and finite-difference
// gradient checks on the library's Tensor<T>. Every failure message names what was checked, the
// expected and actual values (or the worst element) and the tolerance, so that a failed public
// test tells the student where to look.
// Closeness rule (NumPy's allclose): |actual − expected| ≤ atol + rtol·|expected|.
using System.Globalization;
using System.Numerics;
using RnnCourse.Numerics;

namespace RnnCourse.Grading;

/// <summary>Assertions for graded tests; each throws <see cref="CheckFailedException"/> on failure.</summary>
public static class Check
{
    /// <summary>Default absolute tolerance (double precision arithmetic, a few operations deep).</summary>
    public const double DefaultAtol = 1e-8;

    /// <summary>Default relative tolerance.</summary>
    public const double DefaultRtol = 1e-6;

    /// <summary>Fails with <paramref name="what"/> unless <paramref name="condition"/> holds.</summary>
    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new CheckFailedException(what);
        }
    }

    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void Equal<T>(T expected, T actual, string what = "value")
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new CheckFailedException($"{what}: expected {expected}, got {actual}.");
        }
    }

    /// <summary>Fails unless |actual − expected| ≤ atol + rtol·|expected| (NaN never passes).</summary>
    public static void Close(
        double expected,
        double actual,
        double atol = DefaultAtol,
        double rtol = DefaultRtol,
        string what = "value"
    )
    {
        if (!IsClose(expected, actual, atol, rtol))
        {
            throw new CheckFailedException(
                $"{what}: expected {F(expected)}, got {F(actual)} "
                    + $"(|diff| {F(Math.Abs(actual - expected))} > atol {F(atol)} + rtol {F(rtol)}·|expected|)."
            );
        }
    }

    /// <summary>Element-wise <see cref="Close"/> over two spans of equal length.</summary>
    public static void AllClose<T>(
        ReadOnlySpan<T> expected,
        ReadOnlySpan<T> actual,
        double atol = DefaultAtol,
        double rtol = DefaultRtol,
        string what = "values"
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (expected.Length != actual.Length)
        {
            throw new CheckFailedException(
                $"{what}: expected {expected.Length} elements, got {actual.Length}."
            );
        }
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateChecked(expected[i]);
            double a = double.CreateChecked(actual[i]);
            if (!IsClose(e, a, atol, rtol))
            {
                double excess = double.IsNaN(a) ? double.PositiveInfinity : Math.Abs(a - e);
                if (worst < 0 || excess > worstExcess)
                {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (worst >= 0)
        {
            throw new CheckFailedException(
                $"{what}: element [{worst}] expected {F(double.CreateChecked(expected[worst]))}, "
                    + $"got {F(double.CreateChecked(actual[worst]))} (worst of the elements outside "
                    + $"atol {F(atol)} + rtol {F(rtol)}·|expected|)."
            );
        }
    }

    /// <summary>Shapes must match, then every element must be close (see <see cref="Close"/>).</summary>
    public static void AllClose<T>(
        Tensor<T> expected,
        Tensor<T> actual,
        double atol = DefaultAtol,
        double rtol = DefaultRtol,
        string what = "tensor"
    )
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NotNull(actual, what);
        Shape(actual, expected.Shape.ToArray(), what);
        AllClose<T>(expected.Span, actual.Span, atol, rtol, what);
    }

    /// <summary>Fails unless the tensor's shape is exactly <paramref name="shape"/>.</summary>
    public static void Shape<T>(Tensor<T> tensor, int[] shape, string what = "tensor")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NotNull(tensor, what);
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new CheckFailedException(
                $"{what}: expected shape {ShapeCheck.Format(shape)}, got {tensor.ShapeText}."
            );
        }
    }

    /// <summary>Fails if any element is NaN or infinite.</summary>
    public static void Finite<T>(ReadOnlySpan<T> values, string what = "values")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new CheckFailedException($"{what}: element [{i}] is {values[i]}.");
            }
        }
    }

    /// <summary>Fails unless <paramref name="value"/> is non-null.</summary>
    public static void NotNull(object? value, string what = "value")
    {
        if (value is null)
        {
            throw new CheckFailedException($"{what}: expected a value, got null.");
        }
    }

    /// <summary>Fails unless <paramref name="action"/> throws a <typeparamref name="TException"/>.</summary>
    public static void Throws<TException>(Action action, string what = "call")
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException)
        {
            return;
        }
        catch (Exception e)
        {
            throw new CheckFailedException(
                $"{what}: expected {typeof(TException).Name}, got {e.GetType().Name}: {e.Message}"
            );
        }
        throw new CheckFailedException(
            $"{what}: expected {typeof(TException).Name}, nothing was thrown."
        );
    }

    /// <summary>
    /// Compares an analytic gradient with central finite differences of a scalar loss:
    /// g̃ᵢ = (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε, and fails unless
    /// |gᵢ − g̃ᵢ| / max(1, |gᵢ| + |g̃ᵢ|) ≤ <paramref name="tolerance"/> for every i.
    /// <paramref name="x"/> is perturbed in place and restored. Use double precision.
    /// </summary>
    /// <param name="loss">The scalar function of <paramref name="x"/>.</param>
    /// <param name="x">The point (any shape).</param>
    /// <param name="analytic">The gradient to check, same shape as <paramref name="x"/>.</param>
    /// <param name="epsilon">The finite-difference step.</param>
    /// <param name="tolerance">The largest relative error accepted.</param>
    /// <param name="what">The gradient's name in the message, e.g. "dWxh".</param>
    /// <returns>The largest relative error found.</returns>
    public static double Gradient(
        Func<Tensor<double>, double> loss,
        Tensor<double> x,
        Tensor<double> analytic,
        double epsilon = 1e-6,
        double tolerance = 1e-6,
        string what = "gradient"
    )
    {
        NotNull(analytic, what);
        Shape(analytic, x.Shape.ToArray(), what);
        double worst = 0;
        int worstIndex = -1;
        double worstNumeric = 0;
        var data = x.Data;
        for (int i = 0; i < data.Length; i++)
        {
            double saved = data[i];
            data[i] = saved + epsilon;
            double plus = loss(x);
            data[i] = saved - epsilon;
            double minus = loss(x);
            data[i] = saved;
            double numeric = (plus - minus) / (2 * epsilon);
            double g = analytic.Data[i];
            double rel = Math.Abs(g - numeric) / Math.Max(1, Math.Abs(g) + Math.Abs(numeric));
            if (double.IsNaN(rel) || rel > worst)
            {
                worst = double.IsNaN(rel) ? double.PositiveInfinity : rel;
                worstIndex = i;
                worstNumeric = numeric;
            }
        }
        if (worst > tolerance)
        {
            throw new CheckFailedException(
                $"{what}: element [{worstIndex}] is {F(analytic.Data[worstIndex])} but finite "
                    + $"differences give {F(worstNumeric)} (relative error {F(worst)} > {F(tolerance)}). "
                    + "Check the backward pass for this parameter."
            );
        }
        return worst;
    }

    /// <summary>True when |actual − expected| ≤ atol + rtol·|expected| (NaN is never close).</summary>
    public static bool IsClose(double expected, double actual, double atol, double rtol) =>
        expected == actual
        || (
            !double.IsNaN(actual)
            && !double.IsNaN(expected)
            && Math.Abs(actual - expected) <= atol + rtol * Math.Abs(expected)
        );

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
