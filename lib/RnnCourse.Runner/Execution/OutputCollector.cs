// Collects one cell's outputs in the order they happen: console writes are merged into the last
// stream output of the same name (as Jupyter does), displays are appended. Thread-safe, because
// user code may write from other threads. Enforces the per-cell output size limit: past it,
// output is dropped and one note says how much.
using RnnCourse.Runner.Notebooks;

namespace RnnCourse.Runner.Execution;

/// <summary>The outputs of one running cell.</summary>
public sealed class OutputCollector
{
    private readonly List<CellOutput> _outputs = [];
    private readonly object _gate = new();
    private readonly long _maxChars;
    private readonly Action<OutputUpdate>? _lateUpdate;
    private long _size;
    private long _dropped;
    private CellOutput? _note;
    private readonly System.Text.StringBuilder _pending = new();
    private CellOutput? _pendingOwner;

    /// <param name="executionCount">The cell's execution count (names its display ids).</param>
    /// <param name="maxChars">Output size limit in characters.</param>
    /// <param name="lateUpdate">Called when an output is replaced after the cell finished.</param>
    public OutputCollector(
        int executionCount,
        long maxChars,
        Action<OutputUpdate>? lateUpdate = null
    )
    {
        ExecutionCount = executionCount;
        _maxChars = maxChars;
        _lateUpdate = lateUpdate;
    }

    /// <summary>The owning cell's execution count.</summary>
    public int ExecutionCount { get; }

    /// <summary>Whether the cell has finished (later replacements become <see cref="OutputUpdate"/>s).</summary>
    public bool IsSealed { get; private set; }

    /// <summary>Whether output was dropped because of the size limit.</summary>
    public bool Truncated => _dropped > 0;

    /// <summary>Appends text to the stream <paramref name="name"/> (stdout or stderr).</summary>
    public void WriteStream(string name, string text)
    {
        if (text.Length == 0)
            return;
        lock (_gate)
        {
            text = Admit(text);
            if (text.Length == 0)
                return;
            if (
                _outputs.Count > 0
                && _outputs[^1] is { Kind: OutputKind.Stream } last
                && last.StreamName == name
                && !ReferenceEquals(last, _note)
            )
                Append(last, text);
            else
                _outputs.Add(CellOutput.Stream(name, text));
        }
    }

    /// <summary>Appends an output; returns its index (or -1 if dropped by the size limit).</summary>
    public int Add(CellOutput output)
    {
        lock (_gate)
        {
            if (
                output.Kind != OutputKind.Error
                && (_dropped > 0 || _size + output.Size > _maxChars)
            )
            {
                Drop(output.Size);
                return -1;
            }
            _size += output.Size;
            _outputs.Add(output);
            return _outputs.Count - 1;
        }
    }

    /// <summary>Replaces the MIME bundle of output <paramref name="index"/> (a display handle update).</summary>
    public void Replace(int index, OrderedDictionary<string, string> data)
    {
        if (index < 0)
            return;
        CellOutput replaced;
        lock (_gate)
        {
            var old = _outputs[index];
            var grow =
                data.Sum(kv => (long)kv.Value.Length) - old.Data.Sum(kv => (long)kv.Value.Length);
            if (_size + grow > _maxChars)
            {
                Drop(grow);
                return;
            }
            _size += grow;
            replaced = new CellOutput
            {
                Kind = old.Kind,
                Data = data,
                ExecutionCount = old.ExecutionCount,
            };
            _outputs[index] = replaced;
            if (!IsSealed)
                return;
        }
        _lateUpdate?.Invoke(new OutputUpdate(ExecutionCount, index, replaced.Clone()));
    }

    /// <summary>Marks the cell finished and returns copies of its outputs.</summary>
    public IReadOnlyList<CellOutput> Seal()
    {
        lock (_gate)
        {
            IsSealed = true;
            FlushPending();
            return _outputs.Select(o => o.Clone()).ToList();
        }
    }

    /// <summary>Copies of the outputs so far.</summary>
    public IReadOnlyList<CellOutput> Snapshot()
    {
        lock (_gate)
        {
            FlushPending();
            return _outputs.Select(o => o.Clone()).ToList();
        }
    }

    // Stream text is appended through a StringBuilder: a loop printing thousands of lines must
    // not copy the whole stream on every write.
    private void Append(CellOutput stream, string text)
    {
        if (!ReferenceEquals(_pendingOwner, stream))
        {
            FlushPending();
            _pendingOwner = stream;
            _pending.Clear().Append(stream.Text);
        }
        _pending.Append(text);
    }

    private void FlushPending()
    {
        if (_pendingOwner is null)
            return;
        _pendingOwner.Text = _pending.ToString();
        _pendingOwner = null;
        _pending.Clear();
    }

    private string Admit(string text)
    {
        if (_dropped == 0 && _size + text.Length <= _maxChars)
        {
            _size += text.Length;
            return text;
        }
        var room = (int)Math.Max(0, _dropped == 0 ? _maxChars - _size : 0);
        _size += room;
        var kept = text[..room];
        if (kept.Length > 0)
        {
            if (
                _outputs.Count > 0
                && _outputs[^1] is { Kind: OutputKind.Stream } last
                && !ReferenceEquals(last, _note)
            )
                Append(last, kept);
            else
                _outputs.Add(CellOutput.Stream("stdout", kept));
        }
        Drop(text.Length - room);
        return "";
    }

    private void Drop(long chars)
    {
        _dropped += Math.Max(chars, 1);
        var message =
            $"\n[output truncated: this cell produced more than {_maxChars:N0} characters of output; {_dropped:N0} more were dropped. Print less, or raise the limit with --max-output.]\n";
        if (_note is null)
        {
            _note = CellOutput.Stream("stderr", message);
            _outputs.Add(_note);
        }
        else
            _note.Text = message;
    }
}
