using System.Text.Json.Nodes;
using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Testing;
using Fleet.Testing.Processes;
using NUlid;

namespace Fleet.EndToEnd.Tests.Gateway;

/// <summary>
/// event-gateway started on the running fleet's Redis, as <c>make run</c> does: one upload's conversation (every event
/// that carries its correlation id, on every stream) is read back from the PostgreSQL archive through
/// <c>GET /events/{id}/conversation</c>, whole and in order.
/// </summary>
[Collection(SharedFleet.Name)]
public sealed class UploadConversationIntegrationTests(FleetFixture fleet)
{
    /// <summary>
    /// The upload path's events in the order they happen (docs/fleet.md). The embedding request and its answer are not
    /// among them: request/response gives each request a fresh correlation id (DESIGN.md section 5), its own conversation.
    /// </summary>
    private static readonly string[] UploadPath =
    [
        "file.uploaded", "file.processing.started", "file.text.extracted", "file.processed", "notification.requested",
        "notification.delivered",
    ];

    [Fact]
    public async Task Upload_Processed_ConversationQueryableFromArchiveInOrder()
    {
        await using var gateway = await GatewayNode.StartAsync(fleet.RedisUrlFor(ServiceBinaries.EventGateway), fleet.LogDirectory, TestContext.Current.CancellationToken);
        var user = FleetFixture.NewUser("archive");
        await fleet.SetPreferencesAsync(user, NotificationChannel.Webhook);
        var correlationId = Ulid.NewUlid();

        var upload = await fleet.UploadAsync(user, "plain.txt", "text/plain", correlationId);
        await fleet.ProcessedAsync([upload]);
        await fleet.DeliveredAsync(upload, NotificationChannel.Webhook);

        var onStreams = await fleet.State.ConversationAsync(correlationId.ToString());
        var expected = onStreams.Select(e => e.Envelope.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(upload.EventId, expected);
        var archived = await Eventually.UntilAsync(
            async () => (await gateway.GetAsync($"events/{upload.EventId}/conversation"))["events"]!.AsArray(),
            events => expected.IsSubsetOf(events.Select(e => (string)e!["id"]!)),
            $"the archive holds the {expected.Count} events of {correlationId} found on the streams",
            FleetFixture.WorkLimit);

        // Only this conversation, nothing else; in the time order of the envelopes, across streams.
        Assert.All(archived, e => Assert.Equal(correlationId.ToString(), (string?)e!["correlationId"]));
        Assert.Equal(expected.Count, archived.Count);
        var times = archived.Select(e => DateTimeOffset.Parse((string)e!["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        var types = archived.Select(e => (string)e!["type"]!).ToList();
        Assert.Equal("file.uploaded", types[0]);
        var positions = UploadPath.Select(type => types.IndexOf(type)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, $"The conversation lacks a step of the upload path: {string.Join(", ", types)}"));
        Assert.Equal(positions.Order(), positions);

        // Each archived event is the one on its stream: same stream, entry id and payload. Publishing is at least once
        // (DESIGN.md section 4): an outbox relay whose XADD answer was lost sends the event again, with the same id, as a
        // second entry. The archive keeps the first copy it wrote (ON CONFLICT DO NOTHING), the oldest entry.
        foreach (var copies in onStreams.GroupBy(e => e.Envelope.Id))
        {
            var (stream, entryId, envelope) = copies.First();
            var copy = archived.Single(e => (string?)e!["id"] == envelope.Id.ToString())!;
            Assert.Equal((stream, entryId), ((string)copy["stream"]!, (string)copy["entryId"]!));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(envelope.Data.Span), copy["data"]), $"{envelope.Type} {envelope.Id}: the archived data differs.");
        }
    }
}
