using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Fleet.Testing.Processes;
using NUlid;

namespace Fleet.EndToEnd.Tests.Market;

/// <summary>
/// One replay of samples/market/ticks.csv by two market-monitor replicas, with the collector's leader SIGKILLed midway;
/// <see cref="MarketReplayTests"/> check what it left. Before the feed starts (the test holds the collector lease, so no
/// replica can collect), a user with a webhook subscribes a price alert on ACME and the test subscribes to
/// <c>price.updated.*</c>. Then the test lets the lease go, finds the leader from the lease key's value, kills it once
/// some ticks are out, restarts it under its name (as an orchestrator would), and waits until the checkpoint is at the end
/// of the sample, every symbol's analysis has applied every sequence and nothing is pending.
/// </summary>
public sealed class MarketReplayFixture(OperationsFixture fleet) : IAsyncLifetime
{
    internal const string Monitor1 = "market-monitor-1";
    internal const string Monitor2 = "market-monitor-2";
    internal const string AlertSymbol = "ACME";

    /// <summary>
    /// Market seconds per wall second: the sample's rows are about 15 market seconds apart, so about 5 ms each, and the
    /// sample (three sessions of 6½ hours) replays in about 25 s: long enough to kill the leader midway.
    /// </summary>
    private const int Speed = 3000;

    /// <summary>Ticks published before the leader is killed: a few batches, well before the sample's end.</summary>
    private const int KillAfter = 600;

    private static readonly Replica[] Monitors = [new(Monitor1, ServiceBinaries.MarketMonitor), new(Monitor2, ServiceBinaries.MarketMonitor)];

    private readonly ConcurrentQueue<RedisChannelMessage> _prices = new();
    private RedisSubscriber? _subscriber;

    internal string LeaseKey => fleet.Bus.Keys.Leader(FleetStreams.Market, "market-collector");

    internal string AlertUser { get; } = Users.New("price");

    internal PriceAlertSubscribed Alert { get; private set; } = null!;

    /// <summary>The instance that held the lease when the feed started, and was killed.</summary>
    internal string Killed { get; private set; } = null!;

    /// <summary>The killed term's fencing token.</summary>
    internal long KilledToken { get; private set; }

    /// <summary>How many <c>market.data.collected</c> entries were on the stream when the leader was killed.</summary>
    internal int CollectedAtKill { get; private set; }

    /// <summary>The first tick of a later term, and how long after the kill the test saw it.</summary>
    internal (MarketDataCollected Tick, TimeSpan After) Resumed { get; private set; }

    /// <summary>The lease key's value once the other replica took over.</summary>
    internal string LeaseAfterKill { get; private set; } = null!;

    /// <summary>The last sequence the collector gave each symbol (from the checkpoint at the end of the sample).</summary>
    internal IReadOnlyDictionary<string, long> Sequences { get; private set; } = null!;

    /// <summary>Every <c>market.data.collected</c> on the stream at the end, copies of one tick included.</summary>
    internal IReadOnlyList<StreamEvent<MarketDataCollected>> Collected { get; private set; } = null!;

    /// <summary>Every <c>price.updated.{SYMBOL}</c> message received, in order.</summary>
    internal IReadOnlyList<RedisChannelMessage> Prices => [.. _prices];

    internal static TimeSpan LeaseTime => OperationsFixture.LeaseTime;

    internal OperationsFixture Operations => fleet;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var redis = fleet.Bus.Client;
        await fleet.SetWebhookAsync(AlertUser);
        Alert = new PriceAlertSubscribed(Ulid.NewUlid().ToString(), AlertUser, AlertSymbol, PriceAlertDirection.Above, Threshold(AlertSymbol));

        // The test holds the collector lease (as an operator could), so the replicas start as followers and the feed waits.
        Assert.True(await redis.SetAsync(LeaseKey, "e2e-tests/hold/0", TimeSpan.FromMinutes(30), SetCondition.IfNotExists, cancellationToken), $"{LeaseKey} is held already.");
        await Task.WhenAll(Monitors.Select(m => fleet.StartAsync(m, Settings)));

        await fleet.Bus.Publisher.PublishAsync(FleetStreams.User, Alert, new PublishOptions { UserId = AlertUser }, cancellationToken);
        await Eventually.TrueAsync(
            async () => await redis.HashExistsAsync(fleet.State.Keys.PriceAlerts(AlertSymbol), "a:" + Alert.AlertId, cancellationToken),
            $"market-monitor keeps price alert {Alert.AlertId} in {fleet.State.Keys.PriceAlerts(AlertSymbol)}",
            OperationsFixture.WorkLimit);
        _subscriber = await redis.CreateSubscriberAsync(cancellationToken);
        await _subscriber.PatternSubscribeAsync(ContractKeys.PriceChannel("*"), (message, _) =>
        {
            _prices.Enqueue(message);
            return ValueTask.CompletedTask;
        }, cancellationToken);

        Assert.True(await redis.DeleteAsync(LeaseKey, cancellationToken));
        await KillLeaderMidwayAsync();
        await fleet.StartAsync(Monitors.Single(m => m.Name == Killed), Settings);
        await ReplayEndedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }
    }

    /// <summary>The leader's instance name and token, from the lease key's value <c>&lt;instance&gt;/&lt;32 hex&gt;/&lt;token&gt;</c>.</summary>
    internal async Task<(string Instance, long Token)?> LeaderAsync()
    {
        var value = (string?)await fleet.Bus.Client.GetAsync(LeaseKey, TestContext.Current.CancellationToken);
        var parts = value?.Split('/');
        return parts is [var instance, { Length: 32 }, var token] ? (instance, long.Parse(token, CultureInfo.InvariantCulture)) : null;
    }

    private static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["MarketMonitor__Collector__Speed"] = Speed.ToString(CultureInfo.InvariantCulture),
        // Overnight gaps and the feed outage in the sample are not waited out.
        ["MarketMonitor__Collector__MaxPause"] = "00:00:00.200",
        // The analysis runs on its defaults: the killed replica's in-flight ticks are claimed by the survivor after the
        // tick group's 5 s processing timeout, inside the 15 s gap timeout, so none is skipped.
    };

    /// <summary>A price the sample's <paramref name="symbol"/> rises above and falls below again, some times: its 80th percentile.</summary>
    private static decimal Threshold(string symbol)
    {
        var lines = File.ReadAllLines(Path.Combine(ServiceBinaries.RepositoryRoot, "samples", "market", "ticks.csv"));
        var header = lines[0].Split(',');
        var (symbolColumn, priceColumn) = (Array.IndexOf(header, "symbol"), Array.IndexOf(header, "price"));
        var prices = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[symbolColumn] == symbol)
            .Select(f => decimal.Parse(f[priceColumn], CultureInfo.InvariantCulture)).Order().ToList();
        return prices[prices.Count * 4 / 5];
    }

    /// <summary>Waits until the first term has published <see cref="KillAfter"/> ticks, SIGKILLs its replica and waits for the next term's ticks.</summary>
    private async Task KillLeaderMidwayAsync()
    {
        await Eventually.UntilAsync(LeaderAsync, found => found is not null, $"a market-monitor replica takes {LeaseKey}", OperationsFixture.WorkLimit);
        var key = fleet.Bus.Keys.Stream(FleetStreams.Market);
        await Eventually.TrueAsync(
            async () => await fleet.Bus.Client.XLenAsync(key, TestContext.Current.CancellationToken) >= KillAfter,
            $"the collector publishes {KillAfter} ticks",
            OperationsFixture.WorkLimit);

        // The leader now, from the lease key; still the same right after the kill, so the process killed was the leader.
        (Killed, KilledToken) = (await LeaderAsync())!.Value;
        Assert.Contains(Killed, Monitors.Select(m => m.Name));
        await fleet[Killed].KillAsync();
        var killedAt = TimeProvider.System.GetTimestamp();
        Assert.Equal((Killed, KilledToken), await LeaderAsync());
        CollectedAtKill = (await fleet.State.EventsAsync<MarketDataCollected>(FleetStreams.Market)).Count;

        // A failure guard derived from the lease: it expires within LeaseTime of the last renewal, the other replica tries
        // every third of it, and a busy machine needs a margin to publish its first batch.
        var resumed = await Eventually.UntilAsync(
            async () => (await fleet.State.LatestEventsAsync<MarketDataCollected>(FleetStreams.Market, 200)).FirstOrDefault(e => e.Data.FencingToken > KilledToken),
            found => found is not null,
            $"a tick with a fencing token above {KilledToken} after {Killed} was killed",
            LeaseTime * 5);
        Resumed = (resumed!.Data, TimeProvider.System.GetElapsedTime(killedAt));
        LeaseAfterKill = (string?)await fleet.Bus.Client.GetAsync(LeaseKey, TestContext.Current.CancellationToken) ?? string.Empty;
    }

    /// <summary>Waits until the checkpoint is at the sample's end, every symbol's analysis is at its last sequence and no group holds entries.</summary>
    private async Task ReplayEndedAsync()
    {
        var rows = File.ReadLines(Path.Combine(ServiceBinaries.RepositoryRoot, "samples", "market", "ticks.csv")).Count() - 1;
        var checkpoint = await Eventually.UntilAsync(
            async () => (string?)await fleet.Bus.Client.GetAsync(fleet.State.Keys.CollectorCheckpoint, TestContext.Current.CancellationToken) ?? "{}",
            json => JsonDocument.Parse(json).RootElement.TryGetProperty("position", out var position) && position.GetInt32() == rows,
            $"the collector's checkpoint is at row {rows}, the end of the sample",
            OperationsFixture.WorkLimit);
        Sequences = JsonDocument.Parse(checkpoint).RootElement.GetProperty("sequences").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);

        foreach (var (symbol, last) in Sequences)
        {
            await Eventually.TrueAsync(
                async () => (string?)await fleet.Bus.Client.HashGetAsync(fleet.State.Keys.MarketState(symbol), "next", TestContext.Current.CancellationToken)
                    == (last + 1).ToString(CultureInfo.InvariantCulture),
                $"the analysis of {symbol} is past its last sequence {last}",
                OperationsFixture.WorkLimit);
        }

        await fleet.QuietAsync();
        Collected = await fleet.State.EventsAsync<MarketDataCollected>(FleetStreams.Market);
    }
}
