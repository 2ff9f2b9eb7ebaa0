using Fleet.MarketMonitor.Feeds;
using Fleet.MarketMonitor.Tests.Support;

namespace Fleet.MarketMonitor.Tests.Feeds;

public sealed class CsvTickFeedTests
{
    private static readonly DateTimeOffset Open = new(2026, 11, 16, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void TryRead_TicksFile_ReadsEveryRowWithItsLineAndPosition()
    {
        using var csv = new TempCsv("time,symbol,price,volume", "2026-11-16T14:30:00Z,ACME,142.50,100", "2026-11-16T14:30:01Z, GLOBEX ,58.2,2500");
        using var feed = FeedReading.Unpaced(csv.Path);

        var rows = feed.Take(10);

        Assert.Equal(
            [(2L, 1L, "ACME", 142.50m, 100m, Open), (3L, 2L, "GLOBEX", 58.2m, 2500m, Open.AddSeconds(1))],
            rows.Select(r => (r.Line, r.Position, r.Symbol, r.Price, r.Volume, r.Time)));
        Assert.All(rows, r => Assert.Null(r.Unparsable));
    }

    [Fact]
    public void TryRead_ColumnsInAnotherOrderAndMore_ReadsByHeaderName()
    {
        using var csv = new TempCsv("symbol,volume,venue,price,time", "ACME,100,XNAS,142.50,2026-11-16T09:30:00-05:00");
        using var feed = FeedReading.Unpaced(csv.Path);

        var row = Assert.Single(feed.Take(10));

        Assert.Equal(("ACME", 142.50m, 100m, Open), (row.Symbol, row.Price, row.Volume, row.Time));
    }

    [Theory]
    [InlineData("2026-11-16T14:30:00Z,ACME,142.50", "3 column(s)")]
    [InlineData("yesterday,ACME,142.50,100", "time")]
    [InlineData("2026-11-16T14:30:00Z,ACME,1a2,100", "price")]
    [InlineData("2026-11-16T14:30:00Z,ACME,142.50,lots", "volume")]
    public void TryRead_UnreadableRow_IsReturnedAsUnparsableWithItsLine(string line, string problem)
    {
        using var csv = new TempCsv("time,symbol,price,volume", "2026-11-16T14:30:00Z,ACME,142.50,100", line);
        using var feed = FeedReading.Unpaced(csv.Path);

        var rows = feed.Take(10);

        Assert.Equal(2, rows.Count);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains(problem, rows[1].Unparsable, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckHeader_MissingColumn_NamesIt()
    {
        using var csv = new TempCsv("time,symbol,last,volume", "2026-11-16T14:30:00Z,ACME,142.50,100");

        Assert.Contains("no 'price' column", CsvTickFeed.CheckHeader(csv.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AtAPosition_ResumesWithTheNextRow()
    {
        using var csv = new TempCsv(Rows(5));
        using var feed = FeedReading.Unpaced(csv.Path, position: 3);

        Assert.Equal([4L, 5L], feed.Take(10).Select(r => r.Position));
    }

    [Fact]
    public void TryRead_NotLooping_EndsAfterTheLastRow()
    {
        using var csv = new TempCsv(Rows(3));
        using var feed = FeedReading.Unpaced(csv.Path);

        Assert.Equal(3, feed.Take(10).Count);
        Assert.False(feed.TryRead(out _));
    }

    [Fact]
    public void TryRead_Looping_StartsOverWithTimesShiftedByWholeWeeks()
    {
        using var csv = new TempCsv(Rows(3));
        using var feed = FeedReading.Unpaced(csv.Path, loop: true);

        var rows = feed.Take(7);

        Assert.Equal([0, 0, 0, 1, 1, 1, 2], rows.Select(r => r.Lap));
        Assert.Equal([1L, 2L, 3L, 1L, 2L, 3L, 1L], rows.Select(r => r.Position));
        Assert.Equal(rows[0].Time.AddDays(7), rows[3].Time);
        Assert.Equal(rows[0].Time.AddDays(14), rows[6].Time);
    }

    [Fact]
    public void Constructor_LoopingAtALaterLap_KeepsThatLapsShift()
    {
        using var csv = new TempCsv(Rows(3));
        using var feed = FeedReading.Unpaced(csv.Path, loop: true, lap: 2, position: 1);

        var row = feed.Take(1)[0];

        Assert.Equal((2, 2L, Open.AddMinutes(1).AddDays(14)), (row.Lap, row.Position, row.Time));
    }

    /// <summary>A header and <paramref name="count"/> ACME ticks one minute apart from the open.</summary>
    internal static string[] Rows(int count) =>
        ["time,symbol,price,volume", .. Enumerable.Range(0, count).Select(i => $"{Open.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},ACME,{100 + i}.00,10")];
}
