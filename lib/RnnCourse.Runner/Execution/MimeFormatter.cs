// Turns a value into a MIME bundle with the real kernel's rules:
//   - no MIME types asked: a string gives text/plain only; anything else gives text/html;
//   - a type carrying an attribute NAMED TypeFormatterSourceAttribute (any namespace, matched by
//     name through reflection so the library needs no runner reference) is formatted by the
//     formatters of its FormatterSourceType; its PreferredMimeTypes choose which MIME types appear
//     and in what order (default: text/html);
//   - MIME types asked explicitly (display(x, "text/plain", "application/json")): exactly those.
// The convention, which the library's chart types follow:
//   [TypeFormatterSource(typeof(ChartFormatterSource), PreferredMimeTypes = new[] { "text/html" })]
//   class ChartFormatterSource { public IEnumerable<object> CreateTypeFormatters(); }
//   each formatter: string MimeType { get; } and bool Format(object instance, TextWriter writer).
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace RnnCourse.Runner.Execution;

/// <summary>Formats values into MIME bundles.</summary>
public static class MimeFormatter
{
    /// <summary>Items shown for a collection before "... (more)".</summary>
    public const int MaxItems = 20;

    private static readonly ConcurrentDictionary<Type, CustomFormatters?> Custom = new();

    /// <summary>Formats <paramref name="value"/>; see the file comment for the rules.</summary>
    public static OrderedDictionary<string, string> Format(
        object? value,
        IReadOnlyList<string>? mimeTypes = null
    )
    {
        var bundle = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var custom = value is null ? null : Custom.GetOrAdd(value.GetType(), FindCustom);
        IReadOnlyList<string> types =
            mimeTypes is { Count: > 0 } ? mimeTypes
            : value is string ? ["text/plain"]
            : custom?.Preferred is { Length: > 0 } preferred ? preferred
            : ["text/html"];
        foreach (var mime in types)
            bundle[mime] = custom?.TryFormat(value!, mime) ?? FormatDefault(value, mime);
        return bundle;
    }

    /// <summary>The default formatter for one MIME type.</summary>
    public static string FormatDefault(object? value, string mime) =>
        mime switch
        {
            "text/html" => ToHtml(value),
            "text/plain" => ToPlain(value),
            _ when mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal) =>
                ToJson(value),
            _ => value as string ?? ToPlain(value),
        };

    /// <summary>Plain text: strings as is, collections as <c>[ a, b ]</c>, other values by ToString.</summary>
    public static string ToPlain(object? value) =>
        value switch
        {
            null => "<null>",
            string s => s,
            HtmlString h => h.Html,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IDictionary d => "{ "
                + string.Join(
                    ", ",
                    Entries(d).Take(MaxItems).Select(e => $"{ToPlain(e.Key)}: {ToPlain(e.Value)}")
                )
                + (d.Count > MaxItems ? ", ..." : "")
                + " }",
            IEnumerable e => "[ "
                + string.Join(
                    ", ",
                    e.Cast<object?>()
                        .Take(MaxItems + 1)
                        .Select((x, i) => i < MaxItems ? ToPlain(x) : "...")
                )
                + " ]",
            _ => value.ToString() ?? "",
        };

    private static IEnumerable<DictionaryEntry> Entries(IDictionary d)
    {
        var e = d.GetEnumerator(); // IDictionaryEnumerator: DictionaryEntry even for generic dictionaries
        while (e.MoveNext())
            yield return e.Entry;
    }

    /// <summary>JSON through System.Text.Json (falls back to a JSON string of the plain text).</summary>
    public static string ToJson(object? value)
    {
        if (value is string s && LooksLikeJson(s))
            return s;
        try
        {
            return JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object));
        }
        catch (Exception e)
            when (e
                    is NotSupportedException
                        or InvalidOperationException
                        or JsonException
                        or ArgumentException
            )
        {
            return JsonSerializer.Serialize(ToPlain(value));
        }
    }

    private static bool LooksLikeJson(string s)
    {
        try
        {
            using var _ = JsonDocument.Parse(s);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>HTML like the real kernel: scalars in a plaintext block, collections and objects as tables.</summary>
    public static string ToHtml(object? value)
    {
        if (value is HtmlString h)
            return h.Html;
        var sb = new StringBuilder();
        AppendHtml(sb, value, depth: 0);
        return sb.ToString();
    }

    private static void AppendHtml(StringBuilder sb, object? value, int depth)
    {
        switch (value)
        {
            case null:
                sb.Append("<div class=\"dni-plaintext\"><pre>&lt;null&gt;</pre></div>");
                return;
            case HtmlString h:
                sb.Append(h.Html);
                return;
            case string or IFormattable or bool or char or Type:
                sb.Append("<div class=\"dni-plaintext\"><pre>")
                    .Append(Encode(ToPlain(value)))
                    .Append("</pre></div>");
                return;
        }
        if (depth > 1)
        {
            sb.Append(Encode(ToPlain(value)));
            return;
        }
        if (value is IDictionary dict)
        {
            sb.Append("<table><thead><tr><th><i>key</i></th><th>value</th></tr></thead><tbody>");
            var n = 0;
            foreach (DictionaryEntry e in dict)
            {
                if (n++ == MaxItems)
                {
                    sb.Append("<tr><td colspan=\"2\"><i>... (more)</i></td></tr>");
                    break;
                }
                sb.Append("<tr><td>").Append(Encode(ToPlain(e.Key))).Append("</td><td>");
                AppendHtml(sb, e.Value, depth + 1);
                sb.Append("</td></tr>");
            }
            sb.Append("</tbody></table>");
            return;
        }
        if (value is IEnumerable seq)
        {
            var items = seq.Cast<object?>().Take(MaxItems + 1).ToList();
            var columns =
                items.Count > 0 && items.All(i => i is not null && IsRecordLike(i.GetType()))
                    ? Properties(items[0]!.GetType())
                    : null;
            sb.Append("<table><thead><tr><th><i>index</i></th>");
            if (columns is null)
                sb.Append("<th>value</th>");
            else
                foreach (var p in columns)
                    sb.Append("<th>").Append(Encode(p.Name)).Append("</th>");
            sb.Append("</tr></thead><tbody>");
            for (var i = 0; i < items.Count; i++)
            {
                if (i == MaxItems)
                {
                    sb.Append("<tr><td colspan=\"")
                        .Append(1 + (columns?.Length ?? 1))
                        .Append("\"><i>... (more)</i></td></tr>");
                    break;
                }
                sb.Append("<tr><td>").Append(i).Append("</td>");
                if (columns is null)
                {
                    sb.Append("<td>");
                    AppendHtml(sb, items[i], depth + 1);
                    sb.Append("</td>");
                }
                else
                    foreach (var p in columns)
                    {
                        sb.Append("<td>");
                        AppendHtml(sb, SafeGet(p, items[i]!), depth + 1);
                        sb.Append("</td>");
                    }
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table>");
            return;
        }
        var props = Properties(value.GetType());
        sb.Append(
                "<details open=\"open\" class=\"dni-treeview\"><summary><span class=\"dni-code-hint\"><code>"
            )
            .Append(Encode(value.ToString() ?? value.GetType().Name))
            .Append("</code></span></summary><div><table><thead><tr></tr></thead><tbody>");
        foreach (var p in props)
        {
            sb.Append("<tr><td>").Append(Encode(p.Name)).Append("</td><td>");
            AppendHtml(sb, SafeGet(p, value), depth + 1);
            sb.Append("</td></tr>");
        }
        sb.Append("</tbody></table></div></details>");
    }

    private static bool IsRecordLike(Type t) =>
        !t.IsPrimitive
        && t != typeof(string)
        && !typeof(IEnumerable).IsAssignableFrom(t)
        && Properties(t).Length > 0
        && !typeof(IFormattable).IsAssignableFrom(t);

    // Public fields and readable properties, as the real kernel's object table shows them; ref-struct
    // members (Span<T>, which reflection cannot box) are left out.
    private static MemberInfo[] Properties(Type t) =>
        t.GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Where(f => !f.FieldType.IsByRefLike && !f.FieldType.IsPointer)
            .Cast<MemberInfo>()
            .Concat(
                t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p =>
                        p.GetIndexParameters().Length == 0
                        && p.CanRead
                        && !p.PropertyType.IsByRefLike
                        && !p.PropertyType.IsPointer
                    )
            )
            .ToArray();

    private static object? SafeGet(MemberInfo m, object o)
    {
        try
        {
            return m is FieldInfo f ? f.GetValue(o) : ((PropertyInfo)m).GetValue(o);
        }
        catch (TargetInvocationException e)
        {
            return $"<{e.InnerException?.GetType().Name}>";
        }
        catch (NotSupportedException)
        {
            return "<not readable>";
        }
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);

    private static CustomFormatters? FindCustom(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var attr = t.GetCustomAttributes(inherit: false)
                .FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            if (attr is not null)
                return CustomFormatters.From(attr);
        }
        foreach (var i in type.GetInterfaces())
        {
            var attr = i.GetCustomAttributes(inherit: false)
                .FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            if (attr is not null)
                return CustomFormatters.From(attr);
        }
        return null;
    }

    /// <summary>The formatters a TypeFormatterSourceAttribute points at, bound by reflection.</summary>
    private sealed class CustomFormatters
    {
        private readonly List<(
            string Mime,
            Type? Applies,
            Func<object, TextWriter, bool> Format
        )> _formatters = [];

        public string[] Preferred { get; private set; } = [];

        public static CustomFormatters? From(object attribute)
        {
            var at = attribute.GetType();
            if (at.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
                return null;
            var result = new CustomFormatters();
            if (
                at.GetProperty("PreferredMimeTypes")?.GetValue(attribute)
                is IEnumerable<string> preferred
            )
                result.Preferred = preferred.Where(p => !string.IsNullOrEmpty(p)).ToArray();
            var source = Activator.CreateInstance(sourceType, nonPublic: true);
            var create = sourceType.GetMethod(
                "CreateTypeFormatters",
                BindingFlags.Public
                    | BindingFlags.NonPublic
                    | BindingFlags.Instance
                    | BindingFlags.Static,
                Type.EmptyTypes
            );
            if (create?.Invoke(create.IsStatic ? null : source, null) is not IEnumerable formatters)
                return null;
            foreach (var f in formatters)
            {
                if (f is null)
                    continue;
                var ft = f.GetType();
                var mime = ft.GetProperty("MimeType")?.GetValue(f) as string;
                var format = ft.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
                if (mime is null || format is null || format.ReturnType != typeof(bool))
                    continue;
                var applies = ft.GetProperty("Type")?.GetValue(f) as Type;
                result._formatters.Add((mime, applies, (o, w) => (bool)format.Invoke(f, [o, w])!));
            }
            return result;
        }

        public string? TryFormat(object value, string mime)
        {
            foreach (var (m, applies, format) in _formatters)
            {
                if (m != mime || (applies is not null && !applies.IsInstanceOfType(value)))
                    continue;
                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                try
                {
                    if (format(value, writer))
                        return writer.ToString();
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    System
                        .Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException)
                        .Throw();
                }
            }
            return null;
        }
    }
}
