using Fleet.MarketMonitor.Analysis;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.Analysis;

public sealed class BadTickIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task JumpAboveMaxJumpPercent_IsAppliedAndFlagged()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var analyzer = harness.Analyzer();
        await using var subscriber = await RedisSubscriber.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url), TestContext.Current.CancellationToken);
        await using var prices = await subscriber.SubscribeAsync(Fleet.Contracts.ContractKeys.PriceChannel(harness.Symbol), TestContext.Current.CancellationToken);

        var atLimit = await harness.ApplySeriesAsync(analyzer, [100m, 120m]);
        var jump = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(3, 150m));

        Assert.Empty(atLimit);
        Assert.Equal(TickStatus.Applied, jump.Status);
        var anomaly = Assert.Single(jump.Results).Anomaly!;
        Assert.Equal(("huge_jump", 150m, 120m, 3L, AnalyzerHarness.Start.AddSeconds(3)), (anomaly.Reason, anomaly.Price, anomaly.PreviousPrice, anomaly.Sequence, anomaly.Time));
        Assert.Equal("150", (await harness.StateAsync())["last"]);
        var published = new List<string>();
        while (published.Count < 3)
        {
            published.Add((await prices.Reader.ReadAsync(TestContext.Current.CancellationToken)).Message.ToString());
        }

        Assert.Contains("\"price\":\"150\"", published[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeGoingBackwards_IsFlaggedAndNotApplied()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var analyzer = harness.Analyzer();
        await harness.ApplySeriesAsync(analyzer, [100m, 101m]);
        var before = await harness.StateAsync();

        var backwards = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(3, 99m, second: 1));
        var after = await harness.StateAsync();
        var next = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(4, 102m, second: 4));

        var anomaly = Assert.Single(backwards.Results).Anomaly!;
        Assert.Equal(("time_backwards", 99m, 101m, 3L, AnalyzerHarness.Start.AddSeconds(1)), (anomaly.Reason, anomaly.Price, anomaly.PreviousPrice, anomaly.Sequence, anomaly.Time));
        Assert.Equal((TickStatus.Applied, 0, 4L), (backwards.Status, backwards.Applied, backwards.NextSequence));
        Assert.Equal((before["last"], before["wl"], before["n"]), (after["last"], after["wl"], after["n"]));
        Assert.Equal((TickStatus.Applied, 1), (next.Status, next.Applied));
        Assert.Equal("100,101,102", (await harness.StateAsync())["wl"]);
    }
}
