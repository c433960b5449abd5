// Resolves `#r` directives in graded notebooks. A course notebook loads the course libraries by a
// path relative to its own folder (`#r "../lib/RnnCourse/bin/Release/net10.0/RnnCourse.dll"`),
// which means nothing inside a grading sandbox. References to the course's own assemblies are
// therefore answered with the copies the grader itself runs on (the same build that compiles the
// hidden tests, so types match and a student cannot substitute a modified library); every other
// reference resolves as before, against the assignment's base directory.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace RnnCourse.Grading.Worker;

/// <summary>A metadata resolver that pins the course assemblies (RnnCourse, RnnCourse.Grading) to the grader's own copies.</summary>
public sealed class CourseMetadataResolver
    : MetadataReferenceResolver,
        IEquatable<CourseMetadataResolver>
{
    private static readonly Dictionary<string, string> CourseAssemblies = new(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["RnnCourse.dll"] = typeof(RnnCourse.Numerics.Rng).Assembly.Location,
        ["RnnCourse.Grading.dll"] = typeof(GradedTestAttribute).Assembly.Location,
    };

    private readonly ScriptMetadataResolver _inner;

    /// <summary>Resolves other relative references against <paramref name="baseDirectory"/>.</summary>
    public CourseMetadataResolver(string baseDirectory)
    {
        _inner = ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory);
    }

    /// <inheritdoc />
    public override bool ResolveMissingAssemblies => _inner.ResolveMissingAssemblies;

    /// <inheritdoc />
    public override ImmutableArray<PortableExecutableReference> ResolveReference(
        string reference,
        string? baseFilePath,
        MetadataReferenceProperties properties
    )
    {
        var name = Path.GetFileName(reference.Replace('\\', '/'));
        if (CourseAssemblies.TryGetValue(name, out var location) && !string.IsNullOrEmpty(location))
        {
            return [MetadataReference.CreateFromFile(location, properties)];
        }
        return _inner.ResolveReference(reference, baseFilePath, properties);
    }

    /// <inheritdoc />
    public override PortableExecutableReference? ResolveMissingAssembly(
        MetadataReference definition,
        AssemblyIdentity referenceIdentity
    ) => _inner.ResolveMissingAssembly(definition, referenceIdentity);

    /// <inheritdoc />
    public bool Equals(CourseMetadataResolver? other) =>
        other is not null && _inner.Equals(other._inner);

    /// <inheritdoc />
    public override bool Equals(object? other) => Equals(other as CourseMetadataResolver);

    /// <inheritdoc />
    public override int GetHashCode() => _inner.GetHashCode();
}
