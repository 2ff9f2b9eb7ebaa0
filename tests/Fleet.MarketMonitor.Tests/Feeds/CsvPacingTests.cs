using Fleet.MarketMonitor.Feeds;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.MarketMonitor.Tests.Feeds;

public sealed class CsvPacingTests
{
    private static readonly DateTimeOffset Market = new(2026, 11, 16, 14, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void DueAt_Speed60_MakesAMarketMinuteOneSecond()
    {
        var pacing = new CsvPacing(_time, 60, TimeSpan.FromSeconds(5));
        var start = _time.GetUtcNow();

        Assert.Equal(start, pacing.DueAt(Market));
        Assert.Equal(start, pacing.DueAt(Market));
        Assert.Equal(start.AddSeconds(1), pacing.DueAt(Market.AddMinutes(1)));
        Assert.Equal(start.AddSeconds(1.5), pacing.DueAt(Market.AddMinutes(1.5)));
    }

    [Fact]
    public void DueAt_GapLongerThanMaxPause_IsShortenedToIt()
    {
        var pacing = new CsvPacing(_time, 60, TimeSpan.FromSeconds(2));
        var start = _time.GetUtcNow();
        pacing.DueAt(Market);

        Assert.Equal(start.AddSeconds(2), pacing.DueAt(Market.AddHours(17)));
        Assert.Equal(start.AddSeconds(3), pacing.DueAt(Market.AddHours(17).AddMinutes(1)));
    }

    [Fact]
    public void DueAt_EarlierOrUnreadableRow_IsDueWithThePreviousOne()
    {
        var pacing = new CsvPacing(_time, 60, TimeSpan.FromSeconds(5));
        var start = _time.GetUtcNow();
        pacing.DueAt(Market.AddMinutes(1));

        Assert.Equal(start, pacing.DueAt(Market));
        Assert.Equal(start, pacing.DueAt(null));
        Assert.Equal(start.AddSeconds(1), pacing.DueAt(Market.AddMinutes(2)));
    }

    [Fact]
    public void DueAt_FirstRow_IsDueWhenThePacingStarts()
    {
        var pacing = new CsvPacing(_time, 60, TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(_time.GetUtcNow(), pacing.DueAt(Market.AddDays(-30)));
    }

    [Fact]
    public void DueAt_Speed0_IsAlwaysDue()
    {
        var pacing = new CsvPacing(_time, 0, TimeSpan.FromSeconds(5));

        Assert.Equal(DateTimeOffset.MinValue, pacing.DueAt(Market));
        Assert.Equal(DateTimeOffset.MinValue, pacing.DueAt(Market.AddHours(1)));
    }
}
