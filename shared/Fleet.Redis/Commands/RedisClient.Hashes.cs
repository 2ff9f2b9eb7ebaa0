using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Hash commands: HSET, HGET, HMGET, HGETALL, HDEL, HEXISTS, HINCRBY, HLEN.</summary>
/// <remarks>Field names are text (sent and read as UTF-8); values are binary-safe.</remarks>
public sealed partial class RedisClient
{
    /// <summary>HSET: sets one field; true when the field is new, false when an existing field was overwritten.</summary>
    public async ValueTask<bool> HashSetAsync(string key, string field, RedisValue value, CancellationToken cancellationToken = default) =>
        await HashSetAsync(key, [new KeyValuePair<string, RedisValue>(field, value)], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>HSET: sets every field of <paramref name="fields"/> and returns how many were new.</summary>
    public ValueTask<long> HashSetAsync(string key, IReadOnlyCollection<KeyValuePair<string, RedisValue>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("HSET needs at least one field.", nameof(fields));
        }

        var command = CommandWriter.Start("HSET", 2 + (2 * fields.Count));
        command.Write(key);
        foreach (var (field, value) in fields)
        {
            command.Write(field);
            command.Write(value);
        }

        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>HGET: the value of <paramref name="field"/>, or <see cref="RedisValue.Null"/> when the field or the key is missing.</summary>
    public ValueTask<RedisValue> HashGetAsync(string key, string field, CancellationToken cancellationToken = default) =>
        ExecuteAsync(KeyAndFields("HGET", key, [field]), ResultParsers.Value, cancellationToken);

    /// <summary>HMGET: the values of <paramref name="fields"/>, in order; <see cref="RedisValue.Null"/> for each missing one.</summary>
    public ValueTask<RedisValue[]> HashGetAsync(string key, IReadOnlyList<string> fields, CancellationToken cancellationToken = default) =>
        ExecuteAsync(KeyAndFields("HMGET", key, fields), ResultParsers.Values, cancellationToken);

    /// <summary>HGETALL: every field and value of the hash; empty when the key is missing.</summary>
    public ValueTask<IReadOnlyDictionary<string, RedisValue>> HashGetAllAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("HGETALL", 2);
        command.Write(key);
        return ExecuteAsync(command, CollectionParsers.Hash, cancellationToken);
    }

    /// <summary>HDEL: removes <paramref name="field"/>; true when it existed.</summary>
    public async ValueTask<bool> HashDeleteAsync(string key, string field, CancellationToken cancellationToken = default) =>
        await HashDeleteAsync(key, [field], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>HDEL: removes <paramref name="fields"/> and returns how many existed.</summary>
    public ValueTask<long> HashDeleteAsync(string key, IReadOnlyList<string> fields, CancellationToken cancellationToken = default) =>
        ExecuteAsync(KeyAndFields("HDEL", key, fields), ResultParsers.Integer, cancellationToken);

    /// <summary>HEXISTS: whether the hash has <paramref name="field"/>.</summary>
    public ValueTask<bool> HashExistsAsync(string key, string field, CancellationToken cancellationToken = default) =>
        ExecuteAsync(KeyAndFields("HEXISTS", key, [field]), ResultParsers.Boolean, cancellationToken);

    /// <summary>HINCRBY: adds <paramref name="increment"/> to the integer in <paramref name="field"/> (0 when missing) and returns the new value.</summary>
    public ValueTask<long> HashIncrementAsync(string key, string field, long increment = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(field);
        var command = CommandWriter.Start("HINCRBY", 4);
        command.Write(key);
        command.Write(field);
        command.Write(increment);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>HLEN: the number of fields in the hash (0 when the key is missing).</summary>
    public ValueTask<long> HashLengthAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("HLEN", 2);
        command.Write(key);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>A command of a key followed by field names (HGET, HMGET, HDEL, HEXISTS).</summary>
    private static CommandWriter KeyAndFields(string name, string key, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException($"{name} needs at least one field.", nameof(fields));
        }

        var command = CommandWriter.Start(name, 2 + fields.Count);
        command.Write(key);
        foreach (var field in fields)
        {
            ArgumentNullException.ThrowIfNull(field, nameof(fields));
            command.Write(field);
        }

        return command;
    }
}
