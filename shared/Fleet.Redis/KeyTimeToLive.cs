namespace Fleet.Redis;

/// <summary>
/// What PTTL says about a key: it is missing (PTTL -2), it exists without an expiry (PTTL -1), or it
/// expires after <see cref="Remaining"/>.
/// </summary>
public readonly record struct KeyTimeToLive
{
    private KeyTimeToLive(bool exists, TimeSpan? remaining)
    {
        KeyExists = exists;
        Remaining = remaining;
    }

    /// <summary>The key does not exist (PTTL -2).</summary>
    public static KeyTimeToLive Missing => new(exists: false, remaining: null);

    /// <summary>The key exists and never expires (PTTL -1).</summary>
    public static KeyTimeToLive Persistent => new(exists: true, remaining: null);

    /// <summary>Whether the key exists.</summary>
    public bool KeyExists { get; }

    /// <summary>The time left before the key expires; null when the key is missing or has no expiry.</summary>
    public TimeSpan? Remaining { get; }

    /// <summary>Whether the key exists and has an expiry.</summary>
    public bool HasExpiry => Remaining is not null;

    /// <summary>A key that expires after <paramref name="remaining"/>.</summary>
    public static KeyTimeToLive Expiring(TimeSpan remaining) => new(exists: true, remaining);
}
