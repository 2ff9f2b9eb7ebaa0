namespace Fleet.Events;

/// <summary>
/// Settings of every leader lease of a process (<see cref="FleetEventsBuilder.AddLeaderWork{TWork}"/>), bound from the
/// <c>Fleet:Leadership</c> configuration section (e.g. <c>Fleet__Leadership__LeaseTime=00:00:02</c>) and checked by
/// <see cref="Validate"/> at start.
/// </summary>
/// <remarks>
/// The leader renews every <see cref="RenewInterval"/>. It cancels its work once <see cref="LeaseTime"/> minus
/// <see cref="RenewInterval"/> has passed since it sent its last successful renewal (or the acquisition): Redis set the
/// key's time to live after that send, so the work stops at least <see cref="RenewInterval"/> before the key can expire
/// and another process acquire it, even when this one cannot reach Redis or was paused (clocks are assumed to run at
/// the same rate; docs/leadership.md).
/// </remarks>
public sealed class LeadershipOptions
{
    /// <summary>The configuration section, <c>Fleet:Leadership</c>.</summary>
    public const string ConfigurationSection = "Fleet:Leadership";

    /// <summary>
    /// The lease key's time to live (PX), set at every acquisition and renewal: a dead leader is replaced within this
    /// time. Default 10 s.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews, and how often a follower tries to acquire. Less than half <see cref="LeaseTime"/>. Default a third of it.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>The renew interval in effect: <see cref="RenewInterval"/>, else a third of <see cref="LeaseTime"/>.</summary>
    public TimeSpan EffectiveRenewInterval => RenewInterval ?? LeaseTime / 3;

    /// <summary>How long after the send of its last successful renewal a leader stops its work: <see cref="LeaseTime"/> minus the renew interval.</summary>
    public TimeSpan WorkDeadline => LeaseTime - EffectiveRenewInterval;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option with a bad value.</summary>
    public void Validate()
    {
        // PX counts whole milliseconds, and a lease shorter than a few round trips would be lost at every hiccup.
        if (LeaseTime < TimeSpan.FromMilliseconds(100) || LeaseTime > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"{ConfigurationSection}:LeaseTime must be between 00:00:00.1 and 1.00:00:00, not {LeaseTime}.");
        }

        // At least one renewal must fall before the work deadline (LeaseTime - RenewInterval), or every term would end
        // after one interval.
        if (RenewInterval is { } interval && (interval < TimeSpan.FromMilliseconds(10) || interval * 2 >= LeaseTime))
        {
            throw new ArgumentException(
                $"{ConfigurationSection}:RenewInterval must be at least 00:00:00.01 and less than half of LeaseTime ({LeaseTime}), not {interval}.");
        }
    }
}
