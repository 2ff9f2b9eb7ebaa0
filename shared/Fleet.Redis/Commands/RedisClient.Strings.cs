using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>String commands: GET, MGET, SET (NX/XX, PX), INCRBY.</summary>
public sealed partial class RedisClient
{
    /// <summary>GET: the value at <paramref name="key"/>, or <see cref="RedisValue.Null"/> when missing.</summary>
    public ValueTask<RedisValue> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var command = CommandWriter.Start("GET", 2);
        command.Write(key);
        return ExecuteAsync(command, ResultParsers.Value, cancellationToken);
    }

    /// <summary>MGET: the values at <paramref name="keys"/>, in order; <see cref="RedisValue.Null"/> for each missing key.</summary>
    public ValueTask<RedisValue[]> GetAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        ExecuteAsync(KeysCommand("MGET", keys), ResultParsers.Values, cancellationToken);

    /// <summary>
    /// SET with an optional expiry (sent as PX) and condition. Returns false when the condition
    /// (<see cref="SetCondition.IfNotExists"/> = NX, <see cref="SetCondition.IfExists"/> = XX) kept the value from being set.
    /// </summary>
    public ValueTask<bool> SetAsync(string key, RedisValue value, TimeSpan? expiry = null, SetCondition condition = SetCondition.Always, CancellationToken cancellationToken = default)
    {
        long? milliseconds = expiry is { } time ? Expiry.ToMilliseconds(time, nameof(expiry)) : null;
        var command = CommandWriter.Start("SET", 3 + (milliseconds is null ? 0 : 2) + (condition == SetCondition.Always ? 0 : 1));
        command.Write(key);
        command.Write(value);
        if (milliseconds is { } px)
        {
            command.Write("PX"u8);
            command.Write(px);
        }

        if (condition != SetCondition.Always)
        {
            command.Write(condition == SetCondition.IfNotExists ? "NX"u8 : "XX"u8);
        }

        return ExecuteAsync(command, ResultParsers.Ok, cancellationToken);
    }

    /// <summary>INCRBY: adds <paramref name="increment"/> to the integer at <paramref name="key"/> and returns the new value.</summary>
    public ValueTask<long> IncrementAsync(string key, long increment = 1, CancellationToken cancellationToken = default)
    {
        var command = CommandWriter.Start("INCRBY", 3);
        command.Write(key);
        command.Write(increment);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }
}
