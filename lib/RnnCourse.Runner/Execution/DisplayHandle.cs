// Returned by display(...): Update(x) replaces that output in place (live charts, progress bars),
// with the same MIME types that the original call asked for.
namespace RnnCourse.Runner.Execution;

/// <summary>A handle on one displayed output.</summary>
public sealed class DisplayHandle
{
    private readonly OutputCollector _owner;
    private readonly int _index;
    private readonly string[] _mimeTypes;

    internal DisplayHandle(OutputCollector owner, int index, string[] mimeTypes)
    {
        _owner = owner;
        _index = index;
        _mimeTypes = mimeTypes;
    }

    /// <summary>The display id (stable for the life of the session).</summary>
    public string DisplayId => $"{_owner.ExecutionCount}-{_index}";

    /// <summary>Replaces the displayed value.</summary>
    public void Update(object? value) =>
        _owner.Replace(_index, MimeFormatter.Format(value, _mimeTypes));
}
