// An SVG picture (the unfolded computational graph and other diagrams that are not data plots).
// Displayed inline in notebooks through the same [TypeFormatterSource] convention as Figure.
using System.Globalization;
using System.Net;
using System.Text;

namespace RnnCourse.Charts;

/// <summary>An SVG picture: markup plus size. Returning one from a notebook cell displays it.</summary>
[TypeFormatterSource(typeof(ChartFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
public sealed record Svg
{
    /// <summary>Wraps complete SVG markup (an &lt;svg&gt; element).</summary>
    /// <param name="markup">The markup; must start with "&lt;svg".</param>
    /// <param name="title">A short description (used as the page title and in text output).</param>
    /// <exception cref="ArgumentException">The markup is not an svg element.</exception>
    public Svg(string markup, string title)
    {
        if (markup is null || !markup.TrimStart().StartsWith("<svg", StringComparison.Ordinal))
            throw new ArgumentException(
                "SVG markup must start with an <svg> element.",
                nameof(markup)
            );
        Markup = markup;
        Title = title;
    }

    /// <summary>The &lt;svg&gt; element.</summary>
    public string Markup { get; }

    /// <summary>A short description.</summary>
    public string Title { get; }

    /// <summary>HTML for a notebook or page: the SVG inside a div.</summary>
    public string ToHtml() => "<div class=\"rnncourse-svg\">" + Markup + "</div>";

    /// <summary>Writes the SVG to a file (.svg: the bare image; anything else: a standalone HTML page).</summary>
    /// <param name="path">The file; its folder is created if missing.</param>
    /// <returns>The absolute path written.</returns>
    public string Save(string path) =>
        Html.Save(
            path,
            Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Markup + "\n"
                : Html.Page(Title, ToHtml() + "\n", plotlyJs: null)
        );

    /// <summary>The MIME bundle: text/html, image/svg+xml and text/plain.</summary>
    public IReadOnlyDictionary<string, string> ToMimeBundle() =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [MimeTypes.Html] = ToHtml(),
            [MimeTypes.Svg] = Markup,
            [MimeTypes.PlainText] = ToString(),
        };

    /// <summary>"Svg: title".</summary>
    public override string ToString() => "Svg: " + Title;
}

/// <summary>A small writer of SVG elements with invariant number formatting and escaped text.</summary>
internal sealed class SvgBuilder
{
    private readonly StringBuilder _sb = new();

    internal SvgBuilder(double width, double height, string ariaLabel)
    {
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
            .Append(N(width))
            .Append("\" height=\"")
            .Append(N(height))
            .Append("\" viewBox=\"0 0 ")
            .Append(N(width))
            .Append(' ')
            .Append(N(height))
            .Append("\" role=\"img\" aria-label=\"")
            .Append(Esc(ariaLabel))
            .Append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n");
    }

    internal static string N(double v) =>
        Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for SVG/HTML content and attributes.</summary>
    internal static string Esc(string s) => WebUtility.HtmlEncode(s);

    internal SvgBuilder Raw(string markup)
    {
        _sb.Append(markup).Append('\n');
        return this;
    }

    internal SvgBuilder Line(double x1, double y1, double x2, double y2, string attrs) =>
        Raw($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" {attrs}/>");

    internal SvgBuilder Path(string d, string attrs) => Raw($"<path d=\"{d}\" {attrs}/>");

    internal SvgBuilder Circle(double cx, double cy, double r, string attrs) =>
        Raw($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" {attrs}/>");

    internal SvgBuilder Rect(double x, double y, double w, double h, string attrs) =>
        Raw($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" {attrs}/>");

    /// <summary>Text with an optional subscript (drawn smaller and lower).</summary>
    internal SvgBuilder Text(double x, double y, string text, string? subscript, string attrs)
    {
        var sub = subscript is null
            ? ""
            : $"<tspan font-size=\"70%\" dy=\"0.35em\">{Esc(subscript)}</tspan>";
        return Raw($"<text x=\"{N(x)}\" y=\"{N(y)}\" {attrs}>{Esc(text)}{sub}</text>");
    }

    internal string Build() => _sb.ToString() + "</svg>";
}
