using System.Globalization;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// Reads the figures of the fleet's streams for <see cref="AlertEvaluator"/>: per stream XINFO STREAM of it and of its
/// <c>:dlq</c> (entries-added, length), per group on either the statistics script of Fleet.Events (lag counted after
/// the last-delivered id, ADR 0005, because XINFO GROUPS' lag is null or wrong after deletions or an AOF restart), and
/// INFO memory. A missing stream reads as empty.
/// </summary>
internal sealed class FleetSampler(RedisClient redis, ConsumerGroupStatistics statistics, StreamKeys keys)
{
    /// <summary>The suffix a dead-letter stream's name gets in subjects, <c>contextual.events:dlq</c>.</summary>
    public const string DeadLetterSuffix = ":dlq";

    public async Task<FleetReading> ReadAsync(IReadOnlyList<string> streams, CancellationToken cancellationToken)
    {
        var groups = new List<GroupReading>();
        var counters = new Dictionary<string, StreamCounters>(StringComparer.Ordinal);
        var deadLetters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var stream in streams)
        {
            var streamKey = keys.Stream(stream);
            var deadLetterKey = keys.DeadLetters(stream);
            var source = await InfoAsync(streamKey, cancellationToken).ConfigureAwait(false);
            var dlq = await InfoAsync(deadLetterKey, cancellationToken).ConfigureAwait(false);
            counters[stream] = new StreamCounters(source?.EntriesAdded ?? 0, dlq?.EntriesAdded ?? 0);
            deadLetters[stream] = dlq?.Length ?? 0;
            if (source is { Groups: > 0 })
            {
                await ReadGroupsAsync(stream, streamKey, deadLetterKey, groups, cancellationToken).ConfigureAwait(false);
            }

            if (dlq is { Groups: > 0 })
            {
                await ReadGroupsAsync(stream + DeadLetterSuffix, deadLetterKey, deadLetterKey, groups, cancellationToken).ConfigureAwait(false);
            }
        }

        var memory = ParseMemory(await redis.InfoAsync("memory", cancellationToken).ConfigureAwait(false));
        return new FleetReading(groups, counters, deadLetters, memory);
    }

    /// <summary>used_memory and maxmemory from INFO memory's <c>name:value</c> lines.</summary>
    internal static MemoryReading ParseMemory(string? info)
    {
        long used = 0, max = 0;
        foreach (var line in (info ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !long.TryParse(line.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            switch (line[..colon])
            {
                case "used_memory":
                    used = value;
                    break;
                case "maxmemory":
                    max = value;
                    break;
            }
        }

        return new MemoryReading(used, max);
    }

    private async Task ReadGroupsAsync(string name, string streamKey, string deadLetterKey, List<GroupReading> groups, CancellationToken cancellationToken)
    {
        foreach (var group in await redis.XInfoGroupsAsync(streamKey, cancellationToken).ConfigureAwait(false))
        {
            var figures = await statistics.ReadAsync(streamKey, deadLetterKey, group.Name, cancellationToken).ConfigureAwait(false);
            groups.Add(new GroupReading(name, group.Name, figures.Lag, figures.Pending));
        }
    }

    private async Task<StreamInfo?> InfoAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.XInfoStreamAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }
}
