using Fleet.Events;
using Fleet.Redis;
using NUlid;

namespace Fleet.Ctl.Tests;

/// <summary>Valid envelopes written straight to a stream, as any producer may (DESIGN.md section 3).</summary>
internal static class TestEvents
{
    /// <summary>Appends an envelope of <paramref name="type"/> with <paramref name="data"/> to <paramref name="key"/>; the event id and the entry id.</summary>
    public static async Task<(Ulid Id, RedisStreamId EntryId)> AddAsync(RedisClient client, string key, string type, string data, Ulid? correlationId = null)
    {
        var envelope = new EventEnvelope
        {
            // Fleet's monotonic ULIDs: events written in one millisecond still sort in the order they were written.
            Id = Ulid.NewUlid(TimeProvider.System),
            Type = type,
            Version = 1,
            Timestamp = DateTimeOffset.UtcNow,
            CorrelationId = correlationId,
            Data = System.Text.Encoding.UTF8.GetBytes(data),
        };
        IReadOnlyList<StreamField> fields = EnvelopeCodec.Encode(envelope);
        var entryId = await client.XAddAsync(key, fields, cancellationToken: TestContext.Current.CancellationToken);
        return (envelope.Id, entryId!.Value);
    }
}
