// Plotly.NET 6 charts in the published kernel VS Code runs (Microsoft.dotnet-interactive
// 1.0.712001). Plotly.NET 6 is built against FSharp.Core 10.1.0.0; the kernel carries and has
// loaded FSharp.Core 10.0.0.0, so the first chart fails to bind FSharp.Core. Register() answers
// the default load context's request for FSharp.Core with the copy already loaded (what a binding
// redirect did on .NET Framework), then shows a GenericChart through the course's chart fragment
// from Plotly.NET's own figure JSON (GenericChart.toFigureJson). Plotly.NET.Interactive is not
// needed (and its formatter would compete with this one). Reached by reflection: the library
// references neither package.
using System.Reflection;
using System.Runtime.Loader;

namespace RnnCourse.Charts;

/// <summary>Displays Plotly.NET charts (<c>GenericChart</c>) in .NET Interactive as the course's charts.</summary>
public static class PlotlyNetCharts
{
    /// <summary>
    /// Lets Plotly.NET run on the kernel's FSharp.Core and registers the formatter for
    /// <c>Plotly.NET.GenericChart</c>; call it once, after <c>#r "nuget: Plotly.NET.CSharp, 0.14.0"</c>
    /// and before the first chart. Calling it again is harmless.
    /// </summary>
    /// <exception cref="InvalidOperationException">No .NET Interactive kernel runs this code.</exception>
    // Twin of XPlotCharts.Register: the same formatter registration for the other chart library.
    public static void Register()
    {
        AssemblyLoadContext.Default.Resolving -= LoadedFSharpCore;
        AssemblyLoadContext.Default.Resolving += LoadedFSharpCore;
        KernelFormatter.RegisterFigure(
            "Plotly.NET",
            "Plotly.NET.GenericChart",
            ToFigureJson,
            nameof(PlotlyNetCharts)
        );
    }

    /// <summary>The plotly.js figure JSON of a Plotly.NET <c>GenericChart</c> (Plotly.NET's <c>GenericChart.toFigureJson</c>).</summary>
    /// <param name="chart">A <c>Plotly.NET.GenericChart</c>, e.g. from <c>Plotly.NET.CSharp.Chart.Line</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="chart"/> is not a GenericChart.</exception>
    public static string ToFigureJson(object chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var assembly = chart.GetType().Assembly;
        var genericChart = assembly.GetType("Plotly.NET.GenericChart");
        if (genericChart is null || !genericChart.IsInstanceOfType(chart))
            throw new ArgumentException(
                $"Expected a Plotly.NET GenericChart (from Plotly.NET.CSharp.Chart.Line(...) and the like), got {chart.GetType().FullName}.",
                nameof(chart)
            );
        var toFigureJson =
            assembly
                .GetExportedTypes()
                .Select(t =>
                    t.GetMethod(
                        "toFigureJson",
                        BindingFlags.Public | BindingFlags.Static,
                        [genericChart]
                    )
                )
                .FirstOrDefault(m => m is not null)
            ?? throw new InvalidOperationException(
                $"This Plotly.NET ({assembly.GetName().Version}) has no GenericChart.toFigureJson: the course supports Plotly.NET 6."
            );
        return (string)toFigureJson.Invoke(null, [chart])!;
    }

    private static Assembly? LoadedFSharpCore(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == "FSharp.Core"
            ? AppDomain
                .CurrentDomain.GetAssemblies()
                .FirstOrDefault(a => a.GetName().Name == "FSharp.Core")
            : null;
}
