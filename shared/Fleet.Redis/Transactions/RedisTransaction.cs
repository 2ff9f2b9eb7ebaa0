using System.Buffers;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// A MULTI / EXEC transaction being built: commands are serialised as they are added and sent, wrapped in
/// MULTI and EXEC, as one uninterrupted block on the shared connection by <see cref="ExecuteAsync"/>, so no
/// other caller's command can land inside it. Every Add method returns the index of its reply in
/// <see cref="RedisTransactionResult.Results"/>.
/// </summary>
/// <remarks>
/// <para>
/// The commands run together and alone on the server, but a command that fails while running does not undo
/// the others (Redis has no rollback); a command the server refuses while queuing (a syntax error, an unknown
/// command) discards the whole transaction with EXECABORT, which <see cref="ExecuteAsync"/> throws as
/// <see cref="RedisServerException"/>.
/// </para>
/// <para>
/// There is no WATCH: it is per connection, and this connection is shared, so a WATCH would watch for every
/// caller at once and a change made through the same connection would not count. For read-modify-write
/// (check a value, then write) use a Lua script (<see cref="RedisClient.EvaluateAsync"/>), which runs atomically.
/// </para>
/// <para>Not thread-safe: build it on one thread and do not add while <see cref="ExecuteAsync"/> runs. It may be executed again.</para>
/// </remarks>
public sealed class RedisTransaction
{
    private readonly RedisClient _client;
    private readonly ArrayBufferWriter<byte> _commands = new();
    private readonly List<string> _names = [];

    internal RedisTransaction(RedisClient client) => _client = client;

    /// <summary>The number of commands added.</summary>
    public int Count => _names.Count;

    /// <summary>
    /// Adds any command (name and arguments as they would follow MULTI), e.g. <c>Add("HSET", key, field, value)</c>;
    /// returns the index of its reply. Commands that would change the shared connection are refused, as in
    /// <see cref="RedisClient.ExecuteAsync(string, RedisValue[])"/>: MULTI, EXEC, DISCARD, WATCH, SELECT, SUBSCRIBE and the like.
    /// </summary>
    public int Add(string command, params IReadOnlyList<RedisValue> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(arguments);
        SharedConnectionGuard.ThrowIfRefused(command, arguments, queuedInTransaction: true);
        return Append(RedisClient.WriteGeneric(command, arguments));
    }

    /// <summary>SET <paramref name="key"/> to <paramref name="value"/>, with an optional expiry (PX); the reply is <c>OK</c>.</summary>
    public int Set(string key, RedisValue value, TimeSpan? expiry = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return expiry is { } time
            ? Add("SET", key, value, "PX", Expiry.ToMilliseconds(time, nameof(expiry)))
            : Add("SET", key, value);
    }

    /// <summary>INCRBY <paramref name="key"/> by <paramref name="increment"/>; the reply is the new value.</summary>
    public int Increment(string key, long increment = 1)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Add("INCRBY", key, increment);
    }

    /// <summary>DEL <paramref name="key"/>; the reply is 1 when it existed.</summary>
    public int Delete(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Add("DEL", key);
    }

    /// <summary>PEXPIRE <paramref name="key"/> after <paramref name="expiry"/>; the reply is 1 when the key exists.</summary>
    public int Expire(string key, TimeSpan expiry)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Add("PEXPIRE", key, Expiry.ToMilliseconds(expiry, nameof(expiry)));
    }

    /// <summary>HSET one field; the reply is 1 when the field is new.</summary>
    public int HashSet(string key, string field, RedisValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(field);
        return Add("HSET", key, field, value);
    }

    /// <summary>ZADD one member; the reply is 1 when it was added.</summary>
    public int SortedSetAdd(string key, RedisValue member, double score)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Add("ZADD", key, score, member);
    }

    /// <summary>PUBLISH <paramref name="message"/> on <paramref name="channel"/>; the reply is the number of receivers.</summary>
    public int Publish(string channel, RedisValue message)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return Add("PUBLISH", channel, message);
    }

    /// <summary>
    /// Sends MULTI, the commands and EXEC as one block and returns EXEC's replies. Throws
    /// <see cref="RedisServerException"/> with prefix EXECABORT when the server refused a command while queuing
    /// (the message names it); nothing ran then. Like any command, it fails with <see cref="RedisConnectionException"/>
    /// when the connection drops after sending, and then whether the transaction ran is unknown (but it ran whole or not at all).
    /// </summary>
    public ValueTask<RedisTransactionResult> ExecuteAsync(CancellationToken cancellationToken = default) =>
        // A snapshot: the connection queues one reply per name, so the names must match the bytes exactly even if
        // the builder is (wrongly) changed while this waits for a reconnect.
        _client.ExecuteTransactionAsync(_commands.WrittenSpan.ToArray(), [.. _names], cancellationToken);

    private int Append(CommandWriter writer)
    {
        try
        {
            writer.Complete();
            _commands.Write(writer.Written);
            _names.Add(writer.CommandName);
            return _names.Count - 1;
        }
        finally
        {
            writer.Return();
        }
    }
}
