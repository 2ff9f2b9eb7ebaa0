using Fleet.Contracts;
using Fleet.Redis;

namespace Fleet.FileProcessor.Users;

/// <summary>
/// Reads a user's tier, kept by <see cref="Handlers.UserTierChangedHandler"/> at <see cref="ContractKeys.Tier"/> as the
/// tier's lower-case name (<c>free</c>, <c>pro</c>, <c>enterprise</c>).
/// </summary>
internal sealed class TierStore(RedisClient redis, ContractKeys keys)
{
    /// <summary>The value stored for <paramref name="tier"/>.</summary>
    public static string Format(UserTier tier) => tier switch
    {
        UserTier.Free => "free",
        UserTier.Pro => "pro",
        UserTier.Enterprise => "enterprise",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier."),
    };

    /// <summary>The user's tier, or null when no tier change was ever seen for them (or the value is not a tier).</summary>
    public async Task<UserTier?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var value = await redis.GetAsync(keys.Tier(userId), cancellationToken);
        return value.IsNull ? null : value.ToString() switch
        {
            "free" => UserTier.Free,
            "pro" => UserTier.Pro,
            "enterprise" => UserTier.Enterprise,
            _ => null,
        };
    }
}
