// Keeps a chart with very long series drawable: a line trace with more than MaxPoints points is
// cut to about MaxPoints by keeping, in each of MaxPoints / 2 equal buckets, the points with the
// smallest and largest y (so spikes and the envelope survive), and the figure says so in a note.
// A million-point loss curve would otherwise be tens of MB of notebook JSON and a frozen browser.
using System.Collections;
using System.Globalization;

namespace RnnCourse.Charts;

internal static class Downsampling
{
    /// <summary>The most points one scatter trace is drawn with.</summary>
    internal const int MaxPoints = 10_000;

    /// <summary>The figure with every over-long scatter trace down-sampled, plus a note; the figure itself when none is.</summary>
    internal static Figure Apply(Figure figure)
    {
        var longest = 0;
        var data = figure.Data.ToArray();
        for (var t = 0; t < data.Length; t++)
        {
            if (
                data[t] is not Scatter { Y: IList y } s
                || y.Count <= MaxPoints
                || s.X is IList { Count: var n } && n != y.Count
            )
                continue;
            longest = Math.Max(longest, y.Count);
            var keep = Indices(y, MaxPoints);
            data[t] = s with
            {
                Y = keep.Select(i => y[i]).ToArray(),
                X = s.X is IList x ? keep.Select(i => x[i]).ToArray() : keep,
                Text =
                    s.Text is IList text && text.Count == y.Count
                        ? keep.Select(i => text[i]).ToArray()
                        : s.Text,
            };
        }
        if (longest == 0)
            return figure;
        var note = new Annotation(
            string.Create(
                CultureInfo.InvariantCulture,
                $"down-sampled for display: {longest:N0} points per line shown as ≤ {MaxPoints:N0} (min and max of each bucket)"
            ),
            X: 0,
            Y: 0,
            XRef: "paper",
            YRef: "paper",
            XAnchor: "left",
            YAnchor: "bottom"
        );
        return figure with
        {
            Data = data,
            Layout = figure.Layout with
            {
                Annotations = [.. figure.Layout.Annotations ?? [], note],
            },
        };
    }

    /// <summary>The first and last index and, per bucket, the indexes of the smallest and largest finite y, in order.</summary>
    internal static int[] Indices(IList y, int maxPoints)
    {
        var buckets = maxPoints / 2 - 1;
        var keep = new SortedSet<int> { 0, y.Count - 1 };
        for (var b = 0; b < buckets; b++)
        {
            int from = (int)((long)y.Count * b / buckets),
                to = (int)((long)y.Count * (b + 1) / buckets);
            int lo = -1,
                hi = -1;
            double min = double.PositiveInfinity,
                max = double.NegativeInfinity;
            for (var i = from; i < to; i++)
            {
                var v = y[i] is null
                    ? double.NaN
                    : Convert.ToDouble(y[i], CultureInfo.InvariantCulture);
                if (v < min)
                    (min, lo) = (v, i);
                if (v > max)
                    (max, hi) = (v, i);
            }
            keep.Add(lo < 0 ? from : lo);
            keep.Add(hi < 0 ? from : hi);
        }
        return [.. keep];
    }
}
