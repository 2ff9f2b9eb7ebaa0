using Fleet.Contracts;
using Fleet.Notifier.Preferences;
using Fleet.Redis;

namespace Fleet.Notifier.Delivery;

/// <summary>
/// What was done for a delivery key: the hash <c>fleet:{notification.events}:state:delivered:{delivery key}</c>, one
/// field per channel (<c>log</c>, <c>webhook</c>, <c>email</c>) holding <c>delivered</c> or <c>failed:{reason}</c>.
/// The handler stages the fields and a 7-day expiry, so they commit with the XACK; a channel with a field is never
/// attempted again, and its outcome event is never published again.
/// </summary>
internal sealed class DeliveryMarks(RedisClient redis)
{
    /// <summary>How long a delivery key is remembered: longer than any redelivery or re-publication of a request.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>The state name of a delivery key's marks (<c>context.StateKey(Name(key))</c> builds the key).</summary>
    public static string Name(string deliveryKey) => "delivered:" + deliveryKey;

    public static string Value(ChannelOutcome outcome) => outcome.Delivered ? "delivered" : "failed:" + outcome.Reason;

    /// <summary>The channels the hash at <paramref name="key"/> marks as done (fields this version does not know are skipped).</summary>
    public async ValueTask<IReadOnlySet<NotificationChannel>> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var hash = await redis.HashGetAllAsync(key, cancellationToken).ConfigureAwait(false);
        return PreferenceFields.ParseChannels(string.Join(',', hash.Keys)).ToHashSet();
    }
}
