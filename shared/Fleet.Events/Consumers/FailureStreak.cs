namespace Fleet.Events.Consumers;

/// <summary>
/// Failures of one per-entry operation (the idempotency check, the acknowledgement with its mark) since it last
/// succeeded. During an outage every entry in hand fails the same way; the first failure of a streak is logged as a
/// warning, the others only counted (and logged at Debug), and the count is logged once when the operation succeeds
/// again or the consumer stops: one line per outage instead of one per entry.
/// </summary>
internal sealed class FailureStreak(string operation)
{
    private int _count;

    /// <summary>What fails, for the log line, e.g. <c>idempotency check(s)</c>.</summary>
    public string Operation { get; } = operation;

    /// <summary>Counts a failure; returns how many the streak holds now (1: the first, to be logged as a warning).</summary>
    public int Failed() => Interlocked.Increment(ref _count);

    /// <summary>Ends the streak; returns how many failures it held (0 when there was none).</summary>
    public int End() => Volatile.Read(ref _count) == 0 ? 0 : Interlocked.Exchange(ref _count, 0);
}
