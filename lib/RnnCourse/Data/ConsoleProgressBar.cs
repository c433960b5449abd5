// A one-line text progress bar for downloads in a terminal: "[#######·····]  58%  1.2 / 2.1 MB".
// Redraws with '\r' at most once per percent, so a log file gets ~100 updates, not one per packet.
using System.Globalization;

namespace RnnCourse.Data;

/// <summary>Draws download progress on a text writer (standard error by default).</summary>
public sealed class ConsoleProgressBar : IProgress<DownloadProgress>
{
    private readonly TextWriter _writer;
    private readonly int _width;
    private int _lastPercent = -1;
    private long _lastMegabytes = -1;

    /// <summary>Creates a bar writing to <paramref name="writer"/> (default: Console.Error).</summary>
    /// <param name="writer">Where to draw.</param>
    /// <param name="width">Characters inside the brackets (30 fits next to the numbers in 80 columns).</param>
    public ConsoleProgressBar(TextWriter? writer = null, int width = 30)
    {
        _writer = writer ?? Console.Error;
        _width = Math.Max(1, width);
    }

    /// <inheritdoc />
    public void Report(DownloadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var inv = CultureInfo.InvariantCulture;
        double mb = value.BytesReceived / 1e6;
        bool done = value.TotalBytes is long t && value.BytesReceived >= t;
        if (value.Fraction is double f)
        {
            int percent = (int)Math.Clamp(f * 100, 0, 100);
            if (percent == _lastPercent)
            {
                return;
            }
            _lastPercent = percent;
            int filled = (int)Math.Round(Math.Clamp(f, 0, 1) * _width);
            _writer.Write(
                string.Create(
                    inv,
                    $"\r[{new string('#', filled)}{new string('·', _width - filled)}] {percent, 3}%  {mb:F1} / {value.TotalBytes!.Value / 1e6:F1} MB"
                )
            );
        }
        else
        {
            long whole = (long)mb;
            if (whole == _lastMegabytes)
            {
                return;
            }
            _lastMegabytes = whole;
            _writer.Write(string.Create(inv, $"\r{mb:F1} MB"));
        }
        if (done)
        {
            _writer.WriteLine();
        }
        _writer.Flush();
    }
}

/// <summary>
/// Calls an action for every progress report, synchronously on the downloading thread (unlike
/// System.Progress, which posts to a synchronisation context): for notebooks that draw their own bar.
/// </summary>
/// <param name="onReport">Called with each report.</param>
public sealed class CallbackProgress(Action<DownloadProgress> onReport)
    : IProgress<DownloadProgress>
{
    /// <inheritdoc />
    public void Report(DownloadProgress value) => onReport(value);
}
