namespace Fleet.Events.Outbox;

/// <summary>
/// What the group-commit <see cref="OutboxWriter"/> writes to: appends that become durable only at the next
/// <see cref="Sync"/>, so one fsync covers many appends. <see cref="FileOutbox"/> is the implementation.
/// </summary>
internal interface IOutboxLog
{
    /// <summary>
    /// Appends every payload, in order, all or none when there is no room for all of them
    /// (<see cref="OutboxFullException"/>); they survive a crash only after <see cref="Sync"/>. An I/O error part-way
    /// leaves the payloads before it appended.
    /// </summary>
    void Write(IReadOnlyList<byte[]> payloads);

    /// <summary>fsync: every payload written so far survives a crash.</summary>
    void Sync();
}
