// Display without a dependency. .NET Interactive (Polyglot Notebooks) looks for an attribute whose
// type is NAMED "TypeFormatterSourceAttribute" on a displayed value's type, reads its
// FormatterSourceType and PreferredMimeTypes properties by reflection, creates the source with its
// public parameterless constructor, calls CreateTypeFormatters(), and for every returned object
// reads MimeType (string), optional Type (Type), and binds Format(object, TextWriter) → bool.
// (dotnet/interactive, Formatter.TryRegisterFromConventionBasedFormatterSources.) Our runner
// (rnncourse) follows the same convention, so the library references neither of them.
// The exact contract is written down in docs/charts.md.
namespace RnnCourse.Charts;

/// <summary>
/// Names the class that formats instances of the attributed type for notebook display. Matched by
/// name by .NET Interactive and by the rnncourse runner; see docs/charts.md for the contract.
/// </summary>
[AttributeUsage(
    AttributeTargets.Class | AttributeTargets.Struct,
    AllowMultiple = false,
    Inherited = true
)]
public sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <summary>Declares <paramref name="formatterSourceType"/> as the formatter source of the attributed type.</summary>
    /// <param name="formatterSourceType">A type with a public parameterless constructor and a public <c>CreateTypeFormatters()</c>.</param>
    public TypeFormatterSourceAttribute(Type formatterSourceType)
    {
        FormatterSourceType = formatterSourceType;
    }

    /// <summary>The formatter source: <c>new T().CreateTypeFormatters()</c> returns the formatters.</summary>
    public Type FormatterSourceType { get; }

    /// <summary>The MIME types a front-end should produce for the value, in order of preference.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
