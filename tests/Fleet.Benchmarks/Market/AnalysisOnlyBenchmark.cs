using System.Globalization;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Benchmarks.Market;

/// <summary>
/// The analysis alone, without the collector: <see cref="Ticks"/> ticks of <see cref="TickThroughputBenchmark.Symbols"/>
/// symbols are written to market.events first (envelopes as the collector writes them, a random walk per symbol), then
/// two market-monitor replicas with the collector disabled analyse them in group <c>market-monitor</c>. This process
/// counts the <c>price.updated.*</c> messages; the window runs from the end of a warm-up (both replicas ready, a first
/// price, then the tick path's warm-up or a quarter of the ticks, whichever comes first) to the last price, so start-up
/// is not in it.
/// </summary>
internal static class AnalysisOnlyBenchmark
{
    public const int Ticks = 200_000;
    private static readonly string[] ReplicaNames = ["market-monitor-1", "market-monitor-2"];
    private static readonly TimeSpan WorkLimit = TimeSpan.FromMinutes(5);

    public static async Task<TickFigures> RunAsync()
    {
        await using var run = await MarketBenchRun.StartAsync();
        try
        {
            await PrefillAsync(run.Client);
            long prices = 0;
            await using var subscriber = await RedisSubscriber.ConnectAsync(RedisClientOptions.Parse(run.Redis.Url) with { SubscriptionBufferCapacity = 1_000_000 });
            await using var subscription = await subscriber.PatternSubscribeAsync(ContractKeys.PriceChannel("*"), (_, _) =>
            {
                Interlocked.Increment(ref prices);
                return ValueTask.CompletedTask;
            });

            var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["MarketMonitor__Collector__Enabled"] = "false" };
            for (var i = 0; i < TickThroughputBenchmark.SymbolNames.Count; i++)
            {
                settings[$"MarketMonitor__Symbols__{i.ToString(CultureInfo.InvariantCulture)}"] = TickThroughputBenchmark.SymbolNames[i];
            }

            var ready = await Task.WhenAll(ReplicaNames.Select(name => run.StartReplicaAsync(name, MarketBenchRun.MarketMonitor, settings)));
            Console.WriteLine($"analysis only: {Ticks:N0} ticks pre-filled; replicas ready after {string.Join(" and ", ready.Select(r => r.TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture)))}");
            await WaitForAsync(() => Interlocked.Read(ref prices) > 0, "a first price");
            // Warm-up, as for the tick path: the replicas' JIT (tiered compilation) is busy for seconds after start.
            var firstPrice = TimeProvider.System.GetTimestamp();
            await WaitForAsync(
                () => TimeProvider.System.GetElapsedTime(firstPrice) >= TickThroughputBenchmark.Warmup || Interlocked.Read(ref prices) >= Ticks / 4,
                "the warm-up's end");
            var before = await TickSnapshot.TakeAsync(run, Interlocked.Read(ref prices));
            var dropped0 = subscription.DroppedCount;
            await WaitForAsync(() => Interlocked.Read(ref prices) + subscription.DroppedCount >= Ticks, $"{Ticks:N0} prices");
            var dropped = subscription.DroppedCount - dropped0;
            var after = await TickSnapshot.TakeAsync(run, Interlocked.Read(ref prices) + dropped);
            var group = (await run.Client.XInfoGroupsAsync(new StreamKeys().Stream(FleetStreams.Market))).FirstOrDefault(g => g.Name == "market-monitor");
            return TickSnapshot.Between(before, after, group?.Lag ?? -1, dropped);
        }
        catch
        {
            run.Fail();
            throw;
        }
    }

    /// <summary>The symbols in turn, each a random walk from 100 (fixed seed), sequences 1, 2, 3, … per symbol.</summary>
    private static async Task PrefillAsync(RedisClient client)
    {
        var key = new StreamKeys().Stream(FleetStreams.Market);
        var symbols = TickThroughputBenchmark.SymbolNames;
        var random = new Random(9);
        var prices = symbols.Select(_ => 100.0).ToArray();
        var start = TimeProvider.System.GetUtcNow();
        // Sent in batches of concurrent XADDs: the client pipelines them on its connection.
        const int Batch = 1_000;
        for (var first = 0; first < Ticks; first += Batch)
        {
            var writes = new List<Task>(Batch);
            for (var i = first; i < Math.Min(first + Batch, Ticks); i++)
            {
                var s = i % symbols.Count;
                prices[s] = Math.Max(0.01, prices[s] * (1 + ((random.NextDouble() - 0.5) * 0.004)));
                var tick = new MarketDataCollected(symbols[s], Math.Round((decimal)prices[s], 2), 100, start.AddMilliseconds(i), (i / symbols.Count) + 1, 1);
                writes.Add(client.XAddAsync(key, EnvelopeCodec.Encode(new EventEnvelope
                {
                    Id = NUlid.Ulid.NewUlid(),
                    Type = "market.data.collected",
                    Version = 1,
                    Timestamp = start,
                    Data = JsonSerializer.SerializeToUtf8Bytes(tick, FleetContractsJsonContext.Default.MarketDataCollected),
                })).AsTask());
            }

            await Task.WhenAll(writes);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > WorkLimit)
            {
                throw new TimeoutException($"No {what} within {WorkLimit.TotalMinutes:0} min.");
            }

            await Task.Delay(10);
        }
    }
}
