using System.Globalization;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Market;

/// <summary>
/// What two market-monitor replicas made of the sample with the collector's leader SIGKILLed midway
/// (<see cref="MarketReplayFixture"/>): another replica took the feed over with a higher fencing token, every tick was
/// applied by the analysis exactly once and in order, trends started and ended, and the price alert's crossings reached
/// the user's webhook through the real notifier once each.
/// </summary>
[Collection(SharedOperations.Name)]
public sealed class MarketReplayTests(MarketReplayFixture replay) : IClassFixture<MarketReplayFixture>
{
    [Fact]
    public void LeaderKilled_OtherReplicaResumesWithHigherFencingToken()
    {
        var survivor = replay.Killed == MarketReplayFixture.Monitor1 ? MarketReplayFixture.Monitor2 : MarketReplayFixture.Monitor1;
        Assert.StartsWith(survivor + "/", replay.LeaseAfterKill, StringComparison.Ordinal);
        Assert.True(replay.Resumed.Tick.FencingToken > replay.KilledToken);
        Assert.True(replay.CollectedAtKill > 0 && replay.CollectedAtKill < replay.Sequences.Values.Sum(), $"{replay.CollectedAtKill} ticks were out when {replay.Killed} was killed: not midway.");

        // Every tick before the kill came from the killed term or earlier ones; each carries its token in the metadata too.
        var terms = replay.Collected.Select(e => e.Data.FencingToken).Distinct().Order().ToList();
        Assert.All(replay.Collected.Take(replay.CollectedAtKill), e => Assert.True(e.Data.FencingToken <= replay.KilledToken));
        Assert.Contains(replay.Collected.Skip(replay.CollectedAtKill), e => e.Data.FencingToken > replay.KilledToken);
        Assert.All(replay.Collected, e => Assert.Equal(e.Data.FencingToken.ToString(CultureInfo.InvariantCulture), e.Envelope.Metadata?.GetValueOrDefault("fencing_token")));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{replay.Killed} (token {replay.KilledToken}) SIGKILLed after {replay.CollectedAtKill} ticks; {survivor} published token {replay.Resumed.Tick.FencingToken}'s first tick "
            + $"{replay.Resumed.After.TotalSeconds:0.0} s later (lease {MarketReplayFixture.LeaseTime.TotalSeconds:0} s); terms {string.Join(", ", terms)}");
    }

    [Fact]
    public async Task LeaderKilled_EveryTickPublishedAndAppliedExactlyOnceInOrder()
    {
        foreach (var (symbol, last) in replay.Sequences)
        {
            // Published: every sequence 1..last; a repeat (a batch the killed term published but did not checkpoint) is the same tick.
            var ticks = replay.Collected.Where(e => e.Data.Symbol == symbol).GroupBy(e => e.Data.Sequence).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), ticks.Keys.Order());
            Assert.All(ticks.Values.Where(copies => copies.Count > 1), copies =>
                Assert.Single(copies.Select(c => (c.Data.Price, c.Data.Time, c.Data.Volume)).Distinct()));

            // Applied once each, in sequence order: the analysis publishes a tick's price on Pub/Sub in the same script that
            // applies it, so the channel carries each sequence's price exactly once, in order.
            var expected = ticks.OrderBy(t => t.Key).Select(t => t.Value[0].Data).Select(t => (t.Price.ToString(CultureInfo.InvariantCulture), t.Time)).ToList();
            await Eventually.UntilAsync(
                () => Task.FromResult(PricesOf(symbol).Count),
                count => count >= expected.Count,
                $"{expected.Count} prices of {symbol} on {ContractKeys.PriceChannel(symbol)}",
                OperationsFixture.WorkLimit);
            var received = PricesOf(symbol);
            Assert.Equal(expected, received);

            // The state agrees: every sequence applied (n counts applications), the next one expected is last + 1.
            var state = await replay.Operations.Bus.Client.HashGetAllAsync(replay.Operations.State.Keys.MarketState(symbol), TestContext.Current.CancellationToken);
            Assert.Equal((last.ToString(CultureInfo.InvariantCulture), (last + 1).ToString(CultureInfo.InvariantCulture)), ((string?)state["n"], (string?)state["next"]));
        }

        Assert.DoesNotContain(await replay.Operations.State.EventsAsync<MarketAnomalyDetected>(FleetStreams.Market), a => a.Data.Reason == "sequence_gap");
        Assert.Equal(0, (await replay.Operations.State.PendingAsync()).Where(p => p.Key.EndsWith("/market-monitor", StringComparison.Ordinal)).Sum(p => p.Value));
    }

    [Fact]
    public async Task Replay_TrendsStartAndEndInTurnAndTheHaltIsFlagged()
    {
        var trends = Distinct(await replay.Operations.State.EventsAsync<MarketTrendDetected>(FleetStreams.Market)).Select(e => e.Data).ToList();
        foreach (var symbol in replay.Sequences.Keys)
        {
            var ofSymbol = trends.Where(t => t.Symbol == symbol).ToList();
            Assert.Contains(ofSymbol, t => t.Signal is "sma_crossover" or "ema_crossover");
            Assert.True(ofSymbol.Count < replay.Sequences[symbol] / 2, $"{symbol}: {ofSymbol.Count} trend events for {replay.Sequences[symbol]} ticks: not only at starts and ends.");
            foreach (var signal in ofSymbol.GroupBy(t => t.Signal))
            {
                // A signal's trend ends before another starts: started d1, ended d1, started d2, ...
                var phases = signal.OrderBy(t => t.Sequence).ThenBy(t => t.Phase == TrendPhase.Started).ToList();
                for (var i = 0; i < phases.Count; i++)
                {
                    Assert.Equal(i % 2 == 0 ? TrendPhase.Started : TrendPhase.Ended, phases[i].Phase);
                    if (i % 2 == 1)
                    {
                        Assert.Equal(phases[i - 1].Direction, phases[i].Direction);
                    }
                }
            }
        }

        // The sample's INITECH halt reopens about 26 % higher: one huge jump, flagged once.
        var anomalies = Distinct(await replay.Operations.State.EventsAsync<MarketAnomalyDetected>(FleetStreams.Market)).Select(e => e.Data).ToList();
        Assert.Single(anomalies, a => a.Symbol == "INITECH" && a.Reason == "huge_jump");
    }

    [Fact]
    public async Task PriceAlert_EachCrossingNotifiedOnceByWebhook()
    {
        // The crossings, from the ticks applied in order: the first tick sets the side, each move from below to at or
        // above the threshold afterwards is one crossing.
        var alert = replay.Alert;
        var prices = replay.Collected.Where(e => e.Data.Symbol == alert.Symbol).GroupBy(e => e.Data.Sequence).OrderBy(g => g.Key).Select(g => g.First().Data.Price).ToList();
        var crossings = prices.Zip(prices.Skip(1)).Count(p => p.First < alert.Threshold && p.Second >= alert.Threshold);
        Assert.True(crossings > 0, $"{alert.Symbol} never rises to {alert.Threshold}: the alert proves nothing.");

        var requested = await Eventually.UntilAsync(
            async () => (await replay.Operations.State.EventsAsync<NotificationRequested>(FleetStreams.Notification)).Where(e => e.Data.UserId == replay.AlertUser).ToList(),
            found => found.Select(e => e.Envelope.CausationId).Distinct().Count() >= crossings,
            $"{crossings} price alert notifications requested for {replay.AlertUser}",
            OperationsFixture.WorkLimit);
        Assert.All(requested, e => Assert.Equal(("market.price_alert", alert.AlertId), (e.Data.Topic, e.Data.Reference)));
        var keys = requested.Select(e => e.Envelope.CausationId + ":" + e.Data.Topic).Distinct().ToList();
        Assert.Equal(crossings, keys.Count);

        var webhooks = await Eventually.UntilAsync(
            () => Task.FromResult(replay.Operations.Webhooks.Requests.Where(r => r.Path == "/hooks/" + replay.AlertUser).ToList()),
            found => found.Count >= crossings,
            $"{crossings} webhooks to {replay.AlertUser}",
            OperationsFixture.WorkLimit);
        await replay.Operations.QuietAsync();
        Assert.Equal(keys.Order(StringComparer.Ordinal), replay.Operations.Webhooks.Requests.Where(r => r.Path == "/hooks/" + replay.AlertUser).Select(r => r.IdempotencyKey!).Order(StringComparer.Ordinal));
        Assert.All(webhooks, w => Assert.True(w.SignatureValid, $"The webhook {w.IdempotencyKey} is not signed right."));
        TestContext.Current.TestOutputHelper?.WriteLine($"{alert.Symbol} above {alert.Threshold}: {crossings} crossings, {webhooks.Count} webhooks, {requested.Count} requests");
    }

    /// <summary>One copy of each analysis result: a result published again after a crash carries the same <c>result_id</c>.</summary>
    private static IEnumerable<StreamEvent<T>> Distinct<T>(IEnumerable<StreamEvent<T>> events) =>
        events.GroupBy(e => e.Envelope.Metadata?.GetValueOrDefault("result_id") ?? e.Envelope.Id.ToString()).Select(g => g.First());

    private List<(string Price, DateTimeOffset Time)> PricesOf(string symbol) =>
        [.. replay.Prices.Where(m => m.Channel == ContractKeys.PriceChannel(symbol)).Select(m =>
        {
            using var json = JsonDocument.Parse(m.Message.ToString());
            return (json.RootElement.GetProperty("price").GetString()!, json.RootElement.GetProperty("timestamp").GetDateTimeOffset());
        })];
}
