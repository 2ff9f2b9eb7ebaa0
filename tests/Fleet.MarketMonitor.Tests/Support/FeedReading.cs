using Fleet.MarketMonitor.Feeds;

namespace Fleet.MarketMonitor.Tests.Support;

internal static class FeedReading
{
    /// <summary>The next <paramref name="count"/> rows of <paramref name="feed"/> (fewer at its end).</summary>
    public static List<FeedRow> Take(this ITickFeed feed, int count)
    {
        var rows = new List<FeedRow>();
        while (rows.Count < count && feed.TryRead(out var row))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A feed of <paramref name="path"/> that never waits.</summary>
    public static CsvTickFeed Unpaced(string path, bool loop = false, int lap = 0, long position = 0) =>
        new(path, loop, new CsvPacing(TimeProvider.System, 0, TimeSpan.FromSeconds(1)), lap, position);
}
