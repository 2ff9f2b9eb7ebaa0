using Fleet.Contracts;
using Fleet.Demo.Following;
using Fleet.Demo.Scenario;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Reporting;

/// <summary>
/// The closing summary, read from Redis and from what the follower saw: events per stream, pending entries per
/// consumer group (XINFO GROUPS of every stream, then XPENDING of each group), dead letters, each upload's trace,
/// the vectors actually stored, and the services' health and metrics endpoints.
/// </summary>
internal sealed class FleetSummary(RedisClient redis, StreamKeys keys, EventObserver observer, Journeys journeys, Narrator narrator, DemoOptions options)
{
    private static readonly TimeSpan PendingPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Groups with entries still pending once the wait ended ("stream/group: n").</summary>
    public List<string> Pending { get; } = [];

    /// <summary>Processed files whose vector hashes are not all in Redis ("file: found of expected").</summary>
    public List<string> MissingVectors { get; } = [];

    /// <summary>Services whose /health/ready did not answer 200.</summary>
    public List<string> Unready { get; } = [];

    public async Task WriteAsync(TimeSpan pendingWait, CancellationToken cancellationToken)
    {
        narrator.Heading("Events per stream (this run, by type; XLEN = all entries)");
        var counts = observer.Counts;
        foreach (var stream in FleetStreams.All)
        {
            var length = await redis.XLenAsync(keys.Stream(stream), cancellationToken);
            var types = counts.TryGetValue(stream, out var byType)
                ? string.Join(", ", byType.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"))
                : "-";
            narrator.Line($"  {stream,-20} XLEN {length,5}   {types}");
        }

        await WritePendingAsync(pendingWait, cancellationToken);
        WriteDeadLetters();
        await WriteVectorsAndTracesAsync(cancellationToken);
        await WriteServicesAsync(cancellationToken);
    }

    // Acknowledgements are batched by the consumers, so a group may hold a few entries for a moment after the last
    // event was handled: XPENDING is read again until every group is at 0 or the wait is over.
    private async Task WritePendingAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        narrator.Heading("Consumer groups (XINFO GROUPS of every stream, XPENDING of each group)");
        var deadline = narrator.Time.GetUtcNow() + wait;
        List<(string Stream, StreamGroupInfo Group, long Pending)> rows;
        while (true)
        {
            rows = await ReadGroupsAsync(cancellationToken);
            if (rows.TrueForAll(row => row.Pending == 0) || narrator.Time.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(PendingPoll, narrator.Time, cancellationToken);
        }

        foreach (var (stream, group, pending) in rows)
        {
            narrator.Line($"  {stream,-20} {group.Name,-20} consumers {group.Consumers}  pending {pending}  lag {group.Lag?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}");
            if (pending != 0)
            {
                Pending.Add($"{stream}/{group.Name}: {pending}");
            }
        }

        narrator.Verdict(Pending.Count == 0, Pending.Count == 0 ? $"pending = 0 in all {rows.Count} groups" : $"still pending: {string.Join(", ", Pending)}");
    }

    private async Task<List<(string, StreamGroupInfo, long)>> ReadGroupsAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(string, StreamGroupInfo, long)>();
        foreach (var stream in FleetStreams.All)
        {
            var key = keys.Stream(stream);
            if (!await redis.ExistsAsync(key, cancellationToken))
            {
                continue;
            }

            foreach (var group in await redis.XInfoGroupsAsync(key, cancellationToken))
            {
                var pending = await redis.XPendingAsync(key, group.Name, cancellationToken);
                rows.Add((stream, group, pending.Count));
            }
        }

        return rows;
    }

    private void WriteDeadLetters()
    {
        var deadLetters = observer.DeadLetters;
        narrator.Heading($"Dead letters ({deadLetters.Count})");
        foreach (var letter in deadLetters)
        {
            narrator.Line($"  {letter.Key} {letter.EntryId}  {letter.File ?? "-"}  {letter.Type}: {letter.ErrorType}: {letter.Message}");
        }
    }

    private async Task WriteVectorsAndTracesAsync(CancellationToken cancellationToken)
    {
        narrator.Heading("Uploads: outcome, vectors in Redis, trace");
        List<FileJourney> all;
        lock (journeys.Gate)
        {
            all = [.. journeys.All];
        }

        foreach (var journey in all)
        {
            string outcome;
            lock (journeys.Gate)
            {
                outcome = journey.Processed is { } processed ? $"processed, {processed.Chunks} chunks"
                    : journey.Failed is { } failed ? $"failed: {failed.Reason}"
                    : "no outcome";
            }

            var vectors = "-";
            if (journey.Vectors is { } stored)
            {
                var found = await redis.ExistsAsync(stored.Keys, cancellationToken);
                vectors = $"{found}/{stored.Keys.Count} vectors";
                if (found != stored.Keys.Count)
                {
                    MissingVectors.Add($"{journey.Sample.Name}: {found} of {stored.Keys.Count}");
                }
            }

            narrator.Line($"  {Narrator.Fit(journey.Sample.Name, Narrator.FileColumn)} {outcome,-28} {vectors,-14} trace {journey.TraceId}: {journey.TraceEvents} events");
        }
    }

    private async Task WriteServicesAsync(CancellationToken cancellationToken)
    {
        if (options.Services.Count == 0)
        {
            return;
        }

        narrator.Heading("Services");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var (name, url) in options.Services)
        {
            var ready = new Uri(url, "/health/ready");
            string status;
            try
            {
                using var response = await http.GetAsync(ready, cancellationToken);
                status = $"{(int)response.StatusCode}";
                if (!response.IsSuccessStatusCode)
                {
                    Unready.Add(name);
                }
            }
            catch (HttpRequestException e)
            {
                status = e.Message;
                Unready.Add(name);
            }

            narrator.Line($"  {name,-22} {ready} -> {status}   metrics {new Uri(url, "/metrics")}");
        }
    }
}
