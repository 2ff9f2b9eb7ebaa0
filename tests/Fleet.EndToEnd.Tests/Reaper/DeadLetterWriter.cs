using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Events;
using Fleet.Redis;
using NUlid;

namespace Fleet.EndToEnd.Tests.Reaper;

/// <summary>
/// Writes dead letters into a stream's <c>:dlq</c> the way the consumer runtime does (DESIGN.md section 4): the original
/// entry's fields, in order, then the <c>dlq_*</c> fields of <see cref="DeadLetterFields"/>. An entry the reaper re-drove
/// carries its count in <c>fleet_redrives</c> (docs/services/dead-letter-reaper.md), which its next dead letter copies.
/// </summary>
internal sealed class DeadLetterWriter(FleetBus bus)
{
    /// <summary>The field a re-driven entry carries its re-drive count in.</summary>
    public const string RedrivesField = "fleet_redrives";

    /// <summary>
    /// A dead letter of <paramref name="data"/> (a valid event with a fresh id, as a producer wrote it) that
    /// <paramref name="group"/> gave up on with <paramref name="errorType"/>, re-driven <paramref name="redrives"/> times before.
    /// </summary>
    public async Task<WrittenDeadLetter> WriteAsync<T>(string stream, T data, string group, string errorType, string? userId = null, int redrives = 0)
        where T : class
    {
        var bytes = bus.Registry.Serialize(data, out var type);
        var now = await bus.Client.ServerTimeAsync(TestContext.Current.CancellationToken);
        var envelope = new EventEnvelope { Id = Ulid.NewUlid(), Type = type.Name, Version = type.Version, Timestamp = now, UserId = userId, Data = bytes };
        List<StreamField> original = [.. EnvelopeCodec.Encode(envelope)];
        if (redrives > 0)
        {
            original.Add(new StreamField(RedrivesField, redrives));
        }

        return await AppendAsync(stream, original, envelope.Id.ToString(), group, errorType, $"e2e: {group} gave up ({errorType})");
    }

    /// <summary>A dead letter of an entry that is no event at all (what the runtime dead-letters as <c>malformed</c>).</summary>
    public Task<WrittenDeadLetter> WriteMalformedAsync(string stream, string group) =>
        AppendAsync(
            stream,
            [new StreamField(EnvelopeFields.Id, "not-a-ulid"), new StreamField(EnvelopeFields.Type, "Not A Type!"), new StreamField(EnvelopeFields.Data, "{\"broken\":")],
            eventId: null,
            group,
            DeadLetterErrorTypes.Malformed,
            "e2e: the entry has no readable envelope");

    private async Task<WrittenDeadLetter> AppendAsync(string stream, List<StreamField> fields, string? eventId, string group, string errorType, string message)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Redis's clock, as the runtime's: the reaper compares dlq_failed_at + cool-down with its own time, the test with entry ids.
        var failedAt = await bus.Client.ServerTimeAsync(cancellationToken);
        var originalId = new RedisStreamId((ulong)failedAt.ToUnixTimeMilliseconds() - 1, 0).ToString();
        fields.AddRange(
        [
            new StreamField(DeadLetterFields.SourceStream, stream),
            new StreamField(DeadLetterFields.EntryId, originalId),
            new StreamField(DeadLetterFields.Group, group),
            new StreamField(DeadLetterFields.Consumer, group + "-1"),
            new StreamField(DeadLetterFields.DeliveryCount, errorType == DeadLetterErrorTypes.MaxDeliveries ? "5" : "1"),
            new StreamField(DeadLetterFields.ErrorType, errorType),
            new StreamField(DeadLetterFields.ErrorMessage, message),
            new StreamField(DeadLetterFields.Exception, string.Empty),
            new StreamField(DeadLetterFields.FailedAt, EnvelopeCodec.FormatTimestamp(failedAt)),
        ]);
        var id = await bus.Client.XAddAsync(bus.Keys.DeadLetters(stream), fields, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException("XADD returned no id.");
        return new WrittenDeadLetter(stream, id.ToString(), eventId, originalId, failedAt);
    }
}
