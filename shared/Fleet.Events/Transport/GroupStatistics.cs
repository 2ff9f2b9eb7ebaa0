namespace Fleet.Events.Transport;

/// <summary>A consumer group's numbers at one moment, for metrics and the trim-horizon warning.</summary>
/// <param name="StreamLength">Entries in the stream (XLEN).</param>
/// <param name="Pending">Entries delivered to the group and not yet acknowledged.</param>
/// <param name="Lag">
/// Entries in the stream after the group's last-delivered id, not yet read by any of its consumers
/// (<see cref="GroupLag"/>): counted, or Redis's figure where it could be checked, or estimated.
/// </param>
/// <param name="DeadLetters">Entries in the stream's <c>:dlq</c>.</param>
/// <param name="LagEstimated">Whether <paramref name="Lag"/> is an estimate (neither counted nor a Redis figure that held up).</param>
/// <param name="ReportedLag">What XINFO GROUPS said the lag was (null when it could not tell, or for a transport without one).</param>
/// <param name="LagCounterRepaired">
/// Whether Redis's entries-read counter of the drained group was wrong and was put right (XGROUP SETID … ENTRIESREAD).
/// </param>
internal readonly record struct GroupStatistics(long StreamLength, long Pending, long Lag, long DeadLetters, bool LagEstimated = false, long? ReportedLag = null, bool LagCounterRepaired = false);
