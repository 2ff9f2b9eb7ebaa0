using Fleet.Contracts;
using Fleet.Notifier.Preferences;
using Fleet.Notifier.RateLimiting;

namespace Fleet.Notifier.Delivery;

/// <summary>
/// Delivers one notification on each of the user's channels not done yet, one after another, and says how each ended.
/// A notification takes one permit of the user's rate limit; over the limit, every channel not done yet fails with
/// <c>rate_limited</c> (it is not retried later: a flood is what the limit is for, and the failure is published).
/// </summary>
internal sealed class NotificationDispatcher(IEnumerable<INotificationChannel> channels, UserRateLimiter limiter, ILogger<NotificationDispatcher> logger)
{
    private readonly Dictionary<NotificationChannel, INotificationChannel> _channels = channels.ToDictionary(c => c.Channel);

    /// <summary>The outcomes of the channels of <paramref name="preferences"/> not in <paramref name="done"/>, in the preferences' order.</summary>
    public async ValueTask<IReadOnlyList<ChannelOutcome>> DispatchAsync(
        Notification notification,
        UserPreferences preferences,
        IReadOnlySet<NotificationChannel> done,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(preferences);
        var pending = preferences.EffectiveChannels.Where(channel => !done.Contains(channel)).ToList();
        if (pending.Count == 0)
        {
            return [];
        }

        if (!limiter.TryAcquire(notification.UserId))
        {
            Log.RateLimited(logger, notification.UserId, notification.Id, notification.Topic);
            return [.. pending.Select(channel => ChannelOutcome.Failure(channel, 0, FailureReasons.RateLimited,
                "The user received more notifications this minute than Notifier:RateLimit:PerMinute allows."))];
        }

        var outcomes = new List<ChannelOutcome>(pending.Count);
        foreach (var channel in pending)
        {
            var outcome = _channels.TryGetValue(channel, out var deliverer)
                ? await deliverer.DeliverAsync(notification, preferences, cancellationToken).ConfigureAwait(false)
                : ChannelOutcome.Failure(channel, 0, FailureReasons.NotConfigured, $"This notifier has no {channel} channel.");
            outcomes.Add(outcome);
        }

        return outcomes;
    }
}
