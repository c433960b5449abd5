// Shows a value as an output of the running notebook cell and returns a way to redraw it in place.
// The kernel is found by reflection, so the library does not depend on the kernel's packages:
// KernelInvocationContext.Current.Display(value, mimeType) publishes DisplayedValueProduced, and
// the DisplayedValue it returns publishes DisplayedValueUpdated with the same value id, which is
// what VS Code needs to redraw that output (in .NET Interactive 1.0.712001 the handle returned by
// the `display(value)` helper publishes its updates under a new id, so VS Code shows a second copy).
// Outside a kernel, a program exported by `rnncourse export --to cs` defines a static class
// NotebookHost with display(value, mimeTypes) returning a handle with Update(value); the chart is
// shown through it (one HTML file, rewritten on each redraw).
using System.Reflection;

namespace RnnCourse.Charts;

/// <summary>Displays values through the running .NET Interactive kernel.</summary>
internal static class NotebookDisplay
{
    private const string Assembly = "Microsoft.DotNet.Interactive";

    /// <summary>
    /// Displays <paramref name="value"/> in the running cell (or through an exported program's
    /// NotebookHost); returns its in-place update, or null when there is neither (a test, another
    /// console program).
    /// </summary>
    public static Action<object>? Show(object value, string mimeType) =>
        ShowInKernel(value, mimeType) ?? ShowInExportedProgram(value, mimeType);

    private static Action<object>? ShowInExportedProgram(object value, string mimeType)
    {
        var host = System.Reflection.Assembly.GetEntryAssembly()?.GetType("NotebookHost");
        var display = host?.GetMethod(
            "display",
            BindingFlags.Public | BindingFlags.Static,
            [typeof(object), typeof(string[])]
        );
        var handle = display?.Invoke(null, [value, new[] { mimeType }]);
        var update = handle?.GetType().GetMethod("Update", [typeof(object)]);
        return update is null ? null : v => update.Invoke(handle, [v]);
    }

    private static Action<object>? ShowInKernel(object value, string mimeType)
    {
        var contextType = Type.GetType($"{Assembly}.KernelInvocationContext, {Assembly}");
        var extensions = Type.GetType($"{Assembly}.KernelInvocationContextExtensions, {Assembly}");
        var current = contextType
            ?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)
            ?.GetValue(null);
        if (current is null || extensions is null)
            return null;
        var display = extensions.GetMethod(
            "Display",
            BindingFlags.Public | BindingFlags.Static,
            [contextType!, typeof(object), typeof(string[])]
        );
        var displayed = display?.Invoke(null, [current, value, new[] { mimeType }]);
        var update = displayed?.GetType().GetMethod("Update", [typeof(object)]);
        return update is null ? null : v => update.Invoke(displayed, [v]);
    }
}
