using System.Globalization;
using Fleet.Contracts;
using Fleet.Redis;

namespace Fleet.MarketMonitor.PriceAlerts;

/// <summary>
/// Keeps the price alerts of each symbol in <c>ContractKeys.PriceAlerts(symbol)</c>: field <c>a:{alert id}</c> =
/// <c>{user}|{above|below}|{threshold}</c>, and <c>s:{alert id}</c> = the side of the threshold the last applied price
/// was on (<c>t</c> triggered, <c>n</c> not), which only <see cref="Analysis.TickScript"/> writes. The hash belongs to
/// market.events' slot while the events come from user.events, so it is written directly (a script per event) instead
/// of by staged writes; each script is idempotent, so a redelivery changes nothing.
/// </summary>
/// <remarks>
/// Subscribe and unsubscribe of one alert may be handled out of order (two replicas, a redelivery). An unsubscribe
/// leaves a tombstone in <c>{alerts key}:unsubscribed</c> (field alert id = user id) and a subscribe finding one is
/// ignored, so an alert once unsubscribed never comes back (alert ids are fresh ULIDs: a new alert has a new id).
/// Tombstones are kept (one small field per unsubscribed alert).
/// </remarks>
internal sealed class PriceAlertBook(RedisClient redis, ContractKeys keys)
{
    /// <summary>KEYS: alerts, tombstones. ARGV: alert id, definition. 0 unsubscribed before, 1 stored, 2 already stored.</summary>
    private static readonly RedisScript SubscribeScript = new("""
        local user = string.match(ARGV[2], '^([^|]*)|')
        if redis.call('HGET', KEYS[2], ARGV[1]) == user then return 0 end
        local old = redis.call('HGET', KEYS[1], 'a:' .. ARGV[1])
        if old == ARGV[2] then return 2 end
        redis.call('HSET', KEYS[1], 'a:' .. ARGV[1], ARGV[2])
        -- A changed definition starts over: the next tick only sets the side again.
        if old then redis.call('HDEL', KEYS[1], 's:' .. ARGV[1]) end
        return 1
        """);

    /// <summary>KEYS: alerts, tombstones. ARGV: alert id, user id. 0 was not subscribed, 1 removed, 2 another user's alert (kept).</summary>
    private static readonly RedisScript UnsubscribeScript = new("""
        local def = redis.call('HGET', KEYS[1], 'a:' .. ARGV[1])
        if def and string.sub(def, 1, #ARGV[2] + 1) ~= ARGV[2] .. '|' then return 2 end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('HDEL', KEYS[1], 'a:' .. ARGV[1], 's:' .. ARGV[1])
        return def and 1 or 0
        """);

    /// <summary>The tombstones of unsubscribed alerts of <paramref name="symbol"/> (a key of this service alone).</summary>
    public string UnsubscribedKey(string symbol) => keys.PriceAlerts(symbol) + ":unsubscribed";

    public async ValueTask<SubscribeOutcome> SubscribeAsync(PriceAlertSubscribed alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var direction = alert.Direction == PriceAlertDirection.Above ? "above" : "below";
        var definition = string.Join('|', alert.UserId, direction, alert.Threshold.ToString(CultureInfo.InvariantCulture));
        var reply = await redis.EvaluateAsync(
            SubscribeScript, [keys.PriceAlerts(alert.Symbol), UnsubscribedKey(alert.Symbol)], [alert.AlertId, definition], cancellationToken).ConfigureAwait(false);
        return (SubscribeOutcome)reply.ToInt64();
    }

    public async ValueTask<UnsubscribeOutcome> UnsubscribeAsync(PriceAlertUnsubscribed alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var reply = await redis.EvaluateAsync(
            UnsubscribeScript, [keys.PriceAlerts(alert.Symbol), UnsubscribedKey(alert.Symbol)], [alert.AlertId, alert.UserId], cancellationToken).ConfigureAwait(false);
        return (UnsubscribeOutcome)reply.ToInt64();
    }
}
