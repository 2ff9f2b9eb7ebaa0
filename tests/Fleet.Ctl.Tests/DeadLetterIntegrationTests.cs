using System.Text.Json.Nodes;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using NUlid;

namespace Fleet.Ctl.Tests;

/// <summary>fleetctl dlq against a real redis-server, run as a process.</summary>
public sealed class DeadLetterIntegrationTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task List_WithErrorTypeFilter_ListsOnlyMatchingDeadLettersOldestFirst()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var validation1 = await AddDeadLetterAsync(redis, redis.Keys.DeadLetters("user.events"), "user.tier.changed", DeadLetterErrorTypes.Validation);
        await AddDeadLetterAsync(redis, redis.Keys.DeadLetters("user.events"), "user.tier.changed", DeadLetterErrorTypes.MaxDeliveries);
        var validation2 = await AddDeadLetterAsync(redis, redis.Keys.DeadLetters("user.events"), "alert.subscribed", DeadLetterErrorTypes.Validation);

        var result = (await redis.RunAsync("dlq", "list", "--stream", "user.events", "--error-type", "validation", "--json")).ShouldExitWith(0);

        var lines = result.Output.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal([validation1.ToString(), validation2.ToString()], lines.Select(l => l["entryId"]!.ToString()));
        Assert.All(lines, l => Assert.Equal("validation", l["errorType"]!.ToString()));
        Assert.Equal("alert.subscribed", lines[1]["type"]!.ToString());

        var table = (await redis.RunAsync("dlq", "list", "--stream", "user.events", "--event-type", "alert.subscribed")).ShouldExitWith(0).ShouldHaveNoAnsi();
        Assert.Contains(validation2.ToString(), table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(validation1.ToString(), table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_ParkedEntry_PrintsEveryField_AndAMissingIdExitsThree()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var parked = await AddDeadLetterAsync(redis, redis.Keys.Parked("user.events"), "user.tier.changed", DeadLetterErrorTypes.Permanent);

        var shown = (await redis.RunAsync("dlq", "show", "--stream", "user.events", "--parked", parked.ToString(), "--json")).ShouldExitWith(0);
        var fields = JsonNode.Parse(Assert.Single(shown.Output))!["fields"]!;
        Assert.Equal("permanent", fields[DeadLetterFields.ErrorType]!.ToString());
        Assert.Equal("the handler gave up", fields[DeadLetterFields.ErrorMessage]!.ToString());

        var missing = (await redis.RunAsync("dlq", "show", "--stream", "user.events", "1-1")).ShouldExitWith(3);
        Assert.Contains("1-1", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redrive_ByIds_PublishesTheReapersRequestOnSystemEventsAndPrintsItsId()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);

        var result = (await redis.RunAsync("dlq", "redrive", "--stream", "user.events", "1796206667504-0", "1796206667505-0", "--requested-by", "alice", "--json")).ShouldExitWith(0);

        var requestId = JsonNode.Parse(Assert.Single(result.Output))!["requestId"]!.ToString();
        var entry = Assert.Single(await redis.Client.XRangeAsync(redis.Keys.Stream("system.events"), cancellationToken: TestContext.Current.CancellationToken));
        var envelope = EnvelopeCodec.Decode(entry.Fields);
        Assert.Equal(requestId, envelope.Id.ToString());
        Assert.Equal("system.dead_letter.redrive.requested", envelope.Type);
        var data = JsonNode.Parse(envelope.Data.Span)!;
        Assert.Equal("alice", data["requested_by"]!.ToString());
        Assert.Equal("user.events", data["selection"]!["stream"]!.ToString());
        Assert.Equal(["1796206667504-0", "1796206667505-0"], data["selection"]!["entry_ids"]!.AsArray().Select(id => id!.ToString()));
    }

    [Fact]
    public async Task Purge_WithWaitAndNoReaper_ExitsFourAfterItsTimeout()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);

        var result = (await redis.RunAsync("dlq", "purge", "--stream", "user.events", "--error-type", "validation", "--wait", "--timeout", "1")).ShouldExitWith(4);

        Assert.Contains("no dead-letter-reaper handled request", result.Stderr, StringComparison.Ordinal);
        var entry = Assert.Single(await redis.Client.XRangeAsync(redis.Keys.Stream("system.events"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("system.dead_letter.purge.requested", entry[EnvelopeFields.Type].ToString());
    }

    [Fact]
    public async Task Redrive_InvalidSelection_ExitsTwoAndPublishesNothing()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        (await redis.RunAsync("dlq", "redrive", "--stream", "user.events", "--error-type", "Not Valid")).ShouldExitWith(2);
        (await redis.RunAsync("dlq", "redrive", "--stream", "user.events", "not-an-id")).ShouldExitWith(2);
        (await redis.RunAsync("dlq", "list")).ShouldExitWith(2);
        Assert.False(await redis.Client.ExistsAsync(redis.Keys.Stream("system.events"), TestContext.Current.CancellationToken));
    }

    private static async Task<RedisStreamId> AddDeadLetterAsync(CtlRedis redis, string key, string type, string errorType)
    {
        StreamField[] fields =
        [
            new(EnvelopeFields.Id, Ulid.NewUlid().ToString()),
            new(EnvelopeFields.Type, type),
            new(EnvelopeFields.Data, "{}"),
            new(DeadLetterFields.SourceStream, "user.events"),
            new(DeadLetterFields.EntryId, "1-0"),
            new(DeadLetterFields.Group, "notifier"),
            new(DeadLetterFields.ErrorType, errorType),
            new(DeadLetterFields.ErrorMessage, "the handler gave up"),
            new(DeadLetterFields.FailedAt, "2026-12-02T10:00:00.000Z"),
        ];
        return (await redis.Client.XAddAsync(key, (IReadOnlyList<StreamField>)fields, cancellationToken: TestContext.Current.CancellationToken))!.Value;
    }
}
