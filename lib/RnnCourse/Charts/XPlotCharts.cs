// XPlot.Plotly charts shown as the course's own charts. XPlot.Plotly 4.1.0's formatter lived in
// XPlot.Plotly.Interactive, which NuGet no longer serves, so in the kernel a PlotlyChart is an
// object tree. Register() adds a text/html formatter for PlotlyChart to the running kernel's
// Formatter (Microsoft.DotNet.Interactive.Formatting), which renders the chart through the same
// fragment as every course chart: one plotly.js, the offline message, the static image of
// `rnncourse run`. Both packages are reached by reflection (KernelFormatter), so the library
// references neither.
// Register() is a deliberate twin in form of PlotlyNetCharts.Register(): each hooks one chart
// package, reached by reflection, into the course's chart fragment.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RnnCourse.Charts;

/// <summary>Displays XPlot.Plotly charts in .NET Interactive as the course's charts.</summary>
public static partial class XPlotCharts
{
    /// <summary>
    /// Registers the formatter for <c>XPlot.Plotly.PlotlyChart</c> with the running kernel; call
    /// it once, best after <c>#r "nuget: XPlot.Plotly, 4.1.0"</c> (called before, it registers
    /// when XPlot.Plotly loads). Calling it again is harmless.
    /// </summary>
    /// <exception cref="InvalidOperationException">No .NET Interactive kernel runs this code, or its Formatter lacks the methods used.</exception>
    // Twin of PlotlyNetCharts.Register: the same formatter registration for the other chart library.
    public static void Register() =>
        KernelFormatter.RegisterFigure(
            "XPlot.Plotly",
            "XPlot.Plotly.PlotlyChart",
            ToFigureJson,
            nameof(XPlotCharts)
        );

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
