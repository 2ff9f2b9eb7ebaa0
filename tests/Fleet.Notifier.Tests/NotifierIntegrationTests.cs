using Fleet.Contracts;
using Fleet.Notifier.Delivery;
using Fleet.Notifier.Preferences;
using Fleet.Notifier.Tests.Support;
using Fleet.Testing;
using NUlid;

namespace Fleet.Notifier.Tests;

public sealed class NotifierIntegrationTests(RedisServerFixture redis)
{
    private static readonly FleetContractsJsonContext Json = FleetContractsJsonContext.Default;

    [Fact]
    public async Task NotificationRequested_RedeliveredAndRepublished_IsDeliveredOncePerChannel()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        await using var sink = await SmtpSink.StartAsync();
        await using var notifier = await NotifierHost.StartAsync(redis.Server.Url, NotifierServices.Smtp(sink.Port));
        await SetPreferencesAsync(notifier, new UserPreferencesUpdated("alice", [NotificationChannel.Log, NotificationChannel.Webhook, NotificationChannel.Email], receiver.Url.ToString(), "alice@example.com"));
        var upload = Ulid.NewUlid();
        var request = new NotificationRequested("alice", "file.processed", "report.pdf is ready", "12 chunks.", "01JDZZ0000000000000000000F");

        var first = await notifier.AddAsync(FleetStreams.Notification, "notification.requested", request, Json.NotificationRequested, causationId: upload);
        await Eventually.UntilAsync(() => Delivered(notifier), d => d.Count == 3, "the three channels were delivered");
        // The same event again (an outbox replay: same event id) and a re-publication (a file-processor redelivery: new event id, same cause).
        var replayed = await notifier.AddAsync(FleetStreams.Notification, "notification.requested", request, Json.NotificationRequested, causationId: upload, eventId: first.EventId);
        var republished = await notifier.AddAsync(FleetStreams.Notification, "notification.requested", request, Json.NotificationRequested, causationId: upload);
        await notifier.WaitHandledAsync(FleetStreams.Notification, republished.EntryId);

        Assert.True(republished.EntryId.CompareTo(replayed.EntryId) > 0);
        var delivered = await Delivered(notifier);
        Assert.Equal([NotificationChannel.Log, NotificationChannel.Webhook, NotificationChannel.Email], delivered.Select(d => d.Channel));
        Assert.All(delivered, d => Assert.Equal((first.EventId.ToString(), 1), (d.NotificationId, d.Attempts)));
        Assert.Empty(await notifier.EventsAsync(FleetStreams.Notification, "notification.failed", Json.NotificationFailed));
        var webhook = Assert.Single(receiver.Requests);
        Assert.Equal($"{upload}:file.processed", webhook.Header("Idempotency-Key"));
        Assert.Equal($"{upload}:file.processed", Assert.Single(sink.Messages).Headers["X-Fleet-Delivery-Key"]);
        var marks = await notifier.Redis.HashGetAllAsync(notifier.Keys.Stream(FleetStreams.Notification) + ":state:delivered:" + upload + ":file.processed", TestContext.Current.CancellationToken);
        Assert.Equal(["delivered", "delivered", "delivered"], marks.Values.Select(v => v.ToString()));
    }

    [Fact]
    public async Task NotificationRequested_WebhookDownAndMailboxRefused_EndsFailedAndAcknowledged()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503);
        await using var sink = await SmtpSink.StartAsync(_ => new SmtpServer.Protocol.SmtpResponse(SmtpServer.Protocol.SmtpReplyCode.MailboxUnavailable, "no such user"));
        var settings = NotifierServices.Smtp(sink.Port);
        settings["Notifier:Webhook:MaxAttempts"] = "2";
        await using var notifier = await NotifierHost.StartAsync(redis.Server.Url, settings);
        await SetPreferencesAsync(notifier, new UserPreferencesUpdated("hank", [NotificationChannel.Webhook, NotificationChannel.Email], receiver.Url.ToString(), "hank@example.com"));
        var upload = Ulid.NewUlid();
        var request = new NotificationRequested("hank", "file.processing.failed", "corrupt.pdf failed", "The PDF cannot be read.");

        await notifier.AddAsync(FleetStreams.Notification, "notification.requested", request, Json.NotificationRequested, causationId: upload);
        var failed = await Eventually.UntilAsync(
            () => notifier.EventsAsync(FleetStreams.Notification, "notification.failed", Json.NotificationFailed), f => f.Count == 2, "both channels failed");
        var again = await notifier.AddAsync(FleetStreams.Notification, "notification.requested", request, Json.NotificationRequested, causationId: upload);
        await notifier.WaitHandledAsync(FleetStreams.Notification, again.EntryId);

        Assert.Equal(
            [(NotificationChannel.Webhook, FailureReasons.Unreachable, 2), (NotificationChannel.Email, FailureReasons.Rejected, 1)],
            failed.Select(f => (f.Channel, f.Reason, f.Attempts)));
        Assert.Equal(2, (await notifier.EventsAsync(FleetStreams.Notification, "notification.failed", Json.NotificationFailed)).Count);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(1, sink.Attempts);
        Assert.Equal(0, await notifier.Redis.XLenAsync(notifier.Keys.DeadLetters(FleetStreams.Notification), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task NotificationRequested_NoPreferences_IsLoggedOnly()
    {
        await using var notifier = await NotifierHost.StartAsync(redis.Server.Url);

        var sent = await notifier.AddAsync(FleetStreams.Notification, "notification.requested", new NotificationRequested("carol", "file.processed", "done", "ok"), Json.NotificationRequested);
        await notifier.WaitHandledAsync(FleetStreams.Notification, sent.EntryId);

        var delivered = Assert.Single(await Delivered(notifier));
        Assert.Equal((NotificationChannel.Log, sent.EventId.ToString()), (delivered.Channel, delivered.NotificationId));
    }

    [Fact]
    public async Task NotificationRequested_OverTheRateLimit_PublishesRateLimitedAndIsAcknowledged()
    {
        await using var notifier = await NotifierHost.StartAsync(redis.Server.Url, new Dictionary<string, string?> { ["Notifier:RateLimit:PerMinute"] = "1" });
        var request = new NotificationRequested("dave", "file.processed", "done", "ok");

        await notifier.AddAsync(FleetStreams.Notification, "notification.requested", request, Json.NotificationRequested);
        var second = await notifier.AddAsync(FleetStreams.Notification, "notification.requested", request, Json.NotificationRequested);
        await notifier.WaitHandledAsync(FleetStreams.Notification, second.EntryId);

        var failed = Assert.Single(await notifier.EventsAsync(FleetStreams.Notification, "notification.failed", Json.NotificationFailed));
        Assert.Equal((second.EventId.ToString(), NotificationChannel.Log, FailureReasons.RateLimited, 0), (failed.NotificationId, failed.Channel, failed.Reason, failed.Attempts));
        Assert.Single(await Delivered(notifier));
        Assert.Equal(0, await notifier.Redis.XLenAsync(notifier.Keys.DeadLetters(FleetStreams.Notification), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PreferencesUpdated_OlderThanTheKeptOne_IsIgnored()
    {
        await using var notifier = await NotifierHost.StartAsync(redis.Server.Url);
        var newer = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        var key = notifier.Contracts.Preferences("erin");
        await notifier.AddAsync(FleetStreams.User, "user.preferences.updated", new UserPreferencesUpdated("erin", [NotificationChannel.Webhook], "https://hooks.example.com/new"), Json.UserPreferencesUpdated, newer);
        await Eventually.TrueAsync(async () => (await notifier.Redis.HashGetAsync(key, PreferenceFields.UpdatedAt, TestContext.Current.CancellationToken)).ToString() == PreferenceFields.FormatTimestamp(newer), "the newer preferences were kept");

        var late = await notifier.AddAsync(FleetStreams.User, "user.preferences.updated", new UserPreferencesUpdated("erin", [NotificationChannel.Email], null, "erin@example.com"), Json.UserPreferencesUpdated, newer.AddSeconds(-1));
        await notifier.WaitHandledAsync(FleetStreams.User, late.EntryId);

        var kept = await notifier.Redis.HashGetAllAsync(key, TestContext.Current.CancellationToken);
        Assert.Equal("webhook", kept[PreferenceFields.Channels].ToString());
        Assert.Equal("https://hooks.example.com/new", kept[PreferenceFields.WebhookUrl].ToString());
        Assert.False(kept.ContainsKey(PreferenceFields.Email));
        Assert.Equal(PreferenceFields.FormatTimestamp(newer), kept[PreferenceFields.UpdatedAt].ToString());
    }

    [Fact]
    public async Task PreferencesUpdated_NewerOne_ReplacesEveryField()
    {
        await using var notifier = await NotifierHost.StartAsync(redis.Server.Url);
        var older = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        var key = notifier.Contracts.Preferences("frank");
        await notifier.AddAsync(FleetStreams.User, "user.preferences.updated", new UserPreferencesUpdated("frank", [NotificationChannel.Webhook], "https://hooks.example.com/a"), Json.UserPreferencesUpdated, older);

        var newer = await notifier.AddAsync(FleetStreams.User, "user.preferences.updated", new UserPreferencesUpdated("frank", [NotificationChannel.Email], null, "frank@example.com"), Json.UserPreferencesUpdated, older.AddSeconds(1));
        await notifier.WaitHandledAsync(FleetStreams.User, newer.EntryId);

        var kept = await notifier.Redis.HashGetAllAsync(key, TestContext.Current.CancellationToken);
        Assert.Equal("email", kept[PreferenceFields.Channels].ToString());
        Assert.Equal("frank@example.com", kept[PreferenceFields.Email].ToString());
        Assert.False(kept.ContainsKey(PreferenceFields.WebhookUrl));
    }

    [Fact]
    public async Task PreferencesUpdated_FtpWebhookUrl_IsDeadLetteredAndNotKept()
    {
        await using var notifier = await NotifierHost.StartAsync(redis.Server.Url);

        var refused = await notifier.AddAsync(FleetStreams.User, "user.preferences.updated", new UserPreferencesUpdated("gina", [NotificationChannel.Webhook], "ftp://files.example.com/in"), Json.UserPreferencesUpdated);
        await notifier.WaitHandledAsync(FleetStreams.User, refused.EntryId);

        var letter = Assert.Single(await notifier.Redis.XRangeAsync(notifier.Keys.DeadLetters(FleetStreams.User), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("permanent", letter["dlq_error_type"].ToString());
        Assert.Contains("scheme is 'ftp'", letter["dlq_error_message"].ToString(), StringComparison.Ordinal);
        Assert.False(await notifier.Redis.ExistsAsync(notifier.Contracts.Preferences("gina"), TestContext.Current.CancellationToken));
    }

    private static async Task SetPreferencesAsync(NotifierHost notifier, UserPreferencesUpdated preferences)
    {
        var (_, entryId) = await notifier.AddAsync(FleetStreams.User, "user.preferences.updated", preferences, Json.UserPreferencesUpdated);
        await notifier.WaitHandledAsync(FleetStreams.User, entryId);
    }

    private static Task<IReadOnlyList<NotificationDelivered>> Delivered(NotifierHost notifier) =>
        notifier.EventsAsync(FleetStreams.Notification, "notification.delivered", Json.NotificationDelivered);
}
