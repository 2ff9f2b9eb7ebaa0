using Fleet.Contracts;
using Fleet.Events;

namespace Fleet.Benchmarks.Market;

/// <summary>
/// The counters of a tick run at one moment, so that two of them give a window's figures (<see cref="Between"/>): prices
/// received, market.events' entries added, each process's CPU seconds and redis-server's command statistics.
/// </summary>
internal sealed record TickSnapshot(
    long Timestamp,
    long Prices,
    long EntriesAdded,
    double[] ReplicaCpu,
    double RedisCpu,
    double BenchCpu,
    Dictionary<string, (long Calls, long Microseconds)> Commands)
{
    /// <summary>Reads the counters now; <paramref name="prices"/> is the subscriber's count of price.updated messages.</summary>
    public static async Task<TickSnapshot> TakeAsync(MarketBenchRun run, long prices)
    {
        var stream = new StreamKeys().Stream(FleetStreams.Market);
        var added = (await run.Client.XInfoStreamAsync(stream)).EntriesAdded ?? 0;
        return new TickSnapshot(
            TimeProvider.System.GetTimestamp(),
            prices,
            added,
            [.. run.Replicas.Select(r => CpuTime.OfProcess(r.ProcessId))],
            await CpuTime.OfRedisAsync(run.Client),
            CpuTime.OfThisProcess(),
            await RedisCommandStats.ReadAsync(run.Client));
    }

    /// <summary>The figures of the window from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static TickFigures Between(TickSnapshot before, TickSnapshot after, long lagAfter, long dropped)
    {
        var elapsed = TimeProvider.System.GetElapsedTime(before.Timestamp, after.Timestamp);
        var seconds = elapsed.TotalSeconds;
        var received = after.Prices - before.Prices;
        return new TickFigures(
            received / seconds,
            (after.EntriesAdded - before.EntriesAdded) / seconds,
            elapsed,
            received,
            lagAfter,
            dropped,
            [.. after.ReplicaCpu.Zip(before.ReplicaCpu, (a, b) => (a - b) / seconds)],
            (after.RedisCpu - before.RedisCpu) / seconds,
            (after.BenchCpu - before.BenchCpu) / seconds,
            RedisCommandStats.Difference(before.Commands, after.Commands));
    }
}
