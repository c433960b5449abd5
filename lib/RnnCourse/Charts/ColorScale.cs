// A plotly.js colour scale: either a built-in name ("Viridis", "RdBu", "Greys") or explicit
// stops [[0, "#fff"], [1, "#000"]]. Serialised as plotly expects: a string or an array of pairs.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCourse.Charts;

/// <summary>A colour scale: a plotly.js built-in name or a list of (fraction, colour) stops.</summary>
[JsonConverter(typeof(ColorScaleConverter))]
public sealed record ColorScale
{
    private ColorScale(string? name, IReadOnlyList<(double Fraction, string Color)>? stops)
    {
        Name = name;
        Stops = stops;
    }

    /// <summary>The built-in scale's name, or null when <see cref="Stops"/> is used.</summary>
    public string? Name { get; }

    /// <summary>The explicit stops, fractions from 0 to 1 in increasing order.</summary>
    public IReadOnlyList<(double Fraction, string Color)>? Stops { get; }

    /// <summary>A plotly.js built-in scale such as "Viridis", "RdBu", "Greys", "Blues", "YlOrRd".</summary>
    /// <param name="name">The scale's name.</param>
    public static ColorScale Named(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException(
                "A colour scale name is empty: pass e.g. \"Viridis\" or \"RdBu\".",
                nameof(name)
            );
        return new ColorScale(name, null);
    }

    /// <summary>Explicit stops, e.g. <c>(0, "#2166ac"), (0.5, "#f7f7f7"), (1, "#b2182b")</c>.</summary>
    /// <param name="stops">At least two stops, fractions from 0 to 1, increasing, first 0 and last 1.</param>
    /// <exception cref="ArgumentException">Fewer than two stops, or fractions out of order or not spanning 0..1.</exception>
    public static ColorScale FromStops(params (double Fraction, string Color)[] stops)
    {
        if (stops.Length < 2)
            throw new ArgumentException(
                $"A colour scale needs at least 2 stops, got {stops.Length}.",
                nameof(stops)
            );
        if (stops[0].Fraction != 0 || stops[^1].Fraction != 1)
            throw new ArgumentException(
                $"Colour scale stops must start at 0 and end at 1 (got {stops[0].Fraction} … {stops[^1].Fraction}).",
                nameof(stops)
            );
        for (int i = 1; i < stops.Length; i++)
        {
            if (!(stops[i].Fraction >= stops[i - 1].Fraction))
                throw new ArgumentException(
                    $"Colour scale stops must increase: stop {i} ({stops[i].Fraction}) is below stop {i - 1} ({stops[i - 1].Fraction}).",
                    nameof(stops)
                );
        }
        return new ColorScale(null, stops.ToArray());
    }

    /// <summary>Diverging blue–white–red, for values centred on 0 (tanh hidden states).</summary>
    public static ColorScale Diverging { get; } =
        FromStops((0, "#2166ac"), (0.5, "#f7f7f7"), (1, "#b2182b"));

    /// <summary>Perceptually uniform sequential scale, for values in [0, 1] (gate activations).</summary>
    public static ColorScale Viridis { get; } = Named("Viridis");

    /// <summary>Equality by name or by stops, element by element.</summary>
    /// <param name="other">The other scale.</param>
    public bool Equals(ColorScale? other) =>
        other is not null
        && Name == other.Name
        && (
            Stops is null
                ? other.Stops is null
                : other.Stops is not null && Stops.SequenceEqual(other.Stops)
        );

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Stops?.Count);

    private sealed class ColorScaleConverter : JsonConverter<ColorScale>
    {
        public override ColorScale Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        ) => throw new NotSupportedException("Colour scales are written, never read.");

        public override void Write(
            Utf8JsonWriter writer,
            ColorScale value,
            JsonSerializerOptions options
        )
        {
            if (value.Name is not null)
            {
                writer.WriteStringValue(value.Name);
                return;
            }
            writer.WriteStartArray();
            foreach (var (fraction, color) in value.Stops!)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(fraction);
                writer.WriteStringValue(color);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
    }
}
