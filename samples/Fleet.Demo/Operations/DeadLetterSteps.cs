using Fleet.Contracts;
using Fleet.Demo.Market;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Operations;

/// <summary>
/// dead-letter-reaper at work on dead letters the demo writes itself, in the shape Fleet.Events writes them (the
/// original fields, then <see cref="DeadLetterFields"/>):
/// a transient failure, a <c>user.preferences.updated</c> that notifier "gave up on" (<c>max_deliveries</c>), which it can
/// handle now: the reaper re-drives it after its cool-down (<c>system.dead_letter.redriven</c>) and notifier stores the
/// preferences; and a malformed entry (not an envelope), which the reaper parks at once (<c>system.dead_letter.parked</c>).
/// </summary>
internal sealed class DeadLetterSteps(
    RedisClient redis,
    StreamKeys keys,
    ContractKeys contractKeys,
    EventTypeRegistry registry,
    MarketWatch watch,
    StepChecks checks,
    Narrator narrator)
{
    /// <summary>The user of the re-driven preferences (not the demo user, whose preferences must not change).</summary>
    public const string RedriveUserId = "demo-redrive";

    // The cool-down run.sh gives the reaper is 2 s; its default is 30 s, so a fleet started elsewhere still passes.
    private static readonly TimeSpan RedriveWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan HandledWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ParkWait = TimeSpan.FromSeconds(30);

    public async Task RedriveAsync(CancellationToken cancellationToken)
    {
        narrator.Heading("A transient failure: a dead letter re-driven by dead-letter-reaper, then handled");
        var started = narrator.Time.GetTimestamp();
        var email = RedriveUserId + "@fleet.test";
        var data = registry.Serialize(new UserPreferencesUpdated(RedriveUserId, [NotificationChannel.Email], null, email), out var descriptor);
        var envelope = new EventEnvelope
        {
            Id = DemoIds.NewCorrelationId(),
            Type = descriptor.Name,
            Version = descriptor.Version,
            Timestamp = narrator.Time.GetUtcNow(),
            UserId = RedriveUserId,
            Data = data,
        };
        var id = await WriteDeadLetterAsync(
            FleetStreams.User,
            EnvelopeCodec.Encode(envelope),
            "notifier",
            DeadLetterErrorTypes.MaxDeliveries,
            "demo: the handler failed on each of its 5 deliveries (Redis timed out), written by the demo driver",
            cancellationToken);
        narrator.Step("dead letter", "written", TimeSpan.Zero, $"{descriptor.Name} {envelope.Id} -> {keys.DeadLetters(FleetStreams.User)} {id} (max_deliveries, group notifier)");

        var redriven = await Waiting.UntilAsync(() => watch.Redriven.Any(r => r.Data.DeadLetterId == id), RedriveWait, narrator.Time, cancellationToken);
        var redrive = watch.Redriven.FirstOrDefault(r => r.Data.DeadLetterId == id);
        if (redrive is not null)
        {
            narrator.Step("dead letter", "re-driven", narrator.Time.GetElapsedTime(started), $"system.dead_letter.redriven: back on {redrive.Data.Stream} as {redrive.Data.NewEntryId} (re-drive {redrive.Data.Redrives})");
        }

        checks.Add(narrator, redriven, $"max_deliveries dead letter {id} re-driven to {FleetStreams.User} (system.dead_letter.redriven)");

        var preferences = contractKeys.Preferences(RedriveUserId);
        var handled = redriven && await Waiting.UntilAsync(
            async () => (await redis.HashGetAsync(preferences, "email", cancellationToken)).ToString() == email, HandledWait, narrator.Time, cancellationToken);
        if (handled)
        {
            narrator.Step("dead letter", "handled", narrator.Time.GetElapsedTime(started), $"notifier stored {RedriveUserId}'s preferences in {preferences}");
        }

        checks.Add(narrator, handled, $"the re-driven {descriptor.Name} handled by notifier ({preferences} holds email {email})");
    }

    public async Task ParkAsync(CancellationToken cancellationToken)
    {
        narrator.Heading("A malformed entry: parked by dead-letter-reaper at once");
        var started = narrator.Time.GetTimestamp();
        StreamField[] garbage = [new("payload", "{not an envelope"), new("sent_by", "a client that ignores the envelope")];
        var id = await WriteDeadLetterAsync(
            FleetStreams.Notification,
            garbage,
            "notifier",
            DeadLetterErrorTypes.Malformed,
            "demo: the entry has no envelope fields (id, type, data), written by the demo driver",
            cancellationToken);
        narrator.Step("dead letter", "written", TimeSpan.Zero, $"a malformed entry -> {keys.DeadLetters(FleetStreams.Notification)} {id} (malformed)");

        var parked = await Waiting.UntilAsync(() => watch.Parked.Any(p => p.Data.DeadLetterId == id), ParkWait, narrator.Time, cancellationToken);
        var park = watch.Parked.FirstOrDefault(p => p.Data.DeadLetterId == id);
        var inParked = false;
        if (park is not null)
        {
            inParked = (await redis.XRangeAsync(keys.Parked(FleetStreams.Notification), park.Data.ParkedEntryId, park.Data.ParkedEntryId, cancellationToken: cancellationToken)).Count == 1;
            narrator.Step("dead letter", "parked", narrator.Time.GetElapsedTime(started), $"system.dead_letter.parked ({park.Data.Reason}): now {keys.Parked(FleetStreams.Notification)} {park.Data.ParkedEntryId}{(inParked ? "" : " (NOT found there)")}");
        }

        checks.Add(narrator, parked && inParked, $"malformed dead letter {id} parked in {keys.Parked(FleetStreams.Notification)} (system.dead_letter.parked)");
    }

    private async Task<string> WriteDeadLetterAsync(string stream, IReadOnlyList<StreamField> original, string group, string errorType, string message, CancellationToken cancellationToken)
    {
        var now = await redis.ServerTimeAsync(cancellationToken);
        var fields = new List<StreamField>(original)
        {
            new(DeadLetterFields.SourceStream, stream),
            // The id it "had" in the source stream: one of now's ids, never added there.
            new(DeadLetterFields.EntryId, $"{now.ToUnixTimeMilliseconds()}-0"),
            new(DeadLetterFields.Group, group),
            new(DeadLetterFields.Consumer, "demo-driver"),
            new(DeadLetterFields.DeliveryCount, 5),
            new(DeadLetterFields.ErrorType, errorType),
            new(DeadLetterFields.ErrorMessage, message),
            new(DeadLetterFields.Exception, string.Empty),
            new(DeadLetterFields.FailedAt, EnvelopeCodec.FormatTimestamp(now)),
        };
        var key = keys.DeadLetters(stream);
        var id = (await redis.XAddAsync(key, fields, cancellationToken: cancellationToken))?.ToString()
            ?? throw new InvalidOperationException($"XADD {key} returned no id.");
        checks.ExpectedDeadLetters.Add($"{key} {id}");
        return id;
    }
}
