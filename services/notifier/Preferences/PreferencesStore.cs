using Fleet.Contracts;
using Fleet.Redis;

namespace Fleet.Notifier.Preferences;

/// <summary>
/// Reads a user's preferences from <c>fleet:{user.events}:state:preferences:{userId}</c> (HGETALL). Only the
/// preferences handler writes the hash, with staged writes that commit with its acknowledgement.
/// </summary>
internal sealed class PreferencesStore(RedisClient redis, ContractKeys keys)
{
    public async ValueTask<UserPreferences> ReadAsync(string userId, CancellationToken cancellationToken)
    {
        var hash = await redis.HashGetAllAsync(keys.Preferences(userId), cancellationToken).ConfigureAwait(false);
        return PreferenceFields.FromHash(hash.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()));
    }
}
