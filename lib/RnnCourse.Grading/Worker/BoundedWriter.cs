// Console capture with a cap: a submission printing without end costs memory up to the cap and
// then only a counter, so "huge output" can neither exhaust the worker nor flood the report.
using System.Text;

namespace RnnCourse.Grading.Worker;

/// <summary>A thread-safe text writer keeping the first <c>cap</c> characters and counting the rest.</summary>
public sealed class BoundedWriter(int cap) : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();
    private long _dropped;

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Returns the captured text and the dropped count, and starts afresh.</summary>
    public (string Text, long Dropped) Take()
    {
        lock (_lock)
        {
            var r = (_text.ToString(), _dropped);
            _text.Clear();
            _dropped = 0;
            return r;
        }
    }

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_lock)
        {
            if (_text.Length < cap)
            {
                _text.Append(value);
            }
            else
            {
                _dropped++;
            }
        }
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }
        lock (_lock)
        {
            int room = Math.Max(0, cap - _text.Length);
            int keep = Math.Min(room, value.Length);
            _text.Append(value, 0, keep);
            _dropped += value.Length - keep;
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) =>
        Write(new string(buffer, index, count));
}
