using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Benchmarks.Market;

/// <summary>
/// The reaper's dead letters per second: <see cref="DeadLetters"/> dead letters are written to contextual.events' <c>:dlq</c>
/// in the shape Fleet.Events writes them, half <c>max_deliveries</c> (failed a minute ago, cool-down 0: re-driven at once)
/// and half <c>malformed</c> (parked at once); then dead-letter-reaper is started as a process and its decisions are read
/// from system.events (<c>system.dead_letter.redriven</c> / <c>.parked</c>, one per dead letter) until every one is there.
/// The rate is taken between the first and the last decision's envelope timestamps, so start-up is not in it; the time
/// from process start is reported beside it.
/// </summary>
internal static class ReaperBenchmark
{
    public const int DeadLetters = 10_000;
    private static readonly TimeSpan WorkLimit = TimeSpan.FromMinutes(5);

    public static async Task<ReaperFigures> RunAsync()
    {
        await using var run = await MarketBenchRun.StartAsync();
        try
        {
            var keys = new StreamKeys();
            await PrefillAsync(run.Client, keys);
            var processStart = TimeProvider.System.GetUtcNow();
            var ready = await run.StartReplicaAsync("dead-letter-reaper-1", MarketBenchRun.DeadLetterReaper, new Dictionary<string, string?>
            {
                ["Reaper__Redrive__Cooldown"] = "00:00:00",
            });
            Console.WriteLine($"dead-letter-reaper-1: ready after {ready.TotalSeconds:0.000} s");

            var (redriven, parked, first, last) = await WaitForDecisionsAsync(run.Client, keys.Stream(FleetStreams.System));
            var span = (last - first).TotalSeconds;
            return new ReaperFigures(DeadLetters, redriven, parked, (DeadLetters - 1) / Math.Max(span, 1e-3), last - processStart, ready);
        }
        catch
        {
            run.Fail();
            throw;
        }
    }

    private static async Task PrefillAsync(RedisClient client, StreamKeys keys)
    {
        var key = keys.DeadLetters(FleetStreams.Contextual);
        var failedAt = EnvelopeCodec.FormatTimestamp(TimeProvider.System.GetUtcNow().AddMinutes(-1));
        var data = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new UserPreferencesUpdated("bench-user", [NotificationChannel.Email], null, "bench@fleet.test"),
            FleetContractsJsonContext.Default.UserPreferencesUpdated);

        // Sent in batches of concurrent XADDs: the client pipelines them on its connection.
        const int Batch = 500;
        for (var start = 0; start < DeadLetters; start += Batch)
        {
            var writes = new List<Task>(Batch);
            for (var i = start; i < Math.Min(start + Batch, DeadLetters); i++)
            {
                writes.Add(client.XAddAsync(key, Fields(i, data, failedAt)).AsTask());
            }

            await Task.WhenAll(writes);
        }
    }

    // Even: a user.preferences.updated that failed max_deliveries times; odd: an entry with no envelope at all.
    private static List<StreamField> Fields(int i, byte[] data, string failedAt)
    {
        List<StreamField> fields = i % 2 == 0
            ? [.. EnvelopeCodec.Encode(new EventEnvelope
            {
                Id = NUlid.Ulid.NewUlid(),
                Type = "user.preferences.updated",
                Version = 1,
                Timestamp = TimeProvider.System.GetUtcNow(),
                Data = data,
            })]
            : [new("payload", "not an envelope")];
        fields.AddRange(
        [
            new(DeadLetterFields.SourceStream, FleetStreams.Contextual),
            new(DeadLetterFields.EntryId, $"{1_700_000_000_000 + i}-0"),
            new(DeadLetterFields.Group, "bench-group"),
            new(DeadLetterFields.Consumer, "bench-consumer"),
            new(DeadLetterFields.DeliveryCount, 5),
            new(DeadLetterFields.ErrorType, i % 2 == 0 ? DeadLetterErrorTypes.MaxDeliveries : DeadLetterErrorTypes.Malformed),
            new(DeadLetterFields.ErrorMessage, "benchmark dead letter"),
            new(DeadLetterFields.Exception, string.Empty),
            new(DeadLetterFields.FailedAt, failedAt),
        ]);
        return fields;
    }

    /// <summary>Reads system.events from the start until there is one decision per dead letter; returns the counts and the first and last decision's timestamps.</summary>
    private static async Task<(int Redriven, int Parked, DateTimeOffset First, DateTimeOffset Last)> WaitForDecisionsAsync(RedisClient client, string stream)
    {
        var (redriven, parked) = (0, 0);
        var (first, last) = (DateTimeOffset.MaxValue, DateTimeOffset.MinValue);
        var position = "-";
        var started = TimeProvider.System.GetTimestamp();
        while (redriven + parked < DeadLetters)
        {
            if (TimeProvider.System.GetElapsedTime(started) > WorkLimit)
            {
                throw new TimeoutException($"The reaper decided {redriven + parked} of {DeadLetters} dead letters within {WorkLimit.TotalMinutes:0} min ({redriven} re-driven, {parked} parked).");
            }

            var entries = await client.XRangeAsync(stream, position, "+", count: 5_000);
            foreach (var entry in entries)
            {
                var envelope = EnvelopeCodec.Decode(entry.Fields);
                if (envelope.Type is "system.dead_letter.redriven" or "system.dead_letter.parked")
                {
                    if (envelope.Type == "system.dead_letter.redriven")
                    {
                        redriven++;
                    }
                    else
                    {
                        parked++;
                    }

                    first = envelope.Timestamp < first ? envelope.Timestamp : first;
                    last = envelope.Timestamp > last ? envelope.Timestamp : last;
                }
            }

            if (entries.Count > 0)
            {
                // Exclusive start (XRANGE "(id"): the next page begins after the last entry read.
                position = "(" + entries[^1].Id;
            }
            else
            {
                await Task.Delay(100);
            }
        }

        return (redriven, parked, first, last);
    }
}
