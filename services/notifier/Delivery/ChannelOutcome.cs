using Fleet.Contracts;

namespace Fleet.Notifier.Delivery;

/// <summary>How one channel's delivery ended.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Attempts">Attempts made (0 when none was possible).</param>
/// <param name="Reason">Null when delivered, else a <see cref="FailureReasons"/> code.</param>
/// <param name="Message">What went wrong, for people; null when delivered.</param>
internal sealed record ChannelOutcome(NotificationChannel Channel, int Attempts, string? Reason = null, string? Message = null)
{
    public bool Delivered => Reason is null;

    public static ChannelOutcome Success(NotificationChannel channel, int attempts) => new(channel, attempts);

    public static ChannelOutcome Failure(NotificationChannel channel, int attempts, string reason, string message) =>
        new(channel, attempts, reason, message);
}
