using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Reaper;

/// <summary>
/// dead-letter-reaper's policies on dead letters the test writes into user.events' <c>:dlq</c>, as the consumer runtime
/// would have: <c>max_deliveries</c> goes back to its stream after the cool-down and the real notifier handles it,
/// one re-driven too often is parked, a malformed one is parked at once, and an operator's request re-drives a parked one.
/// Each decision is announced once on system.events, and nothing is left pending.
/// </summary>
[Collection(SharedOperations.Name)]
public sealed class DeadLetterPolicyIntegrationTests(OperationsFixture fleet)
{
    private const string Stream = FleetStreams.User;
    private const string Notifier = "notifier";

    private readonly DeadLetterWriter _writer = new(fleet.Bus);

    [Fact]
    public async Task MaxDeliveries_AfterCooldown_RedrivenOnceAndHandledByNotifier()
    {
        var user = Users.New("redrive");
        var preferences = Preferences(user);
        var letter = await _writer.WriteAsync(Stream, preferences, Notifier, DeadLetterErrorTypes.MaxDeliveries, user);

        var redriven = Assert.Single(await DecisionsAsync<DeadLetterRedriven>(letter, e => e.DeadLetterId));
        Assert.Equal(("dlq", Stream, Notifier, DeadLetterErrorTypes.MaxDeliveries, 1, letter.EventId, letter.OriginalEntryId, (string?)null),
            (redriven.From, redriven.Stream, redriven.Group, redriven.ErrorType, redriven.Redrives, redriven.EventId, redriven.OriginalEntryId, redriven.RequestId));

        // The cool-down, read from Redis's own clock: the re-driven entry's id is the time it was appended.
        var entry = await fleet.State.EntryAsync(Stream, redriven.NewEntryId);
        Assert.NotNull(entry);
        var waited = TimeSpan.FromMilliseconds(RedisStreamId.Parse(redriven.NewEntryId).Milliseconds) - TimeSpan.FromMilliseconds(letter.FailedAt.ToUnixTimeMilliseconds());
        Assert.True(waited >= OperationsFixture.RedriveCooldown, $"Re-driven {waited.TotalMilliseconds:0} ms after dlq_failed_at, before the {OperationsFixture.RedriveCooldown} cool-down.");
        Assert.Equal(letter.EventId, (string?)entry["id"]);
        Assert.Equal("1", (string?)entry[DeadLetterWriter.RedrivesField]);
        Assert.True(entry[DeadLetterFields.ErrorType].IsNull, "The re-driven entry still carries the dead-letter fields.");

        // The real consumer handles it this time: notifier keeps the preferences.
        await Eventually.TrueAsync(
            async () => (await fleet.State.PreferencesAsync(user)).TryGetValue("webhook_url", out var url) && (string?)url == preferences.WebhookUrl,
            $"notifier keeps the re-driven preferences of {user}",
            OperationsFixture.WorkLimit);
        await AssertGoneFromDeadLettersAsync(letter);
        Assert.DoesNotContain(await fleet.State.ParkedAsync(Stream), e => (string?)e["id"] == letter.EventId);
        Assert.Empty(await AnnouncedAsync<DeadLetterParked>(letter, e => e.DeadLetterId));
        await fleet.QuietAsync();
    }

    [Fact]
    public async Task MaxDeliveries_RedrivenMaxRedrivesTimes_ParkedNotRedriven()
    {
        var user = Users.New("exhausted");
        var letter = await _writer.WriteAsync(Stream, Preferences(user), Notifier, DeadLetterErrorTypes.MaxDeliveries, user, redrives: OperationsFixture.MaxRedrives);

        var parked = Assert.Single(await DecisionsAsync<DeadLetterParked>(letter, e => e.DeadLetterId));
        Assert.Equal(("max_redrives", OperationsFixture.MaxRedrives, DeadLetterErrorTypes.MaxDeliveries, Notifier, letter.EventId),
            (parked.Reason, parked.Redrives, parked.ErrorType, parked.Group, parked.EventId));
        var entry = Assert.Single(await fleet.State.ParkedAsync(Stream), e => e.Id.ToString() == parked.ParkedEntryId);
        Assert.Equal("max_redrives", (string?)entry["parked_reason"]);
        Assert.Equal(letter.OriginalEntryId, (string?)entry[DeadLetterFields.EntryId]);

        await AssertGoneFromDeadLettersAsync(letter);
        Assert.Empty(await AnnouncedAsync<DeadLetterRedriven>(letter, e => e.DeadLetterId));
        Assert.Empty(await fleet.State.PreferencesAsync(user));
        await fleet.QuietAsync();
    }

    [Fact]
    public async Task Malformed_ParkedByPolicyWithoutRedrive()
    {
        var letter = await _writer.WriteMalformedAsync(Stream, Notifier);

        var parked = Assert.Single(await DecisionsAsync<DeadLetterParked>(letter, e => e.DeadLetterId));
        Assert.Equal(("policy", 0, DeadLetterErrorTypes.Malformed, Notifier, (string?)null, (string?)null),
            (parked.Reason, parked.Redrives, parked.ErrorType, parked.Group, parked.EventId, parked.EventType));
        var entry = Assert.Single(await fleet.State.ParkedAsync(Stream), e => e.Id.ToString() == parked.ParkedEntryId);
        Assert.Equal("not-a-ulid", (string?)entry["id"]);
        Assert.Equal("policy", (string?)entry["parked_reason"]);

        await AssertGoneFromDeadLettersAsync(letter);
        Assert.Empty(await AnnouncedAsync<DeadLetterRedriven>(letter, e => e.DeadLetterId));
        await fleet.QuietAsync();
    }

    [Fact]
    public async Task Parked_OperatorRedriveRequest_RedrivenOnceAndHandledByNotifier()
    {
        // notifier declared it permanent (say a bug since fixed): parked by policy, then re-driven by an operator.
        var user = Users.New("operator");
        var preferences = Preferences(user);
        var letter = await _writer.WriteAsync(Stream, preferences, Notifier, DeadLetterErrorTypes.Permanent, user);
        var parked = Assert.Single(await DecisionsAsync<DeadLetterParked>(letter, e => e.DeadLetterId));
        Assert.Equal("policy", parked.Reason);
        Assert.Empty(await fleet.State.PreferencesAsync(user));

        var request = await fleet.Bus.Publisher.PublishAsync(
            FleetStreams.System,
            new DeadLetterRedriveRequested(new ParkedEntrySelection(Stream, [parked.ParkedEntryId]), "e2e-operator"),
            cancellationToken: TestContext.Current.CancellationToken);

        var redriven = Assert.Single(await DecisionsAsync<DeadLetterRedriven>(new WrittenDeadLetter(Stream, parked.ParkedEntryId, letter.EventId, letter.OriginalEntryId, letter.FailedAt), e => e.DeadLetterId));
        Assert.Equal(("parked", (string?)request.EventId.ToString(), letter.EventId, DeadLetterErrorTypes.Permanent),
            (redriven.From, redriven.RequestId, redriven.EventId, redriven.ErrorType));
        await Eventually.TrueAsync(
            async () => (await fleet.State.PreferencesAsync(user)).TryGetValue("webhook_url", out var url) && (string?)url == preferences.WebhookUrl,
            $"notifier keeps the preferences of {user} re-driven by the operator",
            OperationsFixture.WorkLimit);
        Assert.DoesNotContain(await fleet.State.ParkedAsync(Stream), e => e.Id.ToString() == parked.ParkedEntryId);
        await fleet.QuietAsync();
        Assert.Single(await AnnouncedAsync<DeadLetterRedriven>(letter with { Id = parked.ParkedEntryId }, e => e.DeadLetterId));
    }

    private UserPreferencesUpdated Preferences(string user) => new(user, [NotificationChannel.Webhook], fleet.Webhooks.UrlFor(user));

    /// <summary>Waits until the reaper announced its decision about <paramref name="letter"/> and returns every such announcement.</summary>
    private Task<IReadOnlyList<T>> DecisionsAsync<T>(WrittenDeadLetter letter, Func<T, string> deadLetterId)
        where T : class =>
        Eventually.UntilAsync(
            () => AnnouncedAsync(letter, deadLetterId),
            found => found.Count > 0,
            $"dead-letter-reaper announces {typeof(T).Name} for {letter.Stream}:dlq {letter.Id}",
            OperationsFixture.WorkLimit);

    private async Task<IReadOnlyList<T>> AnnouncedAsync<T>(WrittenDeadLetter letter, Func<T, string> deadLetterId)
        where T : class =>
        [.. (await fleet.State.EventsAsync<T>(FleetStreams.System)).Select(e => e.Data).Where(d => deadLetterId(d) == letter.Id)];

    private async Task AssertGoneFromDeadLettersAsync(WrittenDeadLetter letter) =>
        Assert.DoesNotContain(await fleet.State.DeadLettersAsync(letter.Stream), e => e.Id.ToString() == letter.Id);
}
