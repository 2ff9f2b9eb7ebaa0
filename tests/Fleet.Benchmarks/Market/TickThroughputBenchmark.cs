using System.Globalization;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Benchmarks.Market;

/// <summary>
/// Ticks per second from the collector through the analysis to Pub/Sub: two market-monitor replicas as processes, the
/// one holding the collector lease running the random-walk feed as fast as it can (<c>TicksPerSecond</c> 0) over
/// <see cref="Symbols"/> symbols, both analysing market.events in group <c>market-monitor</c>; this process counts the
/// <c>price.updated.*</c> messages (PSUBSCRIBE). After a warm-up, the messages of a fixed window give the rate; the
/// stream's entries-added counter gives the collector's rate beside it, and each process's CPU time and redis-server's
/// command statistics where the time goes.
/// </summary>
internal static class TickThroughputBenchmark
{
    public const int Symbols = 20;
    public const int CollectorBatchSize = 1_000;
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FirstPriceLimit = TimeSpan.FromSeconds(120);

    public static IReadOnlyList<string> SymbolNames { get; } =
        [.. Enumerable.Range(1, Symbols).Select(i => "SYM" + i.ToString("00", CultureInfo.InvariantCulture))];

    public static async Task<TickFigures> RunAsync()
    {
        await using var run = await MarketBenchRun.StartAsync();
        try
        {
            long prices = 0;
            await using var subscriber = await RedisSubscriber.ConnectAsync(RedisClientOptions.Parse(run.Redis.Url) with { SubscriptionBufferCapacity = 1_000_000 });
            await using var subscription = await subscriber.PatternSubscribeAsync(ContractKeys.PriceChannel("*"), (_, _) =>
            {
                Interlocked.Increment(ref prices);
                return ValueTask.CompletedTask;
            });

            var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["MarketMonitor__Collector__Feed"] = "random",
                ["MarketMonitor__Collector__TicksPerSecond"] = "0",
                // Fewer, larger fenced publishes and checkpoints: the random walk at full speed has no latency to keep.
                ["MarketMonitor__Collector__BatchSize"] = CollectorBatchSize.ToString(CultureInfo.InvariantCulture),
            };
            for (var i = 0; i < SymbolNames.Count; i++)
            {
                settings[$"MarketMonitor__Symbols__{i.ToString(CultureInfo.InvariantCulture)}"] = SymbolNames[i];
            }

            foreach (var name in new[] { "market-monitor-1", "market-monitor-2" })
            {
                var ready = await run.StartReplicaAsync(name, MarketBenchRun.MarketMonitor, settings);
                Console.WriteLine($"{name}: ready after {ready.TotalSeconds:0.000} s");
            }

            var waited = TimeProvider.System.GetTimestamp();
            while (Interlocked.Read(ref prices) == 0)
            {
                if (TimeProvider.System.GetElapsedTime(waited) > FirstPriceLimit)
                {
                    throw new TimeoutException($"No price.updated.* message within {FirstPriceLimit.TotalSeconds:0} s of both replicas being ready.");
                }

                await Task.Delay(50);
            }

            await Task.Delay(Warmup);
            var before = await TickSnapshot.TakeAsync(run, Interlocked.Read(ref prices));
            var dropped0 = subscription.DroppedCount;
            await Task.Delay(Window);
            var after = await TickSnapshot.TakeAsync(run, Interlocked.Read(ref prices));
            var dropped = subscription.DroppedCount - dropped0;
            var group = (await run.Client.XInfoGroupsAsync(new StreamKeys().Stream(FleetStreams.Market))).FirstOrDefault(g => g.Name == "market-monitor");
            // Messages the subscriber's buffer dropped arrived all the same: they count.
            return TickSnapshot.Between(before, after with { Prices = after.Prices + dropped }, group?.Lag ?? -1, dropped);
        }
        catch
        {
            run.Fail();
            throw;
        }
    }
}
