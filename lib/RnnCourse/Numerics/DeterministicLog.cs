// The logarithm behind Rng's normals: computed from IEEE-754 basic operations only, which are
// exactly rounded everywhere, so a seed gives the same normals on every machine and runtime (a
// libm log may differ in the last bit between platforms).
namespace RnnCourse.Numerics;

/// <summary>
/// A natural logarithm computed from IEEE-754 basic operations only (exactly rounded on every
/// machine), so that random normals are bit-identical across platforms, unlike a libm call.
/// ln x = e·ln 2 + 2·atanh(s), s = (m − 1)/(m + 1), m ∈ [√½, √2).
/// </summary>
internal static class DeterministicLog
{
    private const double Ln2 = 0.69314718055994530942;

    public static double Log(double x)
    {
        ShapeCheck.OutOfRangeIf(
            !(x > 0) || double.IsInfinity(x),
            x,
            "Log needs a positive finite number."
        );
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF);
        if (e == 0)
        {
            // Subnormal: scale into the normal range first.
            return Log(x * 4503599627370496.0) - 52 * Ln2;
        }
        e -= 1023;
        double m = BitConverter.Int64BitsToDouble(
            (bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L
        );
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }
        double s = (m - 1) / (m + 1);
        double s2 = s * s;
        // 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …); |s| ≤ 0.172 so 14 terms reach double precision.
        double term = s;
        double sum = 0;
        for (int k = 1; k <= 27; k += 2)
        {
            sum += term / k;
            term *= s2;
        }
        return e * Ln2 + 2 * sum;
    }
}
