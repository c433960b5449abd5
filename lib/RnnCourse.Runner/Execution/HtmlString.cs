// The value returned by HTML("..."): formatted as text/html verbatim, like the real kernel's
// IHtmlContent.
namespace RnnCourse.Runner.Execution;

/// <summary>HTML markup displayed as is (<c>text/html</c>).</summary>
/// <param name="Html">The markup.</param>
public sealed record HtmlString(string Html)
{
    /// <inheritdoc/>
    public override string ToString() => Html;
}
