using Fleet.Contracts;
using Fleet.Demo.Reporting;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Scenario;

/// <summary>
/// Sets the demo user's channels to webhook and email (<c>user.preferences.updated</c> on user.events), then waits
/// until notifier has stored them (its hash <c>fleet:{user.events}:state:preferences:{userId}</c> holds the webhook
/// URL), so no upload's notification can reach notifier before the preferences it must follow.
/// </summary>
internal sealed class Preferences(IEventPublisher publisher, RedisClient redis, ContractKeys keys, Narrator narrator)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task<bool> SetAsync(string userId, Uri webhook, string email, TimeSpan wait, CancellationToken cancellationToken)
    {
        var started = narrator.Time.GetTimestamp();
        await publisher.PublishAsync(
            FleetStreams.User,
            new UserPreferencesUpdated(userId, [NotificationChannel.Webhook, NotificationChannel.Email], webhook.ToString(), email),
            new PublishOptions { UserId = userId },
            cancellationToken);

        narrator.Say($"published user.preferences.updated on {FleetStreams.User}: webhook {webhook}, email {email}");
        var key = keys.Preferences(userId);
        while (narrator.Time.GetElapsedTime(started) < wait)
        {
            if ((await redis.HashGetAsync(key, "webhook_url", cancellationToken)).ToString() == webhook.ToString())
            {
                narrator.Say($"notifier stored them in {key} after {narrator.Time.GetElapsedTime(started).TotalMilliseconds:N0} ms");
                return true;
            }

            await Task.Delay(Poll, narrator.Time, cancellationToken);
        }

        narrator.Verdict(false, $"notifier did not store the preferences in {key} within {wait.TotalSeconds:0} s; uploading anyway");
        return false;
    }
}
