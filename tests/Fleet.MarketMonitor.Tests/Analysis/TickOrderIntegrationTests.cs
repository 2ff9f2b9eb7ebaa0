using System.Text.Json;
using Fleet.MarketMonitor.Analysis;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.Analysis;

public sealed class TickOrderIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task ShuffledAndDuplicatedAcrossTwoReplicas_SameStateAndResultsAsInOrder()
    {
        var symbol = AnalyzerHarness.NewSymbol();
        var prices = RandomWalk(60, seed: 7);
        await using var inOrder = await AnalyzerHarness.StartAsync(redis.Server.Url, symbol: symbol);
        await using var shuffled = await AnalyzerHarness.StartAsync(redis.Server.Url, symbol: symbol);
        var expected = await inOrder.ApplySeriesAsync(inOrder.Analyzer(), prices);
        var replicas = new[] { await shuffled.ReplicaAsync(), await shuffled.ReplicaAsync() };
        var ticks = prices.Select((price, i) => shuffled.Tick(i + 1, price)).ToList();
        // Every tick twice (a redelivery, a collector republishing its last batch), in a shuffled order, to either replica.
        var deliveries = ticks.Concat(ticks).OrderBy(_ => Random.Shared.Next()).ToList();

        var results = new List<AnalysisResult>();
        var statuses = new List<TickStatus>();
        await Parallel.ForEachAsync(
            deliveries.Select((tick, i) => (tick, replica: replicas[i % 2])),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken },
            async (delivery, _) =>
            {
                var outcome = await AnalyzerHarness.ApplyAsync(delivery.replica, delivery.tick);
                lock (results)
                {
                    statuses.Add(outcome.Status);
                    // A duplicate takes over the unconfirmed results of its first delivery: count each result once.
                    results.AddRange(outcome.Status == TickStatus.Duplicate ? [] : outcome.Results);
                }
            });

        Assert.Equal(60, statuses.Count(s => s == TickStatus.Duplicate));
        Assert.Equal(ResultsOf(expected), ResultsOf(results.OrderBy(r => r.Id, ResultIdComparer.Instance)));
        Assert.Equal(Indicators(await inOrder.StateAsync()), Indicators(await shuffled.StateAsync()));
        Assert.Equal("61", (await shuffled.StateAsync())["next"]);
    }

    [Fact]
    public async Task ShuffledTicks_PricesArePublishedInSequenceOrder()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        await using var subscriber = await RedisSubscriber.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url), TestContext.Current.CancellationToken);
        await using var subscription = await subscriber.SubscribeAsync(Fleet.Contracts.ContractKeys.PriceChannel(harness.Symbol), TestContext.Current.CancellationToken);
        var analyzer = harness.Analyzer();
        var prices = RandomWalk(30, seed: 3);
        var order = Enumerable.Range(1, 30).OrderBy(i => (i * 7919) % 31).ToList();

        var buffered = 0;
        foreach (var sequence in order)
        {
            var outcome = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(sequence, prices[sequence - 1]));
            buffered += outcome.Status == TickStatus.Buffered ? 1 : 0;
        }

        var messages = new List<JsonElement>();
        while (messages.Count < 30)
        {
            var message = await subscription.Reader.ReadAsync(TestContext.Current.CancellationToken);
            messages.Add(JsonDocument.Parse(message.Message.ToString()).RootElement.Clone());
        }

        Assert.True(buffered > 0, "some ticks arrived ahead of a missing one");
        Assert.Equal(prices.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), messages.Select(m => m.GetProperty("price").GetString()));
        Assert.Equal(
            Enumerable.Range(1, 30).Select(s => ResultCodec.FormatTime(AnalyzerHarness.Start.AddSeconds(s))),
            messages.Select(m => m.GetProperty("timestamp").GetString()));
        Assert.All(messages, m => Assert.Equal(("price.updated", harness.Symbol), (m.GetProperty("event_type").GetString(), m.GetProperty("symbol").GetString())));
    }

    [Fact]
    public async Task DuplicateOfAnAppliedTick_ChangesNothing()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var analyzer = harness.Analyzer();
        await harness.ApplySeriesAsync(analyzer, [10m, 11m, 12m]);
        var before = await harness.StateAsync();

        var again = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(2, 99m));

        Assert.Equal((TickStatus.Duplicate, 0, 4L), (again.Status, again.Applied, again.NextSequence));
        Assert.Equal(before, await harness.StateAsync());
    }

    [Fact]
    public async Task MoreTicksWaitingThanMaxBufferedTicks_GapIsSkippedAndFlagged()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => o.MaxBufferedTicks = 3);
        var analyzer = harness.Analyzer();
        await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(1, 10m));

        var waiting = new List<TickOutcome>();
        foreach (var sequence in new long[] { 4, 5, 6 })
        {
            waiting.Add(await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(sequence, 10m + (sequence / 10m))));
        }

        var fourth = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(7, 10.7m));
        var late = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(2, 12m));

        Assert.All(waiting, w => Assert.Equal((TickStatus.Buffered, 0, 2L), (w.Status, w.Applied, w.NextSequence)));
        Assert.Equal((TickStatus.Buffered, 4, 8L), (fourth.Status, fourth.Applied, fourth.NextSequence));
        var gap = Assert.Single(fourth.Results);
        Assert.Equal(("sequence_gap", 4L, 10.4m, 10m), (gap.Anomaly!.Reason, gap.Anomaly.Sequence, gap.Anomaly.Price, gap.Anomaly.PreviousPrice));
        Assert.Equal("2-3", gap.Skipped);
        Assert.Equal((TickStatus.Duplicate, 0), (late.Status, late.Applied));
        Assert.Equal("10.7", (await harness.StateAsync())["last"]);
    }

    [Fact]
    public async Task GapOlderThanGapTimeout_IsSkippedByTheSweep()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var analyzer = harness.Analyzer();
        await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(1, 10m));
        await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(3, 11m));
        harness.Time.Advance(harness.Options.GapTimeout - TimeSpan.FromMilliseconds(1));
        var early = await analyzer.SweepAsync(harness.Symbol, TestContext.Current.CancellationToken);
        await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(5, 12m));

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var swept = await analyzer.SweepAsync(harness.Symbol, TestContext.Current.CancellationToken);

        Assert.Equal((TickStatus.Swept, 0, 2L), (early.Status, early.Applied, early.NextSequence));
        // Tick 3 waited the whole timeout, tick 5 did not: only the gap before 3 is skipped.
        Assert.Equal((1, 4L), (swept.Applied, swept.NextSequence));
        Assert.Equal(("sequence_gap", 3L, "2-2"), (Assert.Single(swept.Results).Anomaly!.Reason, swept.Results[0].Anomaly!.Sequence, swept.Results[0].Skipped));
        Assert.Equal(("11", "1"), ((await harness.StateAsync())["last"], (await harness.StateAsync())["bn"]));
    }

    [Fact]
    public async Task GapFilledBeforeTheTimeout_IsNotFlagged()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var analyzer = harness.Analyzer();
        await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(1, 10m));
        await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(3, 11m));
        harness.Time.Advance(harness.Options.GapTimeout / 2);
        await analyzer.SweepAsync(harness.Symbol, TestContext.Current.CancellationToken);

        var filled = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(2, 10.5m));

        Assert.Equal((TickStatus.Applied, 2, 4L), (filled.Status, filled.Applied, filled.NextSequence));
        Assert.Empty(filled.Results);
        Assert.Equal(("11", "0"), ((await harness.StateAsync())["last"], (await harness.StateAsync())["bn"]));
    }

    internal static List<decimal> RandomWalk(int count, int seed)
    {
        var random = new Random(seed);
        var price = 100m;
        var prices = new List<decimal>(count);
        for (var i = 0; i < count; i++)
        {
            price = Math.Round(price * (1 + ((decimal)random.NextDouble() - 0.5m) / 25), 2);
            prices.Add(price);
        }

        return prices;
    }

    internal static List<string> ResultsOf(IEnumerable<AnalysisResult> results) =>
        [.. results.Select(r => r.Id + " " + (r.Trend?.ToString() ?? r.Anomaly?.ToString() ?? r.Crossing!.ToString()))];

    // The indicator state, without the fields of the results not yet confirmed (their lease times differ).
    internal static Dictionary<string, string> Indicators(Dictionary<string, string> state) =>
        state.Where(pair => !pair.Key.StartsWith("r:", StringComparison.Ordinal) && !pair.Key.StartsWith("rd", StringComparison.Ordinal)).ToDictionary();

    internal sealed class ResultIdComparer : IComparer<string>
    {
        public static readonly ResultIdComparer Instance = new();

        public int Compare(string? x, string? y) => Key(x!).CompareTo(Key(y!));

        private static (long, long) Key(string id)
        {
            var dot = id.IndexOf('.', StringComparison.Ordinal);
            return (long.Parse(id[..dot], System.Globalization.CultureInfo.InvariantCulture), long.Parse(id[(dot + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
