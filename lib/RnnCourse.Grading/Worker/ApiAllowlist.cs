// What student code may call: an allowlist of namespaces and types (pure computation: the course
// library's compute API, Math, primitives, strings, spans, collections, LINQ over objects, Task and
// Parallel), with named members taken back out (Object.GetType, the course library's file and
// network members). Anything not on the list is refused with the member's name and the reason
// for its family (files, reflection, expression trees, threads, processes, …). Declarations of
// the submission itself and of earlier cells are the student's own code and always allowed.
using Microsoft.CodeAnalysis;

namespace RnnCourse.Grading.Worker;

/// <summary>Decides whether a symbol may be used by an exercise cell.</summary>
public static class ApiAllowlist
{
    // Every type in these namespaces (not their sub-namespaces unless listed too).
    private static readonly HashSet<string> AllowedNamespaces =
    [
        "System.Collections",
        "System.Collections.Generic",
        "System.Collections.Concurrent",
        "System.Collections.Immutable",
        "System.Collections.ObjectModel",
        "System.Collections.Specialized",
        "System.Linq",
        "System.Numerics",
        "System.Text",
        "System.Text.RegularExpressions",
        "System.Globalization",
        "System.Buffers",
        "System.Threading.Tasks",
        "RnnCourse",
        "RnnCourse.Numerics",
        "RnnCourse.Bptt",
        "RnnCourse.Bptt.Kernels",
        "RnnCourse.Cells",
        "RnnCourse.Charts",
        "RnnCourse.Correctness",
        "RnnCourse.Data",
        "RnnCourse.Layers",
        "RnnCourse.Losses",
        "RnnCourse.Models",
        "RnnCourse.Text",
        "RnnCourse.Training",
        "RnnCourse.Interop",
        // The test-authoring API (Check, GradingContext): students may assert in their own code.
        "RnnCourse.Grading",
    ];

    // Types allowed one by one (namespace + metadata name).
    private static readonly HashSet<string> AllowedTypes =
    [
        .. new[]
        {
            "Object",
            "Void",
            "ValueType",
            "Enum",
            "String",
            "Char",
            "Boolean",
            "Byte",
            "SByte",
            "Int16",
            "UInt16",
            "Int32",
            "UInt32",
            "Int64",
            "UInt64",
            "Int128",
            "UInt128",
            "Half",
            "Single",
            "Double",
            "Decimal",
            "Math",
            "MathF",
            "Array",
            "Span`1",
            "ReadOnlySpan`1",
            "Memory`1",
            "ReadOnlyMemory`1",
            "MemoryExtensions",
            "Range",
            "Index",
            "Nullable",
            "Nullable`1",
            "Tuple",
            "ValueTuple",
            "Random",
            "Convert",
            "BitConverter",
            "TimeSpan",
            "DateTime",
            "DateTimeOffset",
            "Guid",
            "HashCode",
            "Lazy`1",
            "StringComparison",
            "StringComparer",
            "StringSplitOptions",
            "MidpointRounding",
            "FormattableString",
            "Predicate`1",
            "Comparison`1",
            "Converter`2",
            "Attribute",
            "AttributeUsageAttribute",
            "AttributeTargets",
            "FlagsAttribute",
            "ObsoleteAttribute",
            "Console",
            "Environment",
        }.Select(t => "System." + t),
        "System.IO.StringWriter",
        "System.IO.StringReader",
        "System.IO.TextWriter",
        "System.IO.TextReader",
        "System.Diagnostics.Stopwatch",
        "System.Threading.Interlocked",
        "System.Threading.CancellationToken",
        "System.Threading.CancellationTokenSource",
        "System.Runtime.CompilerServices.TaskAwaiter",
        "System.Runtime.CompilerServices.TaskAwaiter`1",
        "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
        "System.Runtime.CompilerServices.ConfiguredTaskAwaitable",
        "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1",
        "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1",
        "System.Runtime.CompilerServices.YieldAwaitable",
    ];

    // Members refused on allowed types ("*": the whole type), with the reason.
    private static readonly Dictionary<string, (string[] Members, string Why)> DeniedMembers = new()
    {
        ["System.Object"] = (["GetType"], "reflection is not allowed in exercise cells"),
        ["System.Linq.Queryable"] = (["*"], "expression trees compile code at run time"),
        ["System.Linq.EnumerableQuery`1"] = (["*"], "expression trees compile code at run time"),
        ["RnnCourse.Training.Checkpoint"] = (
            ["*"],
            "the course library's file I/O is not allowed in exercise cells"
        ),
        ["RnnCourse.Data.DatasetDownloader"] = (
            ["*"],
            "downloads are not allowed in exercise cells"
        ),
        ["RnnCourse.Data.Quijote"] = (
            ["Load", "LoadAsync", "DefaultCacheDirectory"],
            "the course library's file and network I/O is not allowed in exercise cells"
        ),
        ["RnnCourse.Charts.ChartPage"] = (
            ["Save"],
            "the course library's file I/O is not allowed in exercise cells"
        ),
        ["RnnCourse.Charts.Figure"] = (
            ["SaveHtml"],
            "the course library's file I/O is not allowed in exercise cells"
        ),
        ["RnnCourse.Charts.Svg"] = (
            ["Save"],
            "the course library's file I/O is not allowed in exercise cells"
        ),
        ["RnnCourse.Charts.PlotlyJs"] = (
            ["FromFile", "Inline"],
            "the course library's file I/O is not allowed in exercise cells"
        ),
        ["RnnCourse.Interop.SafeTensors"] = (
            ["Read", "Write"],
            "the course library's file I/O is not allowed in exercise cells (use the byte[] overloads)"
        ),
    };

    // Members allowed on otherwise restricted types.
    private static readonly Dictionary<string, HashSet<string>> OnlyMembers = new()
    {
        ["System.Console"] = ["Write", "WriteLine", "Out"],
        ["System.Environment"] = ["NewLine", "ProcessorCount", "TickCount", "TickCount64"],
    };

    /// <summary>Why <paramref name="symbol"/> may not be used, or null when it may.</summary>
    public static string? Refusal(ISymbol symbol)
    {
        switch (symbol)
        {
            case INamespaceSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol:
            case IRangeVariableSymbol or IDiscardSymbol or ITypeParameterSymbol:
                return null;
            case IAliasSymbol alias:
                return Refusal(alias.Target);
            case IArrayTypeSymbol array:
                return Refusal(array.ElementType);
            case IDynamicTypeSymbol:
                return "uses dynamic: not allowed in exercise cells";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "uses a pointer: unsafe code is not allowed in exercise cells";
            case IMethodSymbol { ReducedFrom: { } extension }:
                return Refusal(extension);
            case INamedTypeSymbol { IsGenericType: true } generic
                when !SymbolEqualityComparer.Default.Equals(generic, generic.OriginalDefinition):
                return Refusal(generic.OriginalDefinition)
                    ?? generic.TypeArguments.Select(Refusal).FirstOrDefault(r => r is not null);
        }
        if (symbol.ContainingAssembly is { IsInteractive: true })
        {
            return null; // declared by this or an earlier cell
        }
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        while (type?.ContainingType is not null)
        {
            type = type.ContainingType;
        }
        if (type is null)
        {
            return null;
        }
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n
            ? n.ToDisplayString()
            : "";
        var typeName = ns.Length > 0 ? ns + "." + type.MetadataName : type.MetadataName;
        var display = symbol is INamedTypeSymbol ? typeName : $"{typeName}.{symbol.Name}";
        if (
            DeniedMembers.TryGetValue(typeName, out var denied)
            && (denied.Members.Contains("*") || denied.Members.Contains(symbol.Name))
        )
        {
            return $"uses {display}: {denied.Why}";
        }
        if (
            OnlyMembers.TryGetValue(typeName, out var only)
            && symbol is not INamedTypeSymbol
            && !only.Contains(symbol.Name)
        )
        {
            return $"uses {display}: only {string.Join(", ", only.Order())} of {typeName} may be used in exercise cells";
        }
        if (
            type.ContainingAssembly?.Name == "RnnCourse"
            && symbol is IMethodSymbol m
            && m.Parameters.Any(IsPathParameter)
        )
        {
            return $"uses {display}: the course library's file I/O is not allowed in exercise cells";
        }
        if (
            AllowedTypes.Contains(typeName)
            || AllowedNamespaces.Contains(ns)
            || IsSystemException(type, ns)
            || IsSystemDelegateOrInterface(type, ns)
        )
        {
            return null;
        }
        return $"uses {display}: {Why(ns, typeName)}";
    }

    private static bool IsPathParameter(IParameterSymbol p) =>
        p.Type.SpecialType == SpecialType.System_String
        && (
            p.Name.Contains("path", StringComparison.OrdinalIgnoreCase)
            || p.Name.Contains("file", StringComparison.OrdinalIgnoreCase)
            || p.Name.Contains("dir", StringComparison.OrdinalIgnoreCase)
            || p.Name.Contains("folder", StringComparison.OrdinalIgnoreCase)
        );

    // System's exception types (ArgumentException, InvalidOperationException, …) are for throwing.
    private static bool IsSystemException(INamedTypeSymbol type, string ns)
    {
        if (ns != "System")
        {
            return false;
        }
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "Exception" && t.ContainingNamespace?.Name == "System")
            {
                return true;
            }
        }
        return false;
    }

    // Func/Action, tuples of any arity and System's interfaces (IComparable, IEquatable,
    // IDisposable, generic math): data and contracts, not capabilities. System.Delegate and
    // MulticastDelegate themselves are not.
    private static bool IsSystemDelegateOrInterface(INamedTypeSymbol type, string ns) =>
        ns == "System"
        && (
            type.TypeKind == TypeKind.Interface
            || type.Name is "ValueTuple" or "Tuple"
            || (type.TypeKind == TypeKind.Delegate && type.Name is "Func" or "Action")
        );

    // The reason for a refused family, by namespace prefix (first match wins).
    private static readonly (string[] Prefixes, string Why)[] Families =
    [
        (["System.Reflection"], "reflection is not allowed in exercise cells"),
        (
            ["System.Linq.Expressions"],
            "expression trees compile code at run time; not allowed in exercise cells"
        ),
        (["System.IO"], "files are not allowed in exercise cells (work in memory)"),
        (["System.Net"], "network access is not allowed"),
        (["System.Threading"], "threads are not allowed in exercise cells (use Task or Parallel)"),
        (["System.Diagnostics"], "processes and diagnostics are not allowed in exercise cells"),
        (["System.Runtime"], "runtime and interop services are not allowed in exercise cells"),
        (
            ["RnnCourse.Grading", "RnnCourse.Interactive", "Microsoft"],
            "the grader's and kernel's own code is not allowed in exercise cells"
        ),
    ];

    private static string Why(string ns, string typeName)
    {
        if (
            typeName
            is "System.Delegate"
                or "System.MulticastDelegate"
                or "System.Type"
                or "System.Activator"
                or "System.AppDomain"
        )
        {
            return "reflection is not allowed in exercise cells";
        }
        foreach (var (prefixes, why) in Families)
        {
            if (prefixes.Any(p => ns == p || ns.StartsWith(p + ".", StringComparison.Ordinal)))
            {
                return why;
            }
        }
        return "not on the list of APIs exercise cells may use (math, collections, LINQ, strings, spans, Task/Parallel and the course library; see docs/grading.md)";
    }
}
