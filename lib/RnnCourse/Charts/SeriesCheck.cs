// The checks the chart helpers make on the numbers they are given, so a bad series fails where it
// is passed, naming the argument, the index and what was expected, instead of drawing an empty or
// misleading chart.
namespace RnnCourse.Charts;

internal static class SeriesCheck
{
    /// <summary>Throws unless <paramref name="values"/> has at least one value.</summary>
    internal static void NotEmpty(IReadOnlyList<double> values, string argument, string what) =>
        _ =
            values.Count > 0
                ? 0
                : throw new ArgumentException(
                    $"{argument} is empty; pass at least one {what}.",
                    argument
                );

    /// <summary>Throws at the first NaN or ±∞ in <paramref name="values"/>, naming its index.</summary>
    internal static void Finite(IReadOnlyList<double> values, string argument, string why)
    {
        for (var i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(
                    string.Create(
                        System.Globalization.CultureInfo.InvariantCulture,
                        $"{argument}[{i}] is {values[i]} ({values.Count} values); {why}"
                    ),
                    argument
                );
    }
}
