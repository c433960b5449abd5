// The formatter source named by [TypeFormatterSource] on Figure, Svg and LossChart. It follows the
// convention-based contract (public parameterless constructor, CreateTypeFormatters() returning
// objects with MimeType, Type and Format(object, TextWriter) → bool): no interface from
// .NET Interactive is implemented or needed.
namespace RnnCourse.Charts;

/// <summary>Creates the notebook formatters of the chart types (text/html, plotly JSON, SVG, plain text).</summary>
public sealed class ChartFormatterSource
{
    /// <summary>The formatters: one object per (type, MIME type) pair.</summary>
    /// <returns>Objects with <c>MimeType</c>, <c>Type</c> and <c>Format(object, TextWriter)</c>.</returns>
    public IEnumerable<object> CreateTypeFormatters() =>
        [
            .. Plot<Figure>(f => f.ToHtml(), f => f.ToJson()),
            .. Plot<LossChart>(l => l.ToFigure().ToHtml(), l => l.ToFigure().ToJson()),
            .. Plot<FigureJson>(f => f.ToHtml(), f => f.Json),
            new ChartFormatter(typeof(Svg), MimeTypes.Html, o => ((Svg)o).ToHtml()),
            new ChartFormatter(typeof(Svg), MimeTypes.Svg, o => ((Svg)o).Markup),
            new ChartFormatter(typeof(Svg), MimeTypes.PlainText, o => o.ToString() ?? ""),
        ];

    // A plotly chart: its HTML fragment, its figure JSON and its one-line summary.
    private static ChartFormatter[] Plot<T>(Func<T, string> html, Func<T, string> json) =>
        [
            new(typeof(T), MimeTypes.Html, o => html((T)o)),
            new(typeof(T), MimeTypes.Plotly, o => json((T)o)),
            new(typeof(T), MimeTypes.PlainText, o => o.ToString() ?? ""),
        ];
}

/// <summary>One convention-based formatter: formats instances of <see cref="Type"/> as <see cref="MimeType"/>.</summary>
public sealed class ChartFormatter
{
    private readonly Func<object, string> _render;

    internal ChartFormatter(Type type, string mimeType, Func<object, string> render)
    {
        Type = type;
        MimeType = mimeType;
        _render = render;
    }

    /// <summary>The type this formatter handles (instances of other types are declined).</summary>
    public Type Type { get; }

    /// <summary>The MIME type produced.</summary>
    public string MimeType { get; }

    /// <summary>Writes <paramref name="instance"/> in <see cref="MimeType"/>; false when the instance is not a <see cref="Type"/>.</summary>
    /// <param name="instance">The value being displayed.</param>
    /// <param name="writer">Where the formatted text goes.</param>
    /// <returns>True when the instance was formatted.</returns>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is null || !Type.IsInstanceOfType(instance))
            return false;
        writer.Write(_render(instance));
        return true;
    }
}
