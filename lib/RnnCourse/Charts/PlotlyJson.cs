// JSON serialisation of the figure model to the plotly.js schema (https://plotly.com/javascript/reference/).
// Why hand-rolled records and not Plotly.NET: see docs/charts.md. Three promises:
//   1. byte-stable: the same figure gives the same bytes (declaration order, no dictionaries with
//      unordered keys, shortest round-trip number format);
//   2. always valid JSON: NaN and ±Infinity are written as null (plotly.js draws a gap);
//   3. safe inside HTML: the default encoder escapes <, >, &, quotes and every non-ASCII character as
//      \uXXXX, so a title containing "</script>" cannot end the script block that carries it.
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnCourse.Charts;

/// <summary>The serializer settings that turn the figure model into plotly.js JSON.</summary>
public static class PlotlyJson
{
    /// <summary>
    /// Options used for every figure: plotly's all-lowercase attribute names
    /// (<c>ShowLegend</c> → <c>showlegend</c>), nulls omitted, non-finite numbers as null,
    /// HTML-safe escaping.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises any part of the model (a figure, a trace, a layout) to plotly.js JSON.</summary>
    /// <param name="value">The object to write.</param>
    /// <returns>Compact JSON text, identical for equal inputs.</returns>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = new LowerCaseNamingPolicy(),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Escapes <, >, &, ', " and all non-ASCII: safe in <script> and in HTML attributes.
            Encoder = JavaScriptEncoder.Default,
        };
        options.Converters.Add(new NonFiniteAsNull<double>((w, v) => w.WriteNumberValue(v)));
        options.Converters.Add(new NonFiniteAsNull<float>((w, v) => w.WriteNumberValue(v)));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>plotly.js names are the C# names in lower case: xaxis, showlegend, hovertemplate.</summary>
    private sealed class LowerCaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }

    /// <summary>Writes NaN and ±Infinity as null, finite values in shortest round-trip form (figures are only written).</summary>
    private sealed class NonFiniteAsNull<T>(Action<Utf8JsonWriter, T> write) : JsonConverter<T>
        where T : IFloatingPointIeee754<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions o) =>
            throw new NotSupportedException("Figures are written, never read.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions o)
        {
            if (T.IsFinite(value))
                write(writer, value);
            else
                writer.WriteNullValue();
        }
    }
}
