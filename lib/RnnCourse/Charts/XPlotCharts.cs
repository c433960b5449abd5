// XPlot.Plotly charts shown as the course's own charts. XPlot.Plotly 4.1.0's formatter lived in
// XPlot.Plotly.Interactive, which NuGet no longer serves, so in the kernel a PlotlyChart is an
// object tree. Register() adds a text/html formatter for PlotlyChart to the running kernel's
// Formatter (Microsoft.DotNet.Interactive.Formatting), which renders the chart through the same
// fragment as every course chart: one plotly.js, the offline message, the static image of
// `rnncourse run`. Both packages are reached by reflection, so the library references neither.
// `#r "nuget: …"` only references XPlot.Plotly; the kernel loads it when code first uses it, so
// Register asks the kernel's resolver for it by name and, failing that, registers when it loads.
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RnnCourse.Charts;

/// <summary>Displays XPlot.Plotly charts in .NET Interactive as the course's charts.</summary>
public static partial class XPlotCharts
{
    private const string FormatterType =
        "Microsoft.DotNet.Interactive.Formatting.Formatter, Microsoft.DotNet.Interactive.Formatting";

    /// <summary>
    /// Registers the formatter for <c>XPlot.Plotly.PlotlyChart</c> with the running kernel; call
    /// it once, best after <c>#r "nuget: XPlot.Plotly, 4.1.0"</c> (called before, it registers
    /// when XPlot.Plotly loads). Calling it again is harmless.
    /// </summary>
    /// <exception cref="InvalidOperationException">No .NET Interactive kernel runs this code, or its Formatter lacks the methods used.</exception>
    public static void Register()
    {
        var formatter =
            Type.GetType(FormatterType)
            ?? throw new InvalidOperationException(
                "No .NET Interactive kernel is running this code (Microsoft.DotNet.Interactive.Formatting is not loaded): "
                    + "XPlotCharts.Register() is for notebooks. Elsewhere call XPlotCharts.ToFigureJson(chart) or save with its own chart.Show()."
            );
        var register = formatter.GetMethod(
            "Register",
            BindingFlags.Public | BindingFlags.Static,
            [typeof(Type), typeof(Action<object, TextWriter>), typeof(string)]
        );
        var prefer = formatter.GetMethod(
            "SetPreferredMimeTypesFor",
            BindingFlags.Public | BindingFlags.Static,
            [typeof(Type), typeof(string[])]
        );
        if (register is null || prefer is null)
            throw new InvalidOperationException(
                $"This .NET Interactive's Formatter has no Register(Type, Action<object, TextWriter>, string) or SetPreferredMimeTypesFor: the course supports the kernel of Microsoft.dotnet-interactive 1.0.712001."
            );
        Action<object, TextWriter> write = (chart, writer) =>
            writer.Write(new FigureJson(ToFigureJson(chart)).ToHtml());
        void RegisterFor(Assembly xplot)
        {
            if (xplot.GetType("XPlot.Plotly.PlotlyChart") is { } chartType)
            {
                register.Invoke(null, [chartType, write, MimeTypes.Html]);
                prefer.Invoke(null, [chartType, new[] { MimeTypes.Html }]);
            }
        }
        if (LoadXPlot() is { } loaded)
        {
            RegisterFor(loaded);
            return;
        }
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
        {
            if (e.LoadedAssembly.GetName().Name == XPlotAssembly)
                RegisterFor(e.LoadedAssembly);
        };
    }

    private const string XPlotAssembly = "XPlot.Plotly";

    /// <summary>XPlot.Plotly, already loaded or loaded now through the kernel's resolver; null when not referenced.</summary>
    private static Assembly? LoadXPlot()
    {
        var loaded = AppDomain
            .CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == XPlotAssembly);
        if (loaded is not null)
            return loaded;
        try
        {
            return Assembly.Load(new AssemblyName(XPlotAssembly));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The plotly.js figure JSON (<c>{"data":[…],"layout":{…}}</c>) of an XPlot.Plotly
    /// <c>PlotlyChart</c>, with the string titles XPlot writes turned into the <c>{"text":…}</c>
    /// objects plotly.js 3 and later read.
    /// </summary>
    /// <param name="chart">An <c>XPlot.Plotly.PlotlyChart</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="chart"/> is not a PlotlyChart.</exception>
    public static string ToFigureJson(object chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (chart.GetType().FullName != "XPlot.Plotly.PlotlyChart")
            throw new ArgumentException(
                $"Expected an XPlot.Plotly.PlotlyChart (from Chart.Plot(...)), got {chart.GetType().FullName}.",
                nameof(chart)
            );
        // GetPlottingJS() writes "var data = [...];" and "var layout = {...};", one line each.
        var js = (string)chart.GetType().GetMethod("GetPlottingJS")!.Invoke(chart, null)!;
        var data = JsonNode.Parse(DataLine().Match(js).Groups[1].Value) ?? new JsonArray();
        var layout = JsonNode.Parse(LayoutLine().Match(js).Groups[1].Value) as JsonObject ?? [];
        TitleAsObject(layout);
        foreach (var (key, axis) in layout)
            if (Axis().IsMatch(key) && axis is JsonObject a)
                TitleAsObject(a);
        var figure = new JsonObject { ["data"] = data, ["layout"] = layout };
        return figure.ToJsonString(PlotlyJson.Options);
    }

    private static void TitleAsObject(JsonObject node)
    {
        if (node["title"] is JsonValue v && v.TryGetValue(out string? text))
            node["title"] = new JsonObject { ["text"] = text };
    }

    [GeneratedRegex(@"var data = (.*);\s*$", RegexOptions.Multiline)]
    private static partial Regex DataLine();

    [GeneratedRegex(@"var layout = (.*);\s*$", RegexOptions.Multiline)]
    private static partial Regex LayoutLine();

    [GeneratedRegex("^[xyz]axis[0-9]*$")]
    private static partial Regex Axis();
}
