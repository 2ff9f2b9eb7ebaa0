using System.Globalization;
using Fleet.Contracts;
using Fleet.MarketMonitor.Analysis;
using Fleet.MarketMonitor.Feeds;
using Fleet.MarketMonitor.Tests.Samples;
using Fleet.MarketMonitor.Tests.Support;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.Collector;

/// <summary>The collector under its real lease on a real redis-server: what it publishes, where it resumes, what a deposed term may not write.</summary>
public sealed class TickCollectorIntegrationTests(RedisServerFixture redis)
{
    private const int FeedEnded = 8202;
    private const int TermEnded = 8201;
    private const int Deposed = 8208;
    private const int HeldBack = 8209;
    private const int Resumed = 8210;

    [Fact]
    public async Task Collector_Sample_PublishesEveryTickInOrderWithItsSequenceAndToken()
    {
        var (expected, _) = TickSample.Read();
        await using var host = await CollectorHost.StartAsync(redis.Server.Url, CollectorHost.NewPrefix(), "market-1", CollectorHost.Csv(TickSample.Path, 0, 64));

        await host.WaitCheckpointAsync(expected.Count);
        await host.Logs.Seen(FeedEnded).WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);

        var collected = await host.CollectedAsync();
        Assert.Equal(
            expected.Select(t => (t.Symbol, t.Price, t.Volume, t.Time, t.Sequence)),
            collected.Select(c => (c.Tick.Symbol, c.Tick.Price, c.Tick.Volume, c.Tick.Time, c.Tick.Sequence)));
        var lease = (await host.Redis.GetAsync(host.LeaseKey, TestContext.Current.CancellationToken)).ToString();
        Assert.StartsWith("market-1/", lease, StringComparison.Ordinal);
        var token = long.Parse(lease.Split('/')[^1], CultureInfo.InvariantCulture);
        Assert.All(collected, c => Assert.Equal((token, token.ToString(CultureInfo.InvariantCulture)), (c.Tick.FencingToken, c.FencingToken)));
        var checkpoint = await host.CheckpointAsync();
        Assert.Equal(
            expected.GroupBy(t => t.Symbol).ToDictionary(g => g.Key, g => g.Max(t => t.Sequence)),
            checkpoint!.Sequences);
    }

    [Fact]
    public async Task Collector_StoppedMidFeed_NextTermResumesAtTheCheckpointRepeatingAtMostOneBatch()
    {
        const int Rows = 80;
        const int BatchSize = 3;
        using var csv = new TempCsv(SecondRows(Rows));
        var (expected, _) = TickSample.Read(csv.Path);
        var prefix = CollectorHost.NewPrefix();

        // The first replica replays at 10 market seconds per second (a row every 100 ms) and is stopped mid-feed.
        long stoppedAt;
        await using (var first = await CollectorHost.StartAsync(redis.Server.Url, prefix, "market-1", CollectorHost.Csv(csv.Path, 10, BatchSize)))
        {
            await first.WaitCheckpointAsync(3 * BatchSize);
            await first.StopAsync();
            stoppedAt = (await first.CheckpointAsync())!.Position;
        }

        Assert.InRange(stoppedAt, 3 * BatchSize, Rows - 1);
        await using var second = await CollectorHost.StartAsync(redis.Server.Url, prefix, "market-2", CollectorHost.Csv(csv.Path, 0, BatchSize));
        await second.WaitCheckpointAsync(Rows);
        var collected = await second.CollectedAsync();

        // Every tick is there with the content the feed gives that (symbol, sequence); none is skipped.
        var bySequence = expected.ToDictionary(t => (t.Symbol, t.Sequence));
        Assert.All(collected, c => Assert.Equal(bySequence[(c.Tick.Symbol, c.Tick.Sequence)], new(c.Tick.Symbol, c.Tick.Price, c.Tick.Volume, c.Tick.Time, c.Tick.Sequence)));
        Assert.Equal(bySequence.Keys.Order(), collected.Select(c => (c.Tick.Symbol, c.Tick.Sequence)).Distinct().Order());

        // The second term starts right after the checkpoint; what it repeats is the first term's unconfirmed last batch.
        var tokens = collected.Select(c => c.Tick.FencingToken).Distinct().ToList();
        Assert.Equal(2, tokens.Count);
        Assert.True(tokens[1] > tokens[0], "the second term's fencing token is higher");
        var secondTerm = collected.Where(c => c.Tick.FencingToken == tokens[1]).Select(c => c.Tick.Sequence).ToList();
        Assert.Equal(expected.Skip((int)stoppedAt).Select(t => t.Sequence), secondTerm);
        var repeated = collected.Count - Rows;
        Assert.InRange(repeated, 0, BatchSize);
        Assert.Equal(
            expected.Skip((int)stoppedAt).Take(repeated).Select(t => (t.Symbol, t.Sequence)),
            collected.Where(c => c.Tick.FencingToken == tokens[0]).TakeLast(repeated).Select(c => (c.Tick.Symbol, c.Tick.Sequence)));
    }

    [Fact]
    public async Task Collector_LeaseTakenByAnother_TheStaleTermWritesNothingMore()
    {
        using var csv = new TempCsv(SecondRows(3_000));
        var settings = CollectorHost.Csv(csv.Path, 100, 1);

        // Renewals 10 s apart: the term learns it lost the lease from its next fenced write, some 10 ms later.
        settings["Fleet:Leadership:LeaseTime"] = "00:00:30";
        settings["Fleet:Leadership:RenewInterval"] = "00:00:10";
        await using var host = await CollectorHost.StartAsync(redis.Server.Url, CollectorHost.NewPrefix(), "market-1", settings);
        await host.WaitCheckpointAsync(3);

        // What a takeover after an expiry looks like to the old holder: the lease key holds another replica's value.
        await host.Redis.SetAsync(host.LeaseKey, "market-2/0123456789abcdef0123456789abcdef/999", cancellationToken: TestContext.Current.CancellationToken);
        var published = (await host.CollectedAsync()).Count;
        var checkpoint = await host.Redis.GetAsync(host.Contracts.CollectorCheckpoint, TestContext.Current.CancellationToken);
        await Task.WhenAny(host.Logs.Seen(Deposed), host.Logs.Seen(TermEnded)).WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);

        Assert.Equal(published, (await host.CollectedAsync()).Count);
        Assert.Equal(checkpoint.ToString(), (await host.Redis.GetAsync(host.Contracts.CollectorCheckpoint, TestContext.Current.CancellationToken)).ToString());
    }

    [Fact]
    public async Task Collector_RandomFeedStoppedAndResumed_GoesOnWithTheSameWalk()
    {
        var prefix = CollectorHost.NewPrefix();
        var settings = new Dictionary<string, string?>
        {
            ["MarketMonitor:Collector:Feed"] = "random",
            ["MarketMonitor:Collector:Seed"] = "42",
            ["MarketMonitor:Collector:TicksPerSecond"] = "500",
            ["MarketMonitor:Collector:BatchSize"] = "16",
        };
        long stoppedAt;
        await using (var first = await CollectorHost.StartAsync(redis.Server.Url, prefix, "market-1", settings))
        {
            await first.WaitCheckpointAsync(100);
            await first.StopAsync();
            stoppedAt = (await first.CheckpointAsync())!.Position;
        }

        await using var second = await CollectorHost.StartAsync(redis.Server.Url, prefix, "market-2", settings);
        await second.WaitCheckpointAsync(stoppedAt + 100);
        var collected = (await second.CollectedAsync()).Select(c => c.Tick).ToList();

        // The walk both terms published is the one an uninterrupted feed makes: the checkpoint carried its prices.
        using var uninterrupted = new RandomWalkFeed(MarketMonitorOptions.SampleSymbols, 42, 0, TimeProvider.System, 0, new Dictionary<string, decimal>());
        var expected = uninterrupted.Take(collected.Count + 50)
            .GroupBy(r => r.Symbol)
            .SelectMany(g => g.Select((r, i) => (r.Symbol, Sequence: i + 1L, r.Price, r.Volume)))
            .ToDictionary(r => (r.Symbol, r.Sequence), r => (r.Price, r.Volume));
        Assert.All(collected, tick => Assert.Equal(expected[(tick.Symbol, tick.Sequence)], (tick.Price, tick.Volume)));
        Assert.Contains(collected, tick => tick.FencingToken > collected[0].FencingToken);
    }

    [Fact]
    public async Task Collector_AnalysisBehind_WaitsAtMaxLead_GoesOnOnceItCatchesUp()
    {
        const int MaxLead = 200;
        const int BatchSize = 10;
        var prefix = CollectorHost.NewPrefix();
        var settings = new Dictionary<string, string?>
        {
            ["MarketMonitor:Collector:Feed"] = "random",
            ["MarketMonitor:Collector:TicksPerSecond"] = "0",
            ["MarketMonitor:Collector:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["MarketMonitor:Collector:MaxLead"] = MaxLead.ToString(CultureInfo.InvariantCulture),
        };
        // The analysis' group exists and reads nothing: every tick published is behind.
        await using var setup = await Fleet.Redis.RedisClient.ConnectAsync(redis.Server.Url, TestContext.Current.CancellationToken);
        var stream = new Fleet.Events.StreamKeys(prefix).Stream(FleetStreams.Market);
        await setup.XGroupCreateAsync(stream, TickGroup.Name, "0", makeStream: true, cancellationToken: TestContext.Current.CancellationToken);
        await using var host = await CollectorHost.StartAsync(redis.Server.Url, prefix, "market-1", settings);

        await host.Logs.Seen(HeldBack).WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);
        var heldAt = await host.Redis.XLenAsync(stream, TestContext.Current.CancellationToken);
        // The analysis takes 150 and acknowledges them: 150 fewer behind, under MaxLead.
        var taken = await setup.XReadGroupAsync(TickGroup.Name, "reader", stream, count: 150, cancellationToken: TestContext.Current.CancellationToken);
        await setup.XAckAsync(stream, TickGroup.Name, [.. taken.Select(e => e.Id)], TestContext.Current.CancellationToken);
        await host.Logs.Seen(Resumed).WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);
        var after = await Eventually.UntilAsync(
            () => host.Redis.XLenAsync(stream, TestContext.Current.CancellationToken).AsTask(), length => length > heldAt, "ticks published after the wait");

        // Checked every MaxLead / 10 ticks: held at most that many (and a batch) past MaxLead.
        Assert.InRange(heldAt, MaxLead + 1, MaxLead + (MaxLead / 10) + BatchSize);
        Assert.Equal(150, taken.Count);
        Assert.InRange(after, heldAt + 1, heldAt + 150 + (MaxLead / 10) + BatchSize);
    }

    /// <summary>A header and <paramref name="count"/> rows one market second apart, ACME and GLOBEX in turn.</summary>
    private static string[] SecondRows(int count)
    {
        var open = new DateTimeOffset(2026, 11, 16, 14, 30, 0, TimeSpan.Zero);
        return
        [
            "time,symbol,price,volume",
            .. Enumerable.Range(0, count).Select(i => string.Create(
                CultureInfo.InvariantCulture, $"{open.AddSeconds(i):yyyy-MM-ddTHH:mm:ssZ},{(i % 2 == 0 ? "ACME" : "GLOBEX")},{100 + (i % 17)}.25,{10 + i}")),
        ];
    }
}
