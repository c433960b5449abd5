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
            WriteIndented = false,
        };
        options.Converters.Add(new NonFiniteAsNullDoubleConverter());
        options.Converters.Add(new NonFiniteAsNullFloatConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>plotly.js names are the C# names in lower case: xaxis, showlegend, hovertemplate.</summary>
    private sealed class LowerCaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }

    /// <summary>Writes NaN and ±Infinity as null, finite values in shortest round-trip form.</summary>
    private sealed class NonFiniteAsNullDoubleConverter : JsonConverter<double>
    {
        public override double Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        ) => reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(
            Utf8JsonWriter writer,
            double value,
            JsonSerializerOptions options
        )
        {
            if (double.IsFinite(value))
                writer.WriteNumberValue(value);
            else
                writer.WriteNullValue();
        }

        public override bool HandleNull => true;
    }

    /// <summary>The <see cref="float"/> twin of the double converter.</summary>
    private sealed class NonFiniteAsNullFloatConverter : JsonConverter<float>
    {
        public override float Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        ) => reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

        public override void Write(
            Utf8JsonWriter writer,
            float value,
            JsonSerializerOptions options
        )
        {
            if (float.IsFinite(value))
                writer.WriteNumberValue(value);
            else
                writer.WriteNullValue();
        }

        public override bool HandleNull => true;
    }
}
