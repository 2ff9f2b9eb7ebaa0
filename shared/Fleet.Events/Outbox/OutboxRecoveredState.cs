namespace Fleet.Events.Outbox;

/// <summary>What <see cref="OutboxRecovery"/> found on disk: the unconsumed records and where appends continue.</summary>
/// <param name="Entries">The unconsumed records, oldest first.</param>
/// <param name="FirstSegment">The oldest segment file left.</param>
/// <param name="ActiveSegment">The segment appends continue in; its file exists.</param>
/// <param name="ActiveLength">The active segment's length once any torn tail was cut.</param>
internal sealed record OutboxRecoveredState(List<OutboxEntry> Entries, long FirstSegment, long ActiveSegment, long ActiveLength);
