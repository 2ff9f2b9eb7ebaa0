using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// The policy of <c>Reaper:Policies</c> and <c>Reaper:Redrive</c>: an error type whose policy is <c>redrive</c> goes
/// back to its source stream <c>Cooldown</c> after <c>dlq_failed_at</c> (at once when that time does not read), until
/// it has been re-driven <c>MaxRedrives</c> times; then, and for every other error type, it is parked.
/// </summary>
internal sealed class DeadLetterPolicy(IOptions<ReaperOptions> options)
{
    public PolicyVerdict Decide(DeadLetter letter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var reaper = options.Value;
        if (!reaper.Redrives(letter.ErrorType))
        {
            return PolicyVerdict.Park(ReaperFields.PolicyReason);
        }

        if (letter.Redrives >= reaper.Redrive.MaxRedrives)
        {
            return PolicyVerdict.Park(ReaperFields.MaxRedrivesReason);
        }

        return PolicyVerdict.RedriveAt(letter.FailedAt is { } failedAt ? failedAt + reaper.Redrive.Cooldown : now);
    }
}
