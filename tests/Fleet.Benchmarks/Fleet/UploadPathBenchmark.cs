using Fleet.Benchmarks.Redis;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;
using NUlid;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// Small text uploads through the whole upload path: file-processor (extract, chunk, request embeddings),
/// embedding-generator (the model, the vector hashes), notifier (the webhook). Uploads are published in a closed loop,
/// <see cref="InFlight"/> outstanding (what the two file-processor replicas take at once with their default Concurrency 2):
/// a new one each time the webhook endpoint receives a delivery, so the replicas always have work and the latency is the
/// path's, not a backlog's. Throughput and latency are read from the streams:
/// each <c>file.uploaded</c>'s envelope timestamp, and the <c>notification.delivered</c> its causation chain leads to
/// (delivered → caused by notification.requested → caused by file.uploaded).
/// </summary>
internal static class UploadPathBenchmark
{
    public const int Uploads = 1_000;
    public const int WarmupUploads = 40;
    public const int InFlight = 4;
    public const int TextCharacters = 400;
    public const string UserId = "bench-user";

    private static readonly TimeSpan WorkLimit = TimeSpan.FromMinutes(10);

    public static async Task<UploadPathFigures> RunAsync(BenchFleet fleet)
    {
        var publisher = fleet.Services.GetRequiredService<IEventPublisher>();
        await SetPreferencesAsync(fleet, publisher);

        // The first uploads JIT-compile each service's path; they are not timed.
        await UploadAsync(fleet, publisher, first: 0, count: WarmupUploads, deliveredBefore: 0);
        var uploaded = await UploadAsync(fleet, publisher, first: WarmupUploads, count: Uploads, deliveredBefore: WarmupUploads);

        // Nothing pending means notifier acknowledged every request, which it does after publishing notification.delivered.
        var pending = await WaitForNoPendingAsync(fleet.Client, fleet.Services.GetRequiredService<StreamKeys>());
        var figures = await ReadFiguresAsync(fleet, uploaded);
        if (figures.Latencies.Length != Uploads || pending != 0 || fleet.Webhooks.Deliveries != WarmupUploads + Uploads)
        {
            throw new InvalidOperationException(
                $"The upload path lost work: {figures.Latencies.Length} of {Uploads} uploads have notification.delivered, " +
                $"{fleet.Webhooks.Deliveries - WarmupUploads} webhook deliveries, {pending} entries still pending.");
        }

        return figures with { Pending = pending, WebhookRequests = fleet.Webhooks.Requests - WarmupUploads };
    }

    /// <summary>The user wants webhooks; waits until notifier keeps the preferences, so the first upload is delivered by webhook.</summary>
    private static async Task SetPreferencesAsync(BenchFleet fleet, IEventPublisher publisher)
    {
        var webhook = new Uri(fleet.Webhooks.Url, UserId).AbsoluteUri;
        await publisher.PublishAsync(FleetStreams.User, new UserPreferencesUpdated(UserId, [NotificationChannel.Webhook], webhook), new PublishOptions { UserId = UserId });
        var key = new ContractKeys(fleet.Services.GetRequiredService<StreamKeys>()).Preferences(UserId);
        await WaitUntilAsync(async () => (await fleet.Client.HashGetAllAsync(key)).TryGetValue("webhook_url", out var url) && (string?)url == webhook, "notifier keeps the preferences");
    }

    /// <summary>
    /// Uploads texts <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 as docs/fleet.md says (the file
    /// under the storage root, then <c>file.uploaded</c>), at most <see cref="InFlight"/> undelivered at a time, and waits
    /// until the webhook endpoint received them all. Returns the ids of their <c>file.uploaded</c> events.
    /// </summary>
    private static async Task<HashSet<string>> UploadAsync(BenchFleet fleet, IEventPublisher publisher, int first, int count, int deliveredBefore)
    {
        var directory = Directory.CreateDirectory(Path.Combine(fleet.StorageRoot, UserId)).FullName;
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        using var slots = new SemaphoreSlim(InFlight);
        void Release() => slots.Release();
        fleet.Webhooks.Delivered += Release;
        try
        {
            for (var i = first; i < first + count; i++)
            {
                if (!await slots.WaitAsync(WorkLimit))
                {
                    throw new TimeoutException($"No webhook delivery within {WorkLimit.TotalMinutes:0} min; {fleet.Webhooks.Deliveries} so far.");
                }

                var fileId = Ulid.NewUlid().ToString();
                var fileName = $"note-{i:0000}.txt";
                var path = Path.Combine(directory, fileId + "-" + fileName);
                await File.WriteAllTextAsync(path, BenchTexts.Create(i, TextCharacters));
                var upload = new FileUploaded(fileId, UserId, fileName, new FileInfo(path).Length, "text/plain", new Uri(path).AbsoluteUri);
                var result = await publisher.PublishAsync(FleetStreams.Contextual, upload, new PublishOptions { UserId = UserId });
                eventIds.Add(result.EventId.ToString());
            }

            await WaitUntilAsync(() => Task.FromResult(fleet.Webhooks.Deliveries >= deliveredBefore + count), $"{count} webhook deliveries");
        }
        finally
        {
            fleet.Webhooks.Delivered -= Release;
        }

        return eventIds;
    }

    /// <summary>Follows each upload's causation chain on the streams to its webhook <c>notification.delivered</c>.</summary>
    private static async Task<UploadPathFigures> ReadFiguresAsync(BenchFleet fleet, HashSet<string> uploadIds)
    {
        var keys = fleet.Services.GetRequiredService<StreamKeys>();
        var registry = fleet.Services.GetRequiredService<EventTypeRegistry>();
        var uploadedType = registry.Get<FileUploaded>().Name;
        var requestedType = registry.Get<NotificationRequested>().Name;
        var deliveredType = registry.Get<NotificationDelivered>().Name;

        var uploaded = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var envelope in await ReadStreamAsync(fleet.Client, keys, FleetStreams.Contextual))
        {
            if (envelope.Type == uploadedType && uploadIds.Contains(envelope.Id.ToString()))
            {
                uploaded[envelope.Id.ToString()] = envelope.Timestamp;
            }
        }

        // notification.requested id → the file.uploaded that caused it; notification.delivered → the request it answers.
        var causes = new Dictionary<string, string>(StringComparer.Ordinal);
        var delivered = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var envelope in await ReadStreamAsync(fleet.Client, keys, FleetStreams.Notification))
        {
            if (envelope.Type == requestedType && envelope.CausationId is { } upload && uploadIds.Contains(upload.ToString()))
            {
                causes[envelope.Id.ToString()] = upload.ToString();
            }
            else if (envelope.Type == deliveredType
                && (NotificationDelivered)registry.Deserialize(envelope.Type, envelope.Version, envelope.Data) is { Channel: NotificationChannel.Webhook }
                && envelope.CausationId is { } request
                && causes.TryGetValue(request.ToString(), out var cause))
            {
                // A redelivered notification is delivered once (the delivery key); the first event counts if two appear.
                delivered.TryAdd(cause, envelope.Timestamp);
            }
        }

        var latencies = delivered.Select(d => (d.Value - uploaded[d.Key]).TotalMilliseconds).Order().ToArray();
        var span = delivered.Count == 0 ? TimeSpan.Zero : delivered.Values.Max() - uploaded.Values.Min();
        return new UploadPathFigures(latencies.Length / Math.Max(span.TotalSeconds, 1e-3), latencies, span, 0, 0);
    }

    private static async Task<List<EventEnvelope>> ReadStreamAsync(RedisClient client, StreamKeys keys, string stream) =>
        [.. (await client.XRangeAsync(keys.Stream(stream))).Select(entry => EnvelopeCodec.Decode(entry.Fields))];

    /// <summary>Waits until no group on any fleet stream has entries pending (acknowledgements are batched) and returns the total left.</summary>
    private static async Task<long> WaitForNoPendingAsync(RedisClient client, StreamKeys keys)
    {
        long pending = 0;
        var started = TimeProvider.System.GetTimestamp();
        do
        {
            pending = 0;
            foreach (var stream in FleetStreams.All)
            {
                if (await client.ExistsAsync(keys.Stream(stream)))
                {
                    pending += (await client.XInfoGroupsAsync(keys.Stream(stream))).Sum(group => group.Pending);
                }
            }

            if (pending == 0)
            {
                return 0;
            }

            await Task.Delay(100);
        }
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(60));

        return pending;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > WorkLimit)
            {
                throw new TimeoutException($"Gave up after {WorkLimit.TotalMinutes:0} min waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The p-th percentile of the sorted latencies, in ms.</summary>
    public static double Percentile(UploadPathFigures figures, double percentile) => LatencyRecorder.Percentile(figures.Latencies, percentile);
}
