using System.Collections.Frozen;

namespace Fleet.Redis;

/// <summary>
/// Refuses the commands that would change the state of the shared connection for every other caller, or park
/// it on the server, wherever a caller can name a command: the generic
/// <see cref="RedisClient.ExecuteAsync(string, RedisValue[])"/> and <see cref="RedisTransaction.Add"/>.
/// </summary>
internal static class SharedConnectionGuard
{
    private const string UseTransaction = "RedisTransaction (CreateTransaction()) sends MULTI and EXEC itself";

    private static readonly FrozenDictionary<string, string> Refused = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["MULTI"] = UseTransaction,
        ["EXEC"] = UseTransaction,
        ["DISCARD"] = UseTransaction,
        ["WATCH"] = "WATCH is per connection; use a Lua script (EvaluateAsync) for check-and-set",
        ["UNWATCH"] = "WATCH is per connection; use a Lua script (EvaluateAsync) for check-and-set",
        ["SELECT"] = "choose the database in the URL (redis://host/2) or RedisClientOptions.Database",
        ["AUTH"] = "give the credentials in the URL or RedisClientOptions",
        ["HELLO"] = "the client negotiates the protocol itself (RedisClientOptions.Protocol)",
        ["RESET"] = "it would reset the shared connection for every caller",
        ["QUIT"] = "dispose the client instead",
        ["MONITOR"] = "it turns the connection into a monitor stream",
        ["SUBSCRIBE"] = "use CreateSubscriberAsync()",
        ["PSUBSCRIBE"] = "use CreateSubscriberAsync()",
        ["SSUBSCRIBE"] = "use CreateSubscriberAsync()",
        ["UNSUBSCRIBE"] = "use CreateSubscriberAsync()",
        ["PUNSUBSCRIBE"] = "use CreateSubscriberAsync()",
        ["SUNSUBSCRIBE"] = "use CreateSubscriberAsync()",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Commands that block the connection on the server; inside MULTI they do not block, so a transaction may queue them.</summary>
    private static readonly FrozenDictionary<string, string> Blocking = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["BLPOP"] = "use ExecuteBlockingAsync",
        ["BRPOP"] = "use ExecuteBlockingAsync",
        ["BRPOPLPUSH"] = "use ExecuteBlockingAsync",
        ["BLMOVE"] = "use ExecuteBlockingAsync",
        ["BLMPOP"] = "use ExecuteBlockingAsync",
        ["BZPOPMIN"] = "use ExecuteBlockingAsync",
        ["BZPOPMAX"] = "use ExecuteBlockingAsync",
        ["BZMPOP"] = "use ExecuteBlockingAsync",
        ["WAIT"] = "use ExecuteBlockingAsync",
        ["WAITAOF"] = "use ExecuteBlockingAsync",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="command"/> must not run on the shared connection;
    /// <paramref name="queuedInTransaction"/> allows the blocking commands, which do not block inside MULTI.
    /// </summary>
    public static void ThrowIfRefused(string command, IReadOnlyList<RedisValue> arguments, bool queuedInTransaction = false)
    {
        if (Refused.TryGetValue(command, out var instead) || (!queuedInTransaction && Blocking.TryGetValue(command, out instead)))
        {
            throw new ArgumentException($"{command.ToUpperInvariant()} cannot run on the shared connection: {instead}.", nameof(command));
        }

        if (command.Equals("CLIENT", StringComparison.OrdinalIgnoreCase) && arguments.Count > 0
            && arguments[0].ToString().Equals("REPLY", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("CLIENT REPLY cannot run on the shared connection: replies are matched to callers in order.", nameof(command));
        }

        if (!queuedInTransaction && (command.Equals("XREAD", StringComparison.OrdinalIgnoreCase) || command.Equals("XREADGROUP", StringComparison.OrdinalIgnoreCase))
            && arguments.Any(a => a.ToString().Equals("BLOCK", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"{command.ToUpperInvariant()} with BLOCK cannot run on the shared connection: use XReadAsync / XReadGroupAsync with block, or ExecuteBlockingAsync.", nameof(command));
        }
    }
}
