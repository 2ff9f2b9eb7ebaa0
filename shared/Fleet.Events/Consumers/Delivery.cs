using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>An entry ready for its handler: decoded, typed and validated, with its delivery count and partition key.</summary>
internal readonly record struct Delivery(StreamEntry Entry, long DeliveryCount, EventEnvelope Envelope, object Data, GroupHandler Handler, string? PartitionKey);

/// <summary>Why an entry goes to the dead-letter stream without (more) handling.</summary>
internal readonly record struct DeadLetterReason(string ErrorType, string Message, Exception? Exception, string EventType);

/// <summary>What <see cref="DeliveryProcessor.Prepare"/> decided about an entry.</summary>
internal enum Verdict
{
    /// <summary>Run the handler with the <see cref="Delivery"/>.</summary>
    Ready,

    /// <summary>Finished without a handler (deleted entry or no handler in this group): acknowledged.</summary>
    Done,

    /// <summary>Move to the dead-letter stream with the <see cref="DeadLetterReason"/>.</summary>
    DeadLetter,
}

/// <summary>
/// Entries read or claimed together, with their delivery counts: null for new entries (first delivery, count 1), else
/// from XPENDING, which lists every entry of the batch (the read and claim loops leave out the others).
/// </summary>
internal readonly record struct InboundBatch(IReadOnlyList<StreamEntry> Entries, IReadOnlyDictionary<RedisStreamId, long>? DeliveryCounts)
{
    /// <summary>The delivery count of <paramref name="entry"/>.</summary>
    public long DeliveryCountOf(StreamEntry entry) =>
        DeliveryCounts is null ? 1 : DeliveryCounts.TryGetValue(entry.Id, out var count) ? count : 1;
}
