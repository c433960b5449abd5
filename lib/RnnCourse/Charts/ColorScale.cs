// A plotly.js colour scale: either a built-in name ("Viridis", "RdBu", "Greys") or explicit
// stops [[0, "#fff"], [1, "#000"]]. Serialised as plotly expects: a string or an array of pairs.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCourse.Charts;

/// <summary>A colour scale: a plotly.js built-in name or a list of (fraction, colour) stops.</summary>
[JsonConverter(typeof(Writer))]
public sealed record ColorScale
{
    // What is written: the name (a string) or the stops as [fraction, colour] pairs.
    private readonly object _json;

    private ColorScale(object json) => _json = json;

    /// <summary>A plotly.js built-in scale such as "Viridis", "RdBu", "Greys", "Blues", "YlOrRd".</summary>
    /// <param name="name">The scale's name.</param>
    public static ColorScale Named(string name) =>
        string.IsNullOrWhiteSpace(name)
            ? throw new ArgumentException(
                "A colour scale name is empty: pass e.g. \"Viridis\" or \"RdBu\".",
                nameof(name)
            )
            : new(name);

    /// <summary>Explicit stops, e.g. <c>(0, "#2166ac"), (0.5, "#f7f7f7"), (1, "#b2182b")</c>.</summary>
    /// <param name="stops">At least two stops, fractions from 0 to 1, increasing, first 0 and last 1.</param>
    /// <exception cref="ArgumentException">Fewer than two stops, or fractions out of order or not spanning 0..1.</exception>
    public static ColorScale FromStops(params (double Fraction, string Color)[] stops)
    {
        string? problem =
            stops.Length < 2 ? $"A colour scale needs at least 2 stops, got {stops.Length}."
            : stops[0].Fraction != 0 || stops[^1].Fraction != 1
                ? $"Colour scale stops must start at 0 and end at 1 (got {stops[0].Fraction} … {stops[^1].Fraction})."
            : null;
        for (int i = 1; problem is null && i < stops.Length; i++)
            if (!(stops[i].Fraction >= stops[i - 1].Fraction))
                problem =
                    $"Colour scale stops must increase: stop {i} ({stops[i].Fraction}) is below stop {i - 1} ({stops[i - 1].Fraction}).";
        return problem is null
            ? new(stops.Select(s => new object[] { s.Fraction, s.Color }).ToArray())
            : throw new ArgumentException(problem, nameof(stops));
    }

    /// <summary>Diverging blue–white–red, for values centred on 0 (tanh hidden states).</summary>
    public static ColorScale Diverging { get; } =
        FromStops((0, "#2166ac"), (0.5, "#f7f7f7"), (1, "#b2182b"));

    /// <summary>Perceptually uniform sequential scale, for values in [0, 1] (gate activations).</summary>
    public static ColorScale Viridis { get; } = Named("Viridis");

    private sealed class Writer : JsonConverter<ColorScale>
    {
        public override ColorScale Read(ref Utf8JsonReader r, Type t, JsonSerializerOptions o) =>
            throw new NotSupportedException("Colour scales are written, never read.");

        public override void Write(Utf8JsonWriter w, ColorScale value, JsonSerializerOptions o) =>
            JsonSerializer.Serialize(w, value._json, o);
    }
}
