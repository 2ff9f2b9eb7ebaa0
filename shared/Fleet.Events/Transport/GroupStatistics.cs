namespace Fleet.Events.Transport;

/// <summary>A consumer group's numbers at one moment, for metrics and the trim-horizon warning.</summary>
/// <param name="StreamLength">Entries in the stream (XLEN).</param>
/// <param name="Pending">Entries delivered to the group and not yet acknowledged.</param>
/// <param name="Lag">Entries not yet delivered to the group, or null when Redis cannot tell (after trimming or XDEL).</param>
/// <param name="DeadLetters">Entries in the stream's <c>:dlq</c>.</param>
internal readonly record struct GroupStatistics(long StreamLength, long Pending, long? Lag, long DeadLetters);
