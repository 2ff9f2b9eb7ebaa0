using Fleet.Redis;

namespace Fleet.Events;

/// <summary>The outcome of one publish.</summary>
/// <param name="EventId">The event's ULID (its identity and idempotency key).</param>
/// <param name="EntryId">The stream entry id, or null when the event was spooled to the local outbox.</param>
public readonly record struct PublishResult(Ulid EventId, RedisStreamId? EntryId)
{
    /// <summary>Whether the event waits in the local outbox for Redis to come back.</summary>
    public bool IsSpooled => EntryId is null;
}
