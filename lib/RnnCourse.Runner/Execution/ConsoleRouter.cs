// Console.Out and Console.Error are process-wide; cells must see their writes as stream outputs
// in order with display outputs. The router replaces both writers once, and sends each write to
// the OutputCollector of the cell running in the current async flow (an AsyncLocal, so threads and
// tasks started by the cell inherit it); writes outside any cell go to the original writer.
using System.Text;

namespace RnnCourse.Runner.Execution;

/// <summary>Routes Console writes to the running cell.</summary>
public static class ConsoleRouter
{
    private static readonly AsyncLocal<OutputCollector?> Current = new();
    private static readonly object Gate = new();
    private static bool _installed;

    /// <summary>Replaces Console.Out/Error with routing writers (idempotent).</summary>
    /// <param name="fallbackOut">Where writes outside cells go (default: the original Console.Out).</param>
    public static void Install(TextWriter? fallbackOut = null)
    {
        lock (Gate)
        {
            if (_installed)
                return;
            _installed = true;
            Console.SetOut(new RoutingWriter("stdout", fallbackOut ?? Console.Out));
            Console.SetError(new RoutingWriter("stderr", Console.Error));
        }
    }

    /// <summary>Makes <paramref name="collector"/> the target of Console writes in this async flow.</summary>
    public static void Route(OutputCollector? collector) => Current.Value = collector;

    /// <summary>The collector of the current async flow.</summary>
    public static OutputCollector? CurrentCollector => Current.Value;

    private sealed class RoutingWriter(string name, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) =>
            Write(new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value))
                return;
            if (Current.Value is { } c)
                c.WriteStream(name, value);
            else
                fallback.Write(value);
        }

        public override void WriteLine(string? value) => Write((value ?? "") + "\n");

        public override void WriteLine() => Write("\n");

        public override void Flush()
        {
            if (Current.Value is null)
                fallback.Flush();
        }
    }
}
