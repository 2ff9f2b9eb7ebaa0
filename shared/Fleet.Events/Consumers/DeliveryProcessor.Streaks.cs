using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// Per-entry Redis failures that repeat for every entry in hand during an outage: one warning for the first, a Debug line
/// (with the stack) for each, and one line with the count when the operation succeeds again or the consumer stops.
/// </summary>
internal sealed partial class DeliveryProcessor
{
    private readonly FailureStreak _checkFailures = new("idempotency check(s)");
    private readonly FailureStreak _markFailures = new("acknowledgement(s) with idempotency mark");
    private readonly FailureStreak _deadLetterFailures = new("move(s) to the dead-letter stream");

    /// <summary>Logs the failures counted and not yet reported (at stop: the outage may not have ended).</summary>
    public void EndFailureStreaks()
    {
        EndStreak(_checkFailures);
        EndStreak(_markFailures);
        EndStreak(_deadLetterFailures);
    }

    /// <summary>Counts a failure of <paramref name="streak"/>; true for the first of the streak, which the caller logs as a warning.</summary>
    private bool FirstOfStreak(FailureStreak streak, Exception error, RedisStreamId entryId)
    {
        var count = streak.Failed();
        Log.StreakFailure(_logger, error, _identity.Stream, _identity.Group, streak.Operation, entryId, count);
        return count == 1;
    }

    private void EndStreak(FailureStreak streak)
    {
        var count = streak.End();
        if (count > 0)
        {
            Log.StreakEnded(_logger, _identity.Stream, _identity.Group, count, streak.Operation);
        }
    }
}
