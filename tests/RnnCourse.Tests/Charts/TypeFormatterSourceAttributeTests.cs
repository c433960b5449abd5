// Invokes the display convention by reflection exactly as .NET Interactive does
// (Formatter.TryRegisterFromConventionBasedFormatterSources): attribute matched by type NAME,
// FormatterSourceType and PreferredMimeTypes read as properties, the source created with
// Activator.CreateInstance, CreateTypeFormatters() invoked, and each formatter's
// Format(object, TextWriter) bound through a compiled expression Func<object, TextWriter, bool>.
using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using RnnCourse.Charts;

namespace RnnCourse.Tests.Charts;

public class TypeFormatterSourceAttributeTests
{
    private sealed record Registered(
        string MimeType,
        Type Type,
        Func<object, TextWriter, bool> Format
    );

    private static (List<Registered> Formatters, string[]? Preferred) Discover(Type type)
    {
        var formatters = new List<Registered>();
        string[]? preferred = null;
        var attributes = type.GetCustomAttributes(true)
            .Where(a => a.GetType().Name == "TypeFormatterSourceAttribute")
            .ToArray();
        Assert.NotEmpty(attributes);
        foreach (var attr in attributes)
        {
            Assert.True(
                TryGet<object>(attr, "FormatterSourceType", out var prop) && prop is Type,
                "FormatterSourceType must be a public Type property"
            );
            var sourceType = (Type)prop!;
            var source = Activator.CreateInstance(sourceType)!;
            var created = source.GetType().GetMethod("CreateTypeFormatters")!.Invoke(source, null);
            Assert.IsAssignableFrom<IEnumerable>(created);
            foreach (var f in (IEnumerable)created!)
            {
                Assert.True(
                    TryGet<string>(f, "MimeType", out var mime),
                    "each formatter needs a string MimeType property"
                );
                MethodInfo formatMethod = f.GetType().GetMethod("Format")!; // must not be overloaded (GetMethod would throw)
                var valueParam = Expression.Parameter(typeof(object));
                var writerParam = Expression.Parameter(typeof(TextWriter));
                var call = Expression.Call(
                    Expression.Constant(f),
                    formatMethod,
                    valueParam,
                    writerParam
                );
                var compiled = Expression
                    .Lambda<Func<object, TextWriter, bool>>(call, valueParam, writerParam)
                    .Compile();
                if (!TryGet(f, "Type", out Type? formatted))
                    formatted = type;
                formatters.Add(new Registered(mime!, formatted!, compiled));
            }
            if (TryGet<string[]>(attr, "PreferredMimeTypes", out var mimes))
                preferred = mimes;
        }
        return (formatters, preferred);
    }

    private static bool TryGet<T>(object from, string name, out T? value)
    {
        if (
            from.GetType().GetProperty(name) is { } p
            && p.GetGetMethod() is { } getter
            && getter.Invoke(from, null) is T v
        )
        {
            value = v;
            return true;
        }
        value = default;
        return false;
    }

    private static string FormatAs(object value, string mimeType)
    {
        var (formatters, _) = Discover(value.GetType());
        var candidates = formatters
            .Where(f => f.MimeType == mimeType && f.Type.IsAssignableFrom(value.GetType()))
            .ToArray();
        Assert.NotEmpty(candidates);
        var writer = new StringWriter();
        Assert.True(candidates[0].Format(value, writer));
        return writer.ToString();
    }

    [Fact]
    public void Attribute_HasTheNameAndShapeDotNetInteractiveMatches()
    {
        var t = typeof(TypeFormatterSourceAttribute);
        Assert.Equal("TypeFormatterSourceAttribute", t.Name);
        Assert.NotNull(t.GetConstructor([typeof(Type)]));
        Assert.Equal(typeof(Type), t.GetProperty("FormatterSourceType")!.PropertyType);
        Assert.Equal(typeof(string[]), t.GetProperty("PreferredMimeTypes")!.PropertyType);
        Assert.NotNull(typeof(ChartFormatterSource).GetConstructor(Type.EmptyTypes));
    }

    [Fact]
    public void Figure_PreferredMimeType_FormatsAsItsHtml()
    {
        var fig = Figure.Of(new Layout { Title = "conv" }, new Scatter { Y = new[] { 1.0, 2 } });
        var (_, preferred) = Discover(typeof(Figure));
        Assert.Equal(new[] { "text/html" }, preferred!);
        foreach (var mime in preferred!)
            Assert.Equal(fig.ToHtml(), FormatAs(fig, mime));
    }

    [Fact]
    public void Figure_PlotlyAndPlainText_Formatters()
    {
        var fig = Figure.Of(new Layout { Title = "conv" }, new Bar { Y = new[] { 1.0 } });
        Assert.Equal(fig.ToJson(), FormatAs(fig, "application/vnd.plotly.v1+json"));
        Assert.Equal(fig.ToString(), FormatAs(fig, "text/plain"));
    }

    [Fact]
    public void Svg_PreferredMimeType_FormatsAsInlineSvgHtml()
    {
        var svg = CourseCharts.UnfoldedGraph(2);
        var (_, preferred) = Discover(typeof(Svg));
        Assert.Equal(new[] { "text/html" }, preferred!);
        var html = FormatAs(svg, "text/html");
        Assert.Equal(svg.ToHtml(), html);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html);
        Assert.Equal(svg.Markup, FormatAs(svg, "image/svg+xml"));
    }

    [Fact]
    public void LossChart_FormatsItsCurrentState()
    {
        var chart = new LossChart("live");
        chart.Add(0, 2.0, 2.1);
        var before = FormatAs(chart, "text/html");
        chart.Add(10, 1.5, 1.7);
        var after = FormatAs(chart, "text/html");
        Assert.NotEqual(before, after);
        Assert.Equal(chart.ToFigure().ToHtml(), after);
    }

    [Fact]
    public void Formatter_OtherType_DeclinesAndWritesNothing()
    {
        var (formatters, _) = Discover(typeof(Figure));
        var svgHtml = formatters.Single(f => f.Type == typeof(Svg) && f.MimeType == "text/html");
        var writer = new StringWriter();
        Assert.False(svgHtml.Format(Figure.Of(null), writer));
        Assert.Equal("", writer.ToString());
    }
}
