using Fleet.Contracts;
using Fleet.Events;
using Fleet.Testing;
using Fleet.Testing.Processes;
using NUlid;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <content>What a user does (uploads a file, sets preferences) and the outcomes a test waits for.</content>
public sealed partial class FleetFixture
{
    /// <summary>How long a batch of uploads may take on a busy 2-core machine before a test gives up (a failure guard).</summary>
    internal static readonly TimeSpan WorkLimit = TimeSpan.FromSeconds(300);

    /// <summary>A user id unique to this run, e.g. <c>e2e-pdf-3f9a1c</c>.</summary>
    internal static string NewUser(string purpose) => Users.New(purpose);

    /// <summary>
    /// An upload as docs/fleet.md says: the sample is copied to <c>&lt;StorageRoot&gt;/&lt;userId&gt;/&lt;fileId&gt;-&lt;fileName&gt;</c>, then
    /// <c>file.uploaded</c> is published on contextual.events with its <c>file://</c> URI, and with
    /// <paramref name="correlationId"/> when given (every follow-up keeps it: the upload's conversation).
    /// </summary>
    internal async Task<Upload> UploadAsync(string userId, string sample, string mimeType, Ulid? correlationId = null)
    {
        var fileId = Ulid.NewUlid().ToString();
        var directory = Directory.CreateDirectory(Path.Combine(StorageRoot, userId));
        var path = Path.Combine(directory.FullName, fileId + "-" + sample);
        File.Copy(ServiceBinaries.Sample(sample), path);
        var uploaded = new FileUploaded(fileId, userId, sample, new FileInfo(path).Length, mimeType, new Uri(path).AbsoluteUri);
        var result = await Publisher.PublishAsync(FleetStreams.Contextual, uploaded, new PublishOptions { UserId = userId, CorrelationId = correlationId }, TestContext.Current.CancellationToken);
        return new Upload(uploaded, result.EventId.ToString(), result.EntryId!.Value.ToString());
    }

    /// <summary>Uploads <paramref name="count"/> files of <paramref name="userId"/>, the processable samples in turn.</summary>
    internal async Task<IReadOnlyList<Upload>> UploadSamplesAsync(string userId, int count)
    {
        var uploads = new List<Upload>();
        for (var i = 0; i < count; i++)
        {
            var (file, mimeType) = Samples.Cycle(i);
            uploads.Add(await UploadAsync(userId, file, mimeType));
        }

        return uploads;
    }

    /// <summary>
    /// Sets <paramref name="userId"/>'s preferences (webhook to the receiver, e-mail to <c>&lt;user&gt;@example.com</c>) and waits
    /// until notifier keeps them, so a notification that follows is delivered on those channels.
    /// </summary>
    internal Task SetPreferencesAsync(string userId, params NotificationChannel[] channels) =>
        Users.SetPreferencesAsync(Bus, new UserPreferencesUpdated(userId, channels, Webhooks.UrlFor(userId), EmailOf(userId)));

    internal static string EmailOf(string userId) => userId + "@example.com";

    /// <summary>Waits until each upload has its <c>file.processed</c> and returns them by file id.</summary>
    internal async Task<IReadOnlyDictionary<string, StreamEvent<FileProcessed>>> ProcessedAsync(IReadOnlyCollection<Upload> uploads)
    {
        var ids = uploads.Select(u => u.FileId).ToHashSet(StringComparer.Ordinal);
        var processed = await Eventually.UntilAsync(
            async () => (await State.EventsAsync<FileProcessed>(FleetStreams.Contextual)).Where(e => ids.Contains(e.Data.FileId)).ToList(),
            found => found.Select(e => e.Data.FileId).Distinct().Count() == ids.Count,
            $"all {ids.Count} uploads have file.processed",
            WorkLimit).ConfigureAwait(false);
        return processed.GroupBy(e => e.Data.FileId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>How many of <paramref name="uploads"/> have their <c>file.processed</c> now.</summary>
    internal async Task<int> ProcessedCountAsync(IReadOnlyCollection<Upload> uploads)
    {
        var ids = uploads.Select(u => u.FileId).ToHashSet(StringComparer.Ordinal);
        return (await State.EventsAsync<FileProcessed>(FleetStreams.Contextual)).Select(e => e.Data.FileId).Where(ids.Contains).Distinct().Count();
    }

    /// <summary>Waits until every group on every fleet stream has nothing pending (XINFO GROUPS), and returns the counts.</summary>
    internal Task<IReadOnlyDictionary<string, long>> QuietAsync() =>
        Eventually.UntilAsync(
            State.PendingAsync,
            pending => pending.Values.All(count => count == 0),
            "no group has entries pending",
            WorkLimit);

    /// <summary>The <c>notification.requested</c> events file-processor published for <paramref name="upload"/> (caused by its <c>file.uploaded</c>).</summary>
    internal async Task<IReadOnlyList<StreamEvent<NotificationRequested>>> RequestedAsync(Upload upload) =>
        [.. (await State.EventsAsync<NotificationRequested>(FleetStreams.Notification)).Where(e => e.Envelope.CausationId?.ToString() == upload.EventId)];

    /// <summary>
    /// The delivery keys of the notifications requested for <paramref name="upload"/> (docs/fleet.md: <c>&lt;causation id&gt;:&lt;topic&gt;</c>):
    /// a redelivered upload may request again, under the same key.
    /// </summary>
    internal async Task<IReadOnlySet<string>> DeliveryKeysAsync(Upload upload) =>
        (await RequestedAsync(upload)).Select(e => upload.EventId + ":" + e.Data.Topic).ToHashSet(StringComparer.Ordinal);

    /// <summary>The <c>notification.delivered</c> events of the notifications requested for <paramref name="upload"/>.</summary>
    internal async Task<IReadOnlyList<NotificationDelivered>> DeliveredAsync(Upload upload)
    {
        var requested = (await RequestedAsync(upload)).Select(e => e.Envelope.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        return [.. (await State.EventsAsync<NotificationDelivered>(FleetStreams.Notification)).Where(e => requested.Contains(e.Data.NotificationId)).Select(e => e.Data)];
    }

    /// <summary>Waits until the notification about <paramref name="upload"/> was delivered on every one of <paramref name="channels"/>.</summary>
    internal Task<IReadOnlyList<NotificationDelivered>> DeliveredAsync(Upload upload, params NotificationChannel[] channels) =>
        Eventually.UntilAsync(
            () => DeliveredAsync(upload),
            delivered => channels.All(channel => delivered.Any(d => d.Channel == channel)),
            $"the notification about {upload.FileId} is delivered on {string.Join(", ", channels)}",
            WorkLimit);

    /// <summary>
    /// Waits until the notification about each upload was delivered by webhook, then checks that the receiver got it exactly
    /// once per file (by its delivery key) and signed.
    /// </summary>
    internal async Task AssertEachNotifiedOnceByWebhookAsync(IReadOnlyCollection<Upload> uploads)
    {
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(uploads.Select(u => DeliveredAsync(u)))).All(d => d.Any(n => n.Channel == NotificationChannel.Webhook)),
            $"every one of the {uploads.Count} files is notified by webhook",
            WorkLimit);
        foreach (var upload in uploads)
        {
            var key = Assert.Single(await DeliveryKeysAsync(upload));
            var deliveries = Webhooks.WithKey(key);
            Assert.True(deliveries.Count == 1, $"{upload.FileId} was notified {deliveries.Count} times by webhook (delivery key {key}).");
            Assert.True(deliveries[0].SignatureValid, $"The webhook about {upload.FileId} is not signed right.");
        }
    }
}
