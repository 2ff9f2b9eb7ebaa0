using Fleet.MarketMonitor.Feeds;
using Fleet.MarketMonitor.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.MarketMonitor.Tests.Feeds;

public sealed class RandomWalkFeedTests
{
    private static readonly string[] Symbols = ["ACME", "GLOBEX", "HOOLI"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryRead_SameSeed_GivesTheSameWalk()
    {
        var first = Walk(seed: 7).Take(300);
        var second = Walk(seed: 7).Take(300);
        var other = Walk(seed: 8).Take(300);

        Assert.Equal(first.Select(r => (r.Symbol, r.Price, r.Volume)), second.Select(r => (r.Symbol, r.Price, r.Volume)));
        Assert.NotEqual(first.Select(r => r.Price), other.Select(r => r.Price));
    }

    [Fact]
    public void TryRead_ResumedFromAState_GoesOnWithTheSamePrices()
    {
        var whole = Walk(seed: 3).Take(200);
        var state = new FeedState();
        foreach (var row in Walk(seed: 3).Take(77))
        {
            state.Advance(row, keepPrice: true);
        }

        var resumed = new RandomWalkFeed(Symbols, 3, 0, _time, state.Position, state.Prices).Take(123);

        Assert.Equal(whole.Skip(77).Select(r => (r.Position, r.Symbol, r.Price, r.Volume)), resumed.Select(r => (r.Position, r.Symbol, r.Price, r.Volume)));
    }

    [Fact]
    public void TryRead_LongWalk_StaysPositiveInCentsAndMoves()
    {
        var acme = Walk(seed: 1).Take(30_000).Where(r => r.Symbol == "ACME").Select(r => r.Price).ToList();

        Assert.All(acme, price => Assert.True(price > 0));
        Assert.True(acme.Max() / acme.Min() > 1.05m, $"ACME between {acme.Min()} and {acme.Max()}");
        Assert.Contains(acme.Zip(acme.Skip(1)), pair => pair.Second > pair.First);
        Assert.Contains(acme.Zip(acme.Skip(1)), pair => pair.Second < pair.First);
        Assert.Equal(2, acme.Max(p => decimal.GetBits(p)[3] >> 16 & 0xFF));
    }

    [Fact]
    public void TryRead_AtTicksPerSecond_StampsEachRowWithItsDueTime()
    {
        var start = _time.GetUtcNow();
        using var feed = new RandomWalkFeed(Symbols, 1, 100, _time, 500, new Dictionary<string, decimal>());

        var rows = feed.Take(3);

        Assert.Equal([start, start.AddMilliseconds(10), start.AddMilliseconds(20)], rows.Select(r => r.DueAt));
        Assert.Equal(rows.Select(r => r.DueAt), rows.Select(r => r.Time));
    }

    [Fact]
    public void TryRead_AsFastAsPossible_IsAlwaysDueAndStampedNow()
    {
        using var feed = Walk(seed: 1);
        _time.Advance(TimeSpan.FromMinutes(1));

        var row = feed.Take(1)[0];

        Assert.Equal((DateTimeOffset.MinValue, _time.GetUtcNow()), (row.DueAt, row.Time));
    }

    private RandomWalkFeed Walk(long seed) => new(Symbols, seed, 0, _time, 0, new Dictionary<string, decimal>());
}
