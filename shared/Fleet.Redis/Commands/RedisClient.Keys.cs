using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Key commands: DEL, EXISTS, PEXPIRE, PERSIST, PTTL.</summary>
public sealed partial class RedisClient
{
    /// <summary>DEL: deletes <paramref name="key"/>; true when it existed.</summary>
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await DeleteAsync([key], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>DEL: deletes <paramref name="keys"/> and returns how many of them existed.</summary>
    public ValueTask<long> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        ExecuteAsync(KeysCommand("DEL", keys), ResultParsers.Integer, cancellationToken);

    /// <summary>EXISTS: whether <paramref name="key"/> exists.</summary>
    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await ExistsAsync([key], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>EXISTS: how many of <paramref name="keys"/> exist (a key named twice counts twice, as in Redis).</summary>
    public ValueTask<long> ExistsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        ExecuteAsync(KeysCommand("EXISTS", keys), ResultParsers.Integer, cancellationToken);

    /// <summary>
    /// PEXPIRE: makes <paramref name="key"/> expire after <paramref name="expiry"/> (rounded up to whole
    /// milliseconds). Returns false when the key does not exist.
    /// </summary>
    public ValueTask<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var milliseconds = Expiry.ToMilliseconds(expiry, nameof(expiry));
        var command = CommandWriter.Start("PEXPIRE", 3);
        command.Write(key);
        command.Write(milliseconds);
        return ExecuteAsync(command, ResultParsers.Boolean, cancellationToken);
    }

    /// <summary>PERSIST: removes the expiry of <paramref name="key"/>; false when the key is missing or had none.</summary>
    public ValueTask<bool> PersistAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("PERSIST", 2);
        command.Write(key);
        return ExecuteAsync(command, ResultParsers.Boolean, cancellationToken);
    }

    /// <summary>
    /// PTTL: the time <paramref name="key"/> has left, in milliseconds, telling a missing key (-2) apart
    /// from one without an expiry (-1). PTTL is used rather than TTL because it is strictly more precise.
    /// </summary>
    public ValueTask<KeyTimeToLive> TimeToLiveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("PTTL", 2);
        command.Write(key);
        return ExecuteAsync(command, TimeToLiveParser.Instance, cancellationToken);
    }

    /// <summary>A command whose arguments are exactly <paramref name="keys"/> (DEL, EXISTS, MGET).</summary>
    private static CommandWriter KeysCommand(string name, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException($"{name} needs at least one key.", nameof(keys));
        }

        var command = CommandWriter.Start(name, 1 + keys.Count);
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            command.Write(key);
        }

        return command;
    }

    /// <summary>PTTL's reply: -2 for a missing key, -1 for no expiry, else milliseconds left.</summary>
    private sealed class TimeToLiveParser : IResultParser<KeyTimeToLive>
    {
        public static readonly TimeToLiveParser Instance = new();

        public KeyTimeToLive Parse(ref RespReader reader) => reader.ReadInt64() switch
        {
            -2 => KeyTimeToLive.Missing,
            -1 => KeyTimeToLive.Persistent,
            var milliseconds => KeyTimeToLive.Expiring(TimeSpan.FromMilliseconds(milliseconds)),
        };
    }
}
