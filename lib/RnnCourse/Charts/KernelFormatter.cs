// Registers a text/html formatter with the running .NET Interactive kernel's Formatter
// (Microsoft.DotNet.Interactive.Formatting) for a type of a package the library does not reference
// (XPlot.Plotly's PlotlyChart, Plotly.NET's GenericChart), all by reflection. `#r "nuget: …"` only
// references a package; the kernel loads its assembly when code first uses it, so the assembly is
// asked for by name through the kernel's resolver and, failing that, the formatter is registered
// when it loads.
using System.Reflection;

namespace RnnCourse.Charts;

internal static class KernelFormatter
{
    private const string FormatterType =
        "Microsoft.DotNet.Interactive.Formatting.Formatter, Microsoft.DotNet.Interactive.Formatting";

    /// <summary>
    /// Shows instances of <paramref name="typeName"/> (and its subtypes) as the course's chart
    /// fragment of the figure JSON <paramref name="toFigureJson"/> makes of them, now or when
    /// <paramref name="assemblyName"/> loads.
    /// </summary>
    /// <exception cref="InvalidOperationException">No .NET Interactive kernel runs this code, or its Formatter lacks the methods used.</exception>
    internal static void RegisterFigure(
        string assemblyName,
        string typeName,
        Func<object, string> toFigureJson,
        string caller
    )
    {
        var formatter =
            Type.GetType(FormatterType)
            ?? throw new InvalidOperationException(
                $"No .NET Interactive kernel is running this code (Microsoft.DotNet.Interactive.Formatting is not loaded): {caller}.Register() is for notebooks. Elsewhere call {caller}.ToFigureJson(chart)."
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
                "This .NET Interactive's Formatter has no Register(Type, Action<object, TextWriter>, string) or SetPreferredMimeTypesFor: the course supports the kernel of Microsoft.dotnet-interactive 1.0.712001."
            );
        Action<object, TextWriter> write = (value, writer) =>
            writer.Write(new FigureJson(toFigureJson(value)).ToHtml());
        void RegisterFor(Assembly assembly)
        {
            if (assembly.GetType(typeName) is { } type)
            {
                register.Invoke(null, [type, write, MimeTypes.Html]);
                prefer.Invoke(null, [type, new[] { MimeTypes.Html }]);
            }
        }
        if (Load(assemblyName) is { } loaded)
        {
            RegisterFor(loaded);
            return;
        }
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
        {
            if (e.LoadedAssembly.GetName().Name == assemblyName)
                RegisterFor(e.LoadedAssembly);
        };
    }

    /// <summary>The assembly, already loaded or loaded now through the kernel's resolver; null when not referenced.</summary>
    internal static Assembly? Load(string assemblyName)
    {
        var loaded = AppDomain
            .CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => a.GetName().Name == assemblyName);
        if (loaded is not null)
            return loaded;
        try
        {
            return Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
