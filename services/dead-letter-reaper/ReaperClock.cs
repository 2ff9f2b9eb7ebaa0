namespace Fleet.DeadLetterReaper;

/// <summary>
/// The key of the reaper's own <see cref="TimeProvider"/> (cool-downs, parking times, the sweep interval): by default
/// the process's clock; a test gives the reaper a fake one while the consumer runtime around it keeps real time.
/// </summary>
internal static class ReaperClock
{
    public const string Key = "dead-letter-reaper";
}
