using System.Text.Json.Nodes;
using Fleet.Events;
using Fleet.Redis;
using NUlid;

namespace Fleet.Ctl.Tests.Reaper;

/// <summary>fleetctl dlq redrive/purge --wait against the real dead-letter-reaper process.</summary>
public sealed class ReaperRequestIntegrationTests(ReaperFixture reaper) : IClassFixture<ReaperFixture>
{
    [Fact]
    public async Task Purge_WithWait_ReportsWhatTheReaperDeleted()
    {
        var purged = await ParkAsync();
        var kept = await ParkAsync();

        var result = (await FleetCtl.RunAsync(["dlq", "purge", "--stream", ReaperFixture.Watched, purged.EntryId.ToString(), "--wait", "--json", .. reaper.Options]))
            .ShouldExitWith(0);

        var outcome = JsonNode.Parse(Assert.Single(result.Output))!;
        Assert.Equal("handled", outcome["state"]!.ToString());
        var answer = Assert.Single(outcome["answers"]!.AsArray())!;
        Assert.Equal(1, answer["count"]!.GetValue<int>());
        Assert.Equal([purged.EntryId.ToString()], answer["entry_ids"]!.AsArray().Select(id => id!.ToString()));
        var left = await reaper.Redis.XRangeAsync(reaper.Keys.Parked(ReaperFixture.Watched), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(kept.EntryId, left.Select(e => e.Id));
        Assert.DoesNotContain(purged.EntryId, left.Select(e => e.Id));
    }

    [Fact]
    public async Task Redrive_WithWait_PutsTheEntryBackOnItsStreamAndPrintsTheAnswer()
    {
        var parked = await ParkAsync();

        var result = (await FleetCtl.RunAsync(["dlq", "redrive", "--stream", ReaperFixture.Watched, parked.EntryId.ToString(), "--wait", .. reaper.Options]))
            .ShouldExitWith(0).ShouldHaveNoAnsi();

        Assert.Contains(result.Output, line => line.StartsWith("system.dead_letter.redriven", StringComparison.Ordinal) && line.Contains(parked.EntryId.ToString(), StringComparison.Ordinal));
        Assert.Contains("1 re-driven", result.Stderr, StringComparison.Ordinal);
        var stream = await reaper.Redis.XRangeAsync(reaper.Keys.Stream(ReaperFixture.Watched), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(stream, entry => entry[EnvelopeFields.Id].ToString() == parked.EventId.ToString());
    }

    [Fact]
    public async Task Redrive_OfAStreamTheReaperDoesNotWatch_ExitsOneWithItsReason()
    {
        var result = (await FleetCtl.RunAsync(["dlq", "redrive", "--stream", "market.events", "--wait", .. reaper.Options])).ShouldExitWith(1);

        Assert.Contains("refused", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not watched", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A parked entry as the reaper writes one: the original fields, the dead-letter fields, the parking fields.</summary>
    private async Task<(Ulid EventId, RedisStreamId EntryId)> ParkAsync()
    {
        var eventId = Ulid.NewUlid(TimeProvider.System);
        StreamField[] fields =
        [
            new(EnvelopeFields.Id, eventId.ToString()),
            new(EnvelopeFields.Type, "user.tier.changed"),
            new(EnvelopeFields.Version, "1"),
            new(EnvelopeFields.Timestamp, "2026-12-02T10:00:00.000Z"),
            new(EnvelopeFields.Data, """{"user_id":"u1","tier":"pro"}"""),
            new(DeadLetterFields.SourceStream, ReaperFixture.Watched),
            new(DeadLetterFields.EntryId, "1-0"),
            new(DeadLetterFields.Group, "file-processor"),
            new(DeadLetterFields.Consumer, "fp-1"),
            new(DeadLetterFields.DeliveryCount, "1"),
            new(DeadLetterFields.ErrorType, DeadLetterErrorTypes.Permanent),
            new(DeadLetterFields.ErrorMessage, "the handler gave up"),
            new(DeadLetterFields.Exception, string.Empty),
            new(DeadLetterFields.FailedAt, "2026-12-02T10:00:01.000Z"),
            new("parked_reason", "policy"),
            new("parked_at", "2026-12-02T10:00:02.000Z"),
        ];
        var id = await reaper.Redis.XAddAsync(reaper.Keys.Parked(ReaperFixture.Watched), (IReadOnlyList<StreamField>)fields, cancellationToken: TestContext.Current.CancellationToken);
        return (eventId, id!.Value);
    }
}
