using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <summary>
/// What the event bus needs from its storage: Redis Streams semantics (append, consumer groups, pending lists,
/// claims) plus the few atomic moves Fleet builds on them. <c>RedisEventTransport</c> implements it on a
/// real Redis; <c>InMemoryEventTransport</c> with the same semantics inside one process. Every key is a
/// full key (<see cref="StreamKeys"/>), not a stream name.
/// </summary>
internal interface IEventTransport : IAsyncDisposable
{
    /// <summary>Raised after the connection to the store was lost and came back (consumers re-create their groups).</summary>
    event EventHandler? Restored;

    /// <summary>Where the store is, for messages: <c>redis://host:port/db</c> (never the password) or <c>in-memory</c>.</summary>
    string Endpoint { get; }

    /// <summary>Whether the store can be reached right now (the connection is up); false before a client's first connection.</summary>
    bool IsReachable { get; }

    /// <summary>
    /// Why the store refuses this process, when it answers but rejects the connection's handshake (wrong password, an
    /// ACL without a command the client needs, a database out of range): waiting will not help until the configuration
    /// changes. Null when there is no such refusal (connected, or merely unreachable).
    /// </summary>
    string? ConfigurationError { get; }

    /// <summary>
    /// Whether the store can be reached, waiting for a first connection attempt still in progress (a client made by
    /// <c>RedisClient.Create</c> a moment ago), at most the client's connect timeout. For start-up decisions.
    /// </summary>
    ValueTask<bool> WaitReachableAsync(CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="error"/> means the store could not be reached (the publish may spool to the outbox).</summary>
    bool IsUnavailable(Exception error);

    /// <summary>XADD with an auto id and the trim clause; returns the new entry's id.</summary>
    ValueTask<RedisStreamId> AppendAsync(string stream, IReadOnlyList<StreamField> fields, StreamTrim? trim, CancellationToken cancellationToken);

    /// <summary>XADD of each entry in order, pipelined; returns their ids in the same order.</summary>
    ValueTask<RedisStreamId[]> AppendBatchAsync(string stream, IReadOnlyList<IReadOnlyList<StreamField>> entries, StreamTrim? trim, CancellationToken cancellationToken);

    /// <summary>XGROUP CREATE … MKSTREAM at <paramref name="startId"/> (<c>0</c> or <c>$</c>); BUSYGROUP means it exists. Returns whether it was created.</summary>
    ValueTask<bool> EnsureGroupAsync(string stream, string group, string startId, CancellationToken cancellationToken);

    /// <summary>
    /// XREADGROUP GROUP group consumer COUNT count [BLOCK ms] STREAMS stream position. <paramref name="position"/> is
    /// <c>&gt;</c> for new entries or an id for this consumer's own pending entries (deleted ones come back with
    /// <see cref="StreamEntry.IsDeleted"/>). A null <paramref name="block"/> does not block. Throws
    /// <see cref="ConsumerGroupLostException"/> when the group or stream no longer exists (NOGROUP).
    /// </summary>
    ValueTask<IReadOnlyList<StreamEntry>> ReadGroupAsync(string stream, string group, string consumer, string position, int count, TimeSpan? block, CancellationToken cancellationToken);

    /// <summary>XACK; returns how many were still pending.</summary>
    ValueTask<long> AckAsync(string stream, string group, IReadOnlyList<RedisStreamId> ids, CancellationToken cancellationToken);

    /// <summary>XAUTOCLAIM stream group consumer min-idle start COUNT count (increments each claimed entry's delivery count).</summary>
    ValueTask<StreamAutoClaimResult> AutoClaimAsync(string stream, string group, string consumer, TimeSpan minIdle, RedisStreamId start, int count, CancellationToken cancellationToken);

    /// <summary>XPENDING stream group first last count [consumer]: the pending entries with their delivery counts.</summary>
    ValueTask<IReadOnlyList<StreamPendingEntry>> PendingAsync(string stream, string group, RedisStreamId first, RedisStreamId last, int count, string? consumer, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically: XACK the entry and, only when it was still pending, XADD <paramref name="fields"/> to
    /// <paramref name="deadLetterStream"/> with <paramref name="trim"/>. Returns whether the dead letter was written.
    /// </summary>
    ValueTask<bool> DeadLetterAsync(string stream, string deadLetterStream, string group, RedisStreamId id, IReadOnlyList<StreamField> fields, StreamTrim? trim, CancellationToken cancellationToken);

    /// <summary>Whether the idempotency mark <paramref name="markKey"/> exists.</summary>
    ValueTask<bool> IsProcessedAsync(string markKey, CancellationToken cancellationToken);

    /// <summary>Atomically: set <paramref name="markKey"/> with time-to-live <paramref name="ttl"/> and XACK the entry.</summary>
    ValueTask AckAndMarkProcessedAsync(string stream, string group, RedisStreamId id, string markKey, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a handler's staged writes with its acknowledgement, atomically: when <paramref name="markKey"/> is given and
    /// set, only XACK (<see cref="CommitOutcome.Duplicate"/>); when the entry is no longer pending in the group, nothing
    /// (<see cref="CommitOutcome.NotPending"/>: whoever acknowledged it first applied its writes); otherwise apply
    /// <paramref name="writes"/> in order, set the mark with <paramref name="markTtl"/> when given, and XACK. Key types
    /// are checked before the first write, so a write Redis would refuse (WRONGTYPE, INCRBY of a non-integer) fails
    /// the commit with nothing written.
    /// </summary>
    ValueTask<CommitOutcome> CommitAsync(string stream, string group, RedisStreamId id, string? markKey, TimeSpan markTtl, IReadOnlyList<StagedWrite> writes, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="member"/> (an encoded envelope, <see cref="ScheduledEventCodec"/>) to the sorted set, due at <paramref name="due"/>.</summary>
    ValueTask ScheduleAsync(string scheduledKey, string member, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically moves up to <paramref name="max"/> members due at or before <paramref name="now"/> from the sorted
    /// set onto <paramref name="stream"/> (in due order, with <paramref name="trim"/>). A member that cannot be read (not a
    /// JSON array of field names and values) goes to <paramref name="deadLetterStream"/> (field
    /// <c>scheduled_member</c> plus the error fields) instead, so it neither blocks later members nor vanishes.
    /// Returns how many members left the set.
    /// </summary>
    ValueTask<int> ReleaseDueAsync(string scheduledKey, string stream, string deadLetterStream, DateTimeOffset now, int max, StreamTrim? trim, CancellationToken cancellationToken);

    /// <summary>XREAD COUNT count [BLOCK ms] STREAMS stream after: entries after <paramref name="after"/>, no group.</summary>
    ValueTask<IReadOnlyList<StreamEntry>> ReadAsync(string stream, RedisStreamId after, int count, TimeSpan? block, CancellationToken cancellationToken);

    /// <summary>PUBLISH: best effort, to whoever is subscribed now. Returns the number of receivers.</summary>
    ValueTask<long> NotifyAsync(string channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>
    /// PSUBSCRIBE <paramref name="pattern"/>; the handler gets (channel, payload). Dispose to unsubscribe: the handler gets
    /// nothing more once it returns; the server may count the subscriber (PUBLISH's reply) a moment longer.
    /// </summary>
    ValueTask<IAsyncDisposable> SubscribeAsync(string pattern, Func<string, ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken);

    /// <summary>Length, pending count and lag of a group (XINFO GROUPS, XLEN) and the length of its dead-letter stream.</summary>
    ValueTask<GroupStatistics> GetGroupStatisticsAsync(string stream, string deadLetterStream, string group, CancellationToken cancellationToken);

    /// <summary>
    /// Acquires a leader lease when nobody holds it, atomically: when <paramref name="leaseKey"/> is missing, INCR
    /// <paramref name="fenceKey"/> and SET the lease to <paramref name="valuePrefix"/> followed by the new counter, with
    /// time to live <paramref name="leaseTime"/>. Returns the counter (the fencing token), or null when the lease is held.
    /// </summary>
    ValueTask<long?> TryAcquireLeaseAsync(string leaseKey, string fenceKey, string valuePrefix, TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>PEXPIRE the lease only while it holds <paramref name="value"/>; false when it does not (lost).</summary>
    ValueTask<bool> RenewLeaseAsync(string leaseKey, string value, TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>DEL the lease only while it holds <paramref name="value"/>; false when it did not.</summary>
    ValueTask<bool> ReleaseLeaseAsync(string leaseKey, string value, CancellationToken cancellationToken);

    /// <summary>
    /// XADD of each entry in order with the trim clause, atomically and only while <paramref name="leaseKey"/> holds
    /// <paramref name="leaseValue"/>; returns the ids, or null with nothing written when the lease holds anything else.
    /// </summary>
    ValueTask<RedisStreamId[]?> AppendFencedAsync(
        string stream, IReadOnlyList<IReadOnlyList<StreamField>> entries, StreamTrim? trim, string leaseKey, string leaseValue, CancellationToken cancellationToken);
}
