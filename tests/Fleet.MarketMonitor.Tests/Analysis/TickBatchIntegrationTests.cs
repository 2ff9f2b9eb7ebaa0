using System.Text.Json;
using Fleet.Contracts;
using Fleet.MarketMonitor.Analysis;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.Analysis;

/// <summary>Several ticks of a symbol in one <see cref="TickScript"/> call (ADR 0010), in any order, from two replicas.</summary>
public sealed class TickBatchIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task ShuffledBatchesWithDuplicatesFromTwoReplicas_EachTickAppliedOnceInSequenceOrder()
    {
        var symbol = AnalyzerHarness.NewSymbol();
        var prices = TickOrderIntegrationTests.RandomWalk(120, seed: 5);
        await using var inOrder = await AnalyzerHarness.StartAsync(redis.Server.Url, symbol: symbol);
        await using var batched = await AnalyzerHarness.StartAsync(redis.Server.Url, symbol: symbol);
        var expected = await inOrder.ApplySeriesAsync(inOrder.Analyzer(), prices);
        // Subscribed after the reference run: the channel (no key prefix) is the symbol's, so it carried those prices too.
        await using var subscriber = await RedisSubscriber.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url), TestContext.Current.CancellationToken);
        await using var channel = await subscriber.SubscribeAsync(ContractKeys.PriceChannel(symbol), TestContext.Current.CancellationToken);
        var replicas = new[] { await batched.ReplicaAsync(), await batched.ReplicaAsync() };
        var ticks = prices.Select((price, i) => new TickDelivery(batched.Tick(i + 1, price), AnalyzerHarness.EventId(i + 1))).ToList();
        // Every tick twice, shuffled, in batches of 1 to 16 ticks, to either replica, two calls at a time.
        var random = new Random(17);
        var deliveries = ticks.Concat(ticks).OrderBy(_ => random.Next()).ToList();
        var batches = new List<TickDelivery[]>();
        for (var at = 0; at < deliveries.Count;)
        {
            var size = Math.Min(random.Next(1, 17), deliveries.Count - at);
            batches.Add([.. deliveries.Skip(at).Take(size)]);
            at += size;
        }

        var statuses = new List<TickStatus>();
        var results = new List<AnalysisResult>();
        await Parallel.ForEachAsync(
            batches.Select((batch, i) => (batch, replica: replicas[i % 2])),
            new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = TestContext.Current.CancellationToken },
            async (call, cancellationToken) =>
            {
                var outcome = await call.replica.ApplyAsync(symbol, call.batch, cancellationToken);
                // Published and confirmed as a handler does; a copy taken over in between is a legitimate repeat.
                await call.replica.ConfirmAsync(symbol, outcome.Results, cancellationToken);
                lock (results)
                {
                    statuses.AddRange(outcome.Statuses);
                    results.AddRange(outcome.Results);
                }
            });

        var published = new List<string>();
        while (published.Count < prices.Count)
        {
            var message = await channel.Reader.ReadAsync(TestContext.Current.CancellationToken);
            published.Add(JsonDocument.Parse(message.Message.ToString()).RootElement.GetProperty("price").GetString()!);
        }

        Assert.Equal(deliveries.Count, statuses.Count);
        Assert.Equal(prices.Count, statuses.Count(s => s == TickStatus.Duplicate));
        Assert.Equal(
            TickOrderIntegrationTests.ResultsOf(expected),
            TickOrderIntegrationTests.ResultsOf(results.DistinctBy(r => r.Id).OrderBy(r => r.Id, TickOrderIntegrationTests.ResultIdComparer.Instance)));
        Assert.Equal(
            TickOrderIntegrationTests.Indicators(await inOrder.StateAsync()),
            TickOrderIntegrationTests.Indicators(await batched.StateAsync()));
        Assert.Equal(prices.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), published);
        Assert.False(channel.Reader.TryRead(out _), "no price was published twice");
    }

    [Fact]
    public async Task BatchOutOfOrderWithRepeats_AppliesEachSequenceOnceAndReportsStatusesInTheOrderGiven()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var analyzer = harness.Analyzer();
        TickDelivery[] batch =
        [
            new(harness.Tick(3, 12m), AnalyzerHarness.EventId(3)),
            new(harness.Tick(1, 10m), AnalyzerHarness.EventId(1)),
            new(harness.Tick(5, 14m), AnalyzerHarness.EventId(5)),
            new(harness.Tick(2, 11m), AnalyzerHarness.EventId(2)),
            // Tick 2 republished by a new collector term (a new event id) and tick 1 redelivered.
            new(harness.Tick(2, 11m), NUlid.Ulid.NewUlid()),
            new(harness.Tick(1, 10m), AnalyzerHarness.EventId(1)),
        ];

        var outcome = await analyzer.ApplyAsync(harness.Symbol, batch, TestContext.Current.CancellationToken);
        var fill = await AnalyzerHarness.ApplyAsync(analyzer, harness.Tick(4, 13m));

        Assert.Equal(
            [TickStatus.Applied, TickStatus.Applied, TickStatus.Buffered, TickStatus.Applied, TickStatus.Duplicate, TickStatus.Duplicate],
            outcome.Statuses);
        Assert.Equal((3, 4L), (outcome.Applied, outcome.NextSequence));
        Assert.Equal((TickStatus.Applied, 2, 6L), (fill.Status, fill.Applied, fill.NextSequence));
        var state = await harness.StateAsync();
        Assert.Equal(("5", "14", "10,11,12,13,14", "0"), (state["n"], state["last"], state["ws"], state["bn"]));
    }

    [Fact]
    public async Task BatchAppliedByAReplicaThatDiedBeforePublishing_RedeliveredInOtherBatches_ReturnsEveryResult()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => (o.ShortWindow, o.LongWindow, o.RsiPeriod) = (2, 3, 2));
        decimal[] prices = [10m, 11m, 12m, 11m, 10m, 9m, 10m, 12m];
        var ticks = prices.Select((price, i) => new TickDelivery(harness.Tick(i + 1, price), AnalyzerHarness.EventId(i + 1))).ToArray();
        var dead = await harness.ReplicaAsync();
        var made = await dead.ApplyAsync(harness.Symbol, ticks, TestContext.Current.CancellationToken);

        // The replica died holding the whole batch: nothing published, nothing acknowledged. Another claims the ticks
        // and its batches split and order them differently.
        var live = await harness.ReplicaAsync();
        var redelivered = new List<AnalysisResult>();
        foreach (var batch in new[] { ticks[5..].Reverse().ToArray(), ticks[..5] })
        {
            var outcome = await live.ApplyAsync(harness.Symbol, batch, TestContext.Current.CancellationToken);
            Assert.All(outcome.Statuses, s => Assert.Equal(TickStatus.Duplicate, s));
            await live.ConfirmAsync(harness.Symbol, outcome.Results, TestContext.Current.CancellationToken);
            redelivered.AddRange(outcome.Results);
        }

        Assert.True(made.Results.Count >= 4, $"the series makes several results ({made.Results.Count})");
        Assert.Equal(8, made.Applied);
        Assert.Equal(made.Results.OrderBy(r => r.Id, StringComparer.Ordinal), redelivered.OrderBy(r => r.Id, StringComparer.Ordinal));
        Assert.DoesNotContain(await harness.StateAsync(), pair => pair.Key.StartsWith("r:", StringComparison.Ordinal) || pair.Key.StartsWith("rd:", StringComparison.Ordinal));
    }
}
