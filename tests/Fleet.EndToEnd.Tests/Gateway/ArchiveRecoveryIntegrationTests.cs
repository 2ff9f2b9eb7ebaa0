using System.Text.Json.Nodes;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Testing;
using NUlid;

namespace Fleet.EndToEnd.Tests.Gateway;

/// <summary>
/// The archive outlives Redis: events published through the gateway are archived in PostgreSQL, Redis loses everything
/// (FLUSHALL), the archive still answers, and a replay job publishes the archived events onto their stream again, in
/// their order, marked as replays.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class ArchiveRecoveryIntegrationTests(GatewayFixture fixture)
{
    private const int Count = 20;

    [Fact]
    public async Task FlushAll_ArchiveKeepsEvents_ReplayRestoresStreamInOrder()
    {
        var gateway = fixture.Gateway;
        var redis = fixture.Bus.Client;
        var key = fixture.Bus.Keys.Stream(FleetStreams.User);
        var correlationId = Ulid.NewUlid().ToString();
        var emails = Enumerable.Range(0, Count).Select(i => $"flush-{i}-{correlationId.ToLowerInvariant()}@example.com").ToList();
        var published = new List<string>();
        foreach (var email in emails)
        {
            var answer = await gateway.PostAsync("events", new
            {
                type = "user.preferences.updated",
                data = Preferences(email),
                correlationId,
                userId = "e2e-flush",
            });
            Assert.Equal(FleetStreams.User, (string?)answer["stream"]);
            published.Add((string)answer["id"]!);
        }

        // The archive's order is the envelopes' (timestamp, then id); the replay keeps it.
        var archived = await ArchivedAsync(correlationId, published);
        var order = archived.Select(e => (string)e!["data"]!["email"]!).ToList();

        await redis.ExecuteAsync("FLUSHALL", [], TestContext.Current.CancellationToken);
        Assert.False(await redis.ExistsAsync(key, TestContext.Current.CancellationToken));
        Assert.Equal(Ids(archived), Ids(await ArchivedAsync(correlationId, published)));

        var job = await gateway.PostAsync("events/replay", new { correlationId }, idempotencyKey: Ulid.NewUlid().ToString());
        var jobId = (string)job["jobId"]!;
        var done = await Eventually.UntilAsync(
            () => gateway.GetAsync($"events/replay/{jobId}"),
            state => state["finishedAt"] is not null,
            $"replay job {jobId} finishes",
            GatewayFixture.WorkLimit);
        Assert.Equal(("completed", Count, Count), ((string?)done["state"], (long)done["matched"]!, (long)done["published"]!));

        // The stream holds the replayed events again: the same payloads in the archive's order, each marked as the replay
        // of its original (metadata replay_of).
        var replayed = (await redis.XRangeAsync(key, cancellationToken: TestContext.Current.CancellationToken)).Select(entry => EnvelopeCodec.Decode(entry.Fields)).Where(e => e.CorrelationId?.ToString() == correlationId).ToList();
        Assert.Equal(order, replayed.Select(e => (string?)JsonNode.Parse(e.Data.Span)!["email"]));
        Assert.Equal(Ids(archived), replayed.Select(e => e.Metadata?.GetValueOrDefault("replay_of")));
    }

    private JsonNode Preferences(string email) =>
        JsonNode.Parse(fixture.Bus.Registry.Serialize(new UserPreferencesUpdated("e2e-flush", [NotificationChannel.Email], null, email), out _))!;

    private static List<string> Ids(JsonArray events) => [.. events.Select(e => (string)e!["id"]!)];

    /// <summary>Waits until GET /events?correlationId= lists exactly <paramref name="ids"/> (in the archive's order).</summary>
    private Task<JsonArray> ArchivedAsync(string correlationId, List<string> ids) =>
        Eventually.UntilAsync(
            async () => (await fixture.Gateway.GetAsync($"events?correlationId={correlationId}&limit=1000"))["events"]!.AsArray(),
            events => Ids(events).Order(StringComparer.Ordinal).SequenceEqual(ids.Order(StringComparer.Ordinal)),
            $"the archive lists the {ids.Count} events of {correlationId}",
            GatewayFixture.WorkLimit);
}
