using Fleet.MarketMonitor.Feeds;

namespace Fleet.MarketMonitor.Tests.Feeds;

public sealed class FeedStateTests
{
    [Fact]
    public void ContinueWith_SameFeed_IsTheSameState()
    {
        var state = new FeedState { Feed = "csv", Source = "market/ticks.csv", Position = 40 };

        Assert.Same(state, state.ContinueWith("csv", "market/ticks.csv"));
    }

    [Theory]
    [InlineData("random", "market/ticks.csv")]
    [InlineData("csv", "other.csv")]
    public void ContinueWith_AnotherFeed_StartsItKeepingOnlyTheSequences(string feed, string source)
    {
        var state = new FeedState
        {
            Feed = "csv",
            Source = "market/ticks.csv",
            Lap = 2,
            Position = 40,
            Sequences = { ["ACME"] = 12 },
            LastTimes = { ["ACME"] = DateTimeOffset.UnixEpoch },
            Prices = { ["ACME"] = 10m },
        };

        var next = state.ContinueWith(feed, source);

        Assert.Equal((feed, source, 0, 0L), (next.Feed, next.Source, next.Lap, next.Position));
        Assert.Equal(12, next.Sequences["ACME"]);
        Assert.Empty(next.LastTimes);
        Assert.Empty(next.Prices);
    }
}
