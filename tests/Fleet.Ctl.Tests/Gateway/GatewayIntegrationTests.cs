using System.Text.Json.Nodes;
using Fleet.Events;
using Fleet.Testing;
using NUlid;

namespace Fleet.Ctl.Tests.Gateway;

/// <summary>fleetctl's gateway mode against the real event-gateway process (archive in PostgreSQL).</summary>
public sealed partial class GatewayIntegrationTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Upload = """{"file_id":"01JDQ8Z0000000000000000001","user_id":"u1","file_name":"a.pdf","mime_type":"application/pdf","size_bytes":10,"storage_uri":"file:///tmp/a.pdf"}""";

    [Fact]
    public async Task Publish_ThroughTheGateway_LandsOnTheStream()
    {
        var correlation = Ulid.NewUlid().ToString();
        var result = (await FleetCtl.RunAsync(["publish", "file.uploaded", "--data", Upload, "--correlation-id", correlation, "--json", .. gateway.Options()]))
            .ShouldExitWith(0).ShouldHaveNoAnsi();

        var printed = JsonNode.Parse(Assert.Single(result.Output))!;
        Assert.Equal("contextual.events", printed["stream"]!.ToString());
        var entryId = printed["entryId"]!.ToString();
        var entry = Assert.Single(await gateway.Redis.XRangeAsync(gateway.Keys.Stream("contextual.events"), entryId, entryId, cancellationToken: TestContext.Current.CancellationToken));
        var envelope = EnvelopeCodec.Decode(entry.Fields);
        Assert.Equal(printed["id"]!.ToString(), envelope.Id.ToString());
        Assert.Equal(correlation, envelope.CorrelationId.ToString());
    }

    [Fact]
    public async Task Publish_InvalidDataThroughTheGateway_ExitsTwoWithTheGatewaysErrors()
    {
        var result = (await FleetCtl.RunAsync(["publish", "file.uploaded", "--data", """{"file_id":"nope"}""", "--stream", "rejected.events", .. gateway.Options()]))
            .ShouldExitWith(2);

        Assert.Contains("400", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Errors.Count > 2, result.Stderr);
        Assert.False(await gateway.Redis.ExistsAsync(gateway.Keys.Stream("rejected.events"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Publish_WithAReadOnlyKey_ExitsOneSayingItNeedsAnAdminKey()
    {
        var result = (await FleetCtl.RunAsync(["publish", "file.uploaded", "--data", Upload, .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(1);
        Assert.Contains("403", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayFixture.ReadKey, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conversation_OfArchivedEvents_PrintsThemInOrderAcrossStreams_AndReplayRepublishesThem()
    {
        var correlation = Ulid.NewUlid(TimeProvider.System);
        var first = await AddEventAsync("contextual.events", "file.uploaded", Upload, correlation);
        var second = await AddEventAsync("notification.events", "notification.requested", """{"user_id":"u1"}""", correlation);
        var third = await AddEventAsync("contextual.events", "file.processed", """{"file_id":"x"}""", correlation);

        // The archiver copies the entries into PostgreSQL on its own time: ask until all three are there.
        var result = await Eventually.UntilAsync(
            () => FleetCtl.RunAsync(["conversation", correlation.ToString(), "--json", .. gateway.Options(GatewayFixture.ReadKey)]),
            run => run.ExitCode == 0 && run.Output.Count == 3,
            "the archive holds the conversation's three events");

        Assert.Equal([first, second, third], result.Output.Select(line => JsonNode.Parse(line)!["id"]!.ToString()));
        Assert.Equal(["contextual.events", "notification.events", "contextual.events"], result.Output.Select(line => JsonNode.Parse(line)!["stream"]!.ToString()));

        var readable = (await FleetCtl.RunAsync(["conversation", correlation.ToString(), .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(0).ShouldHaveNoAnsi();
        Assert.Equal(3, readable.Output.Count);
        Assert.Contains("notification.requested", readable.Output[1], StringComparison.Ordinal);

        // Replays go to one of the six domain streams; no other test of this class uses user.events.
        const string target = "user.events";
        var replay = (await FleetCtl.RunAsync(["replay", "--correlation-id", correlation.ToString(), "--target-stream", target, "--json", .. gateway.Options()]))
            .ShouldExitWith(0);
        var job = JsonNode.Parse(Assert.Single(replay.Output))!;
        Assert.Equal("completed", job["state"]!.ToString());
        Assert.Equal(3, job["published"]!.GetValue<long>());
        Assert.Contains("published 3", replay.Stderr, StringComparison.Ordinal);
        var replayed = await gateway.Redis.XRangeAsync(gateway.Keys.Stream(target), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(
            ["file.uploaded", "notification.requested", "file.processed"],
            replayed.Where(e => e[EnvelopeFields.CorrelationId].ToString() == correlation.ToString()).Select(e => e[EnvelopeFields.Type].ToString()));
    }

    [Fact]
    public async Task Conversation_Unknown_ExitsThree()
    {
        var result = (await FleetCtl.RunAsync(["conversation", Ulid.NewUlid().ToString(), .. gateway.Options(GatewayFixture.ReadKey)])).ShouldExitWith(3);
        Assert.Contains("no archived events", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> AddEventAsync(string stream, string type, string data, Ulid correlation) =>
        (await TestEvents.AddAsync(gateway.Redis, gateway.Keys.Stream(stream), type, data, correlation)).Id.ToString();
}
