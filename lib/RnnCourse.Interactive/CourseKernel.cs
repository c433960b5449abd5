// The kernel VS Code talks to, built from the same packages: `dotnet-interactive stdio` creates a
// CompositeKernel with a C# kernel (#r "nuget:", kernel helpers such as display/HTML, #!who, value
// sharing), an HTML kernel and a value store, and sets the browser formatter environment (HTML by
// default, strings as plain text). Reference: dotnet/interactive, src/dotnet-interactive/
// KernelBuilder.cs and CommandLine/CommandLineParser.cs (stdio command). The F#, PowerShell,
// Mermaid and HTTP kernels of the tool are not part of the course; their cells get a per-cell error.
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace RnnCourse.Interactive;

/// <summary>Creates the C# kernel the course's notebooks run in.</summary>
public static class CourseKernel
{
    /// <summary>The name cells are submitted to (the tool's <c>--default-kernel csharp</c>).</summary>
    public const string CSharpName = "csharp";

    /// <summary>The usings the C# kernel gives every cell (not <c>System.IO</c>): a file-based
    /// export must state them, and the grader protects the names they bring in.</summary>
    public static readonly IReadOnlyList<string> DefaultUsings =
    [
        "System",
        "System.Text",
        "System.Collections",
        "System.Collections.Generic",
        "System.Threading.Tasks",
        "System.Linq",
    ];

    /// <summary>
    /// A composite kernel set up as <c>dotnet-interactive stdio</c> sets it up for VS Code. The
    /// formatter defaults are process-wide (they are static in .NET Interactive), as in the tool.
    /// </summary>
    public static CompositeKernel Create()
    {
        var composite = new CompositeKernel { FrontendEnvironment = new BrowserEnvironment() };
        var csharp = new CSharpKernel()
            .UseNugetDirective(
                (kernel, packages) =>
                {
                    kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                    return Task.CompletedTask;
                }
            )
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        composite.Add(csharp, ["c#", "C#"]);
        composite.Add(new HtmlKernel());
        composite.Add(new KeyValueStoreKernel().UseWho());
        composite.DefaultKernelName = CSharpName;
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);
        return composite;
    }

    /// <summary>The tool's <c>BrowserFrontendEnvironment</c> (an empty marker type in the tool,
    /// which the packages do not ship).</summary>
    private sealed class BrowserEnvironment : FrontendEnvironment;
}
