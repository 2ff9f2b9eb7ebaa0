using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.Redis;
using Fleet.Testing;
using NUlid;

namespace Fleet.MarketMonitor.Tests.Analysis;

/// <summary>The handlers in the consumer runtime: two replicas in group market-monitor on one stream.</summary>
public sealed class MarketAnalysisIntegrationTests(RedisServerFixture redis)
{
    private static readonly FleetContractsJsonContext Json = FleetContractsJsonContext.Default;

    [Fact]
    public async Task TwoReplicasAndARepublishedBatch_EachTickAppliedOnceInSequenceOrder()
    {
        var symbols = new[] { AnalyzerHarness.NewSymbol(), AnalyzerHarness.NewSymbol() };
        var prefix = MarketHost.NewPrefix();
        await using var subscriber = await RedisSubscriber.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url), TestContext.Current.CancellationToken);
        var channels = new List<RedisSubscription>();
        foreach (var symbol in symbols)
        {
            channels.Add(await subscriber.SubscribeAsync(ContractKeys.PriceChannel(symbol), TestContext.Current.CancellationToken));
        }

        await using var first = await MarketHost.StartAsync(redis.Server.Url, prefix, "market-monitor-1", symbols);
        await using var second = await MarketHost.StartAsync(redis.Server.Url, prefix, "market-monitor-2", symbols);
        var walks = symbols.Select((_, i) => TickOrderIntegrationTests.RandomWalk(150, seed: 11 + i)).ToList();
        var ticks = Enumerable.Range(0, 150)
            .SelectMany(i => symbols.Select((symbol, s) => new MarketDataCollected(symbol, walks[s][i], 10, AnalyzerHarness.Start.AddSeconds(i), i + 1, 1)))
            .ToList();

        foreach (var batch in ticks.Chunk(16))
        {
            await first.Publisher.PublishBatchAsync(FleetStreams.Market, batch, cancellationToken: TestContext.Current.CancellationToken);
        }

        // A new collector leader publishes its predecessor's last batch again: new event ids, same (symbol, sequence).
        var republished = await first.Publisher.PublishBatchAsync(FleetStreams.Market, ticks[^20..], new PublishOptions(), TestContext.Current.CancellationToken);
        await first.WaitHandledAsync(FleetStreams.Market, republished[^1].EntryId);

        for (var s = 0; s < symbols.Length; s++)
        {
            var prices = new List<string>();
            while (prices.Count < 150)
            {
                var message = await channels[s].Reader.ReadAsync(TestContext.Current.CancellationToken);
                prices.Add(JsonDocument.Parse(message.Message.ToString()).RootElement.GetProperty("price").GetString()!);
            }

            Assert.Equal(walks[s].Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), prices);
            Assert.False(channels[s].Reader.TryRead(out _), "no price was published twice");
            Assert.Equal("151", (await first.Redis.HashGetAsync(first.Contracts.MarketState(symbols[s]), "next", TestContext.Current.CancellationToken)).ToString());
        }

        // The same trends as one analyzer applying each series in order, each published once.
        var published = (await first.EnvelopesAsync(FleetStreams.Market, "market.trend.detected"))
            .Select(e => JsonSerializer.Deserialize(e.Data.Span, Json.MarketTrendDetected)!)
            .ToList();
        foreach (var (symbol, s) in symbols.Select((symbol, s) => (symbol, s)))
        {
            await using var reference = await AnalyzerHarness.StartAsync(redis.Server.Url, symbol: symbol);
            var expected = await reference.ApplySeriesAsync(reference.Analyzer(), walks[s]);
            Assert.NotEmpty(expected);
            Assert.Equal(
                Ordered(expected.Select(r => r.Trend! with { Time = AnalyzerHarness.Start.AddSeconds(r.Trend!.Sequence - 1) })),
                Ordered(published.Where(t => t.Symbol == symbol)));
        }

        foreach (var channel in channels)
        {
            await channel.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnknownSymbol_IsDeadLetteredAsPermanent()
    {
        await using var host = await MarketHost.StartAsync(redis.Server.Url, MarketHost.NewPrefix(), "market-monitor-1", ["ACME"]);

        var tick = await host.AddAsync(FleetStreams.Market, "market.data.collected", new MarketDataCollected("NOPE", 10m, 1m, AnalyzerHarness.Start, 1, 1), Json.MarketDataCollected);
        await host.WaitHandledAsync(FleetStreams.Market, tick.EntryId);

        var letter = Assert.Single(await host.Redis.XRangeAsync(host.Keys.DeadLetters(FleetStreams.Market), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("permanent", letter["dlq_error_type"].ToString());
        Assert.Contains("'NOPE' is not one of MarketMonitor:Symbols", letter["dlq_error_message"].ToString(), StringComparison.Ordinal);
        Assert.False(await host.Redis.ExistsAsync(host.Contracts.MarketState("NOPE"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ZeroPrice_IsDeadLetteredByValidation()
    {
        await using var host = await MarketHost.StartAsync(redis.Server.Url, MarketHost.NewPrefix(), "market-monitor-1", ["ACME"]);

        var tick = await host.AddAsync(FleetStreams.Market, "market.data.collected", new MarketDataCollected("ACME", 0m, 1m, AnalyzerHarness.Start, 1, 1), Json.MarketDataCollected);
        await host.WaitHandledAsync(FleetStreams.Market, tick.EntryId);

        var letter = Assert.Single(await host.Redis.XRangeAsync(host.Keys.DeadLetters(FleetStreams.Market), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("validation", letter["dlq_error_type"].ToString());
        Assert.False(await host.Redis.ExistsAsync(host.Contracts.MarketState("ACME"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PublishFailsAfterTheStateChanged_TheRetryPublishesEveryResult_CopiesShareTheirIdentity()
    {
        var symbol = AnalyzerHarness.NewSymbol();
        var faulty = new FailingOnce();
        await using var host = await MarketHost.StartAsync(redis.Server.Url, MarketHost.NewPrefix(), "market-monitor-1", [symbol], inner => faulty.Wrap(inner));
        var ticks = Enumerable.Range(0, 20).Select(i => new MarketDataCollected(symbol, 100m + i, 1, AnalyzerHarness.Start.AddSeconds(i), i + 1, 1)).ToList();
        // A steady rise: RSI overbought starts at tick 15 (publish 1); tick 20 completes the long window and both
        // crossovers start (publishes 2 and 3). Publish 3 fails after 2 went out: the retry publishes both of tick 20.
        faulty.FailOnPublish = 3;

        var sent = await host.Publisher.PublishBatchAsync(FleetStreams.Market, ticks, cancellationToken: TestContext.Current.CancellationToken);
        await host.WaitHandledAsync(FleetStreams.Market, sent[^1].EntryId);

        var trends = await host.EnvelopesAsync(FleetStreams.Market, "market.trend.detected");
        Assert.Equal(
            [$"{symbol}/15.1", $"{symbol}/20.1", $"{symbol}/20.1", $"{symbol}/20.2"],
            trends.Select(t => t.Metadata![ResultPublisher.ResultIdMetadata]));
        var copies = trends.GroupBy(t => t.Metadata![ResultPublisher.ResultIdMetadata]).ToList();
        Assert.All(copies, c => Assert.Single(c.Select(t => (t.CausationId, JsonSerializer.Deserialize(t.Data.Span, Json.MarketTrendDetected))).Distinct()));
        Assert.All(trends, t => Assert.Equal(sent[(int)JsonSerializer.Deserialize(t.Data.Span, Json.MarketTrendDetected)!.Sequence - 1].EventId, t.CausationId));
        Assert.DoesNotContain(
            await host.Redis.HashGetAllAsync(host.Contracts.MarketState(symbol), TestContext.Current.CancellationToken),
            pair => pair.Key.StartsWith("r:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GapAtTheEndOfTheFeed_TheSweepSkipsItAndPublishesTheAnomaly()
    {
        var symbol = AnalyzerHarness.NewSymbol();
        var settings = new Dictionary<string, string?>
        {
            ["MarketMonitor:Analysis:GapTimeout"] = "00:00:00.200",
            ["MarketMonitor:Analysis:SweepInterval"] = "00:00:00.050",
        };
        await using var host = await MarketHost.StartAsync(redis.Server.Url, MarketHost.NewPrefix(), "market-monitor-1", [symbol], analysis: settings);
        MarketDataCollected[] ticks = [new(symbol, 10m, 1, AnalyzerHarness.Start, 1, 1), new(symbol, 10.5m, 1, AnalyzerHarness.Start.AddSeconds(2), 3, 1)];

        var sent = await host.Publisher.PublishBatchAsync(FleetStreams.Market, ticks, cancellationToken: TestContext.Current.CancellationToken);

        // No tick follows: only the sweep can give up on tick 2.
        var anomalies = await Eventually.UntilAsync(
            () => host.EnvelopesAsync(FleetStreams.Market, "market.anomaly.detected"), a => a.Count > 0, "the sweep flagged the gap");
        var gap = Assert.Single(anomalies);
        var data = JsonSerializer.Deserialize(gap.Data.Span, Json.MarketAnomalyDetected)!;
        Assert.Equal(("sequence_gap", 3L, 10.5m, 10m), (data.Reason, data.Sequence, data.Price, data.PreviousPrice));
        Assert.Equal((sent[1].EventId, "2-2", $"{symbol}/3.1"), (gap.CausationId!.Value, gap.Metadata![ResultPublisher.SkippedMetadata], gap.Metadata[ResultPublisher.ResultIdMetadata]));
        Assert.Equal("4", (await host.Redis.HashGetAsync(host.Contracts.MarketState(symbol), "next", TestContext.Current.CancellationToken)).ToString());
    }

    private static List<MarketTrendDetected> Ordered(IEnumerable<MarketTrendDetected> trends) =>
        [.. trends.OrderBy(t => t.Sequence).ThenBy(t => t.Signal, StringComparer.Ordinal).ThenBy(t => t.Phase == TrendPhase.Started)];

    /// <summary>A publisher whose Nth publish throws (after the tick's script changed the state): a crash before publishing.</summary>
    private sealed class FailingOnce
    {
        private int _count;

        public int FailOnPublish { get; set; }

        public IEventPublisher Wrap(IEventPublisher inner) => new Publisher(inner, this);

        private sealed class Publisher(IEventPublisher inner, FailingOnce owner) : IEventPublisher
        {
            public ValueTask<PublishResult> PublishAsync<T>(string stream, T data, PublishOptions? options = null, CancellationToken cancellationToken = default)
                where T : class =>
                Interlocked.Increment(ref owner._count) == owner.FailOnPublish
                    ? throw new InvalidOperationException("Simulated crash between the state change and the publish.")
                    : inner.PublishAsync(stream, data, options, cancellationToken);

            public ValueTask<IReadOnlyList<PublishResult>> PublishBatchAsync<T>(string stream, IReadOnlyList<T> events, PublishOptions? options = null, CancellationToken cancellationToken = default)
                where T : class => inner.PublishBatchAsync(stream, events, options, cancellationToken);

            public ValueTask<Ulid> ScheduleAsync<T>(string stream, T data, DateTimeOffset dueAt, PublishOptions? options = null, CancellationToken cancellationToken = default)
                where T : class => inner.ScheduleAsync(stream, data, dueAt, options, cancellationToken);
        }
    }
}
