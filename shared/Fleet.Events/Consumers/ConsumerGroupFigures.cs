namespace Fleet.Events;

/// <summary>A consumer group's figures at one moment, as <see cref="ConsumerGroupStatistics"/> reads them (ADR 0005).</summary>
/// <param name="StreamLength">Entries in the stream the group reads (XLEN).</param>
/// <param name="Pending">Entries delivered to the group and not yet acknowledged.</param>
/// <param name="Lag">
/// Entries after the group's last-delivered id that none of its consumers has read: counted exactly up to 1 000 entries,
/// Redis's own figure above that where it held up, else estimated (<paramref name="LagEstimated"/>).
/// </param>
/// <param name="DeadLetters">Entries in the dead-letter stream given to the read.</param>
/// <param name="LagEstimated">Whether <paramref name="Lag"/> is an estimate rather than a count or a checked Redis figure.</param>
public readonly record struct ConsumerGroupFigures(long StreamLength, long Pending, long Lag, long DeadLetters, bool LagEstimated);
