using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// Entries read or claimed together, with their delivery counts: null for new entries (first delivery, count 1), else
/// from XPENDING, which lists every entry of the batch (the read and claim loops leave out the others); and when they
/// came into this consumer's hand (a <see cref="TimeProvider.GetTimestamp"/> value).
/// </summary>
internal readonly record struct InboundBatch(IReadOnlyList<StreamEntry> Entries, IReadOnlyDictionary<RedisStreamId, long>? DeliveryCounts, long AdmittedAt)
{
    /// <summary>The delivery count of <paramref name="entry"/>.</summary>
    public long DeliveryCountOf(StreamEntry entry) =>
        DeliveryCounts is null ? 1 : DeliveryCounts.TryGetValue(entry.Id, out var count) ? count : 1;
}
