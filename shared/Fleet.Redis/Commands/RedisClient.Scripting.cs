using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Lua scripting: EVALSHA with EVAL fallback, EVAL, SCRIPT LOAD.</summary>
/// <remarks>
/// A script runs atomically on the server, which makes it the tool for read-modify-write on this
/// multiplexed connection: WATCH is per connection, so it would watch on behalf of every caller at once.
/// A script that fails with an error reply throws <see cref="RedisServerException"/>; errors nested in
/// a table it returns stay <see cref="RedisResultType.Error"/> results.
/// </remarks>
public sealed partial class RedisClient
{
    /// <summary>
    /// Runs <paramref name="script"/> by its SHA1 (EVALSHA). When the server does not have it (NOSCRIPT: never
    /// loaded, or gone after SCRIPT FLUSH or a restart) the script did not run, so it is sent once more with
    /// its source (EVAL), which runs it and caches it again. Either way it runs once.
    /// </summary>
    public async ValueTask<RedisResult> EvaluateAsync(
        RedisScript script,
        IReadOnlyList<string>? keys = null,
        IReadOnlyList<RedisValue>? arguments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        try
        {
            return await EvalShaAsync(script.Sha1, keys, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Is("NOSCRIPT"))
        {
            return await EvalAsync(script.Source, keys, arguments, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>EVAL: runs Lua <paramref name="source"/> with <paramref name="keys"/> (KEYS) and <paramref name="arguments"/> (ARGV).</summary>
    public ValueTask<RedisResult> EvalAsync(
        string source,
        IReadOnlyList<string>? keys = null,
        IReadOnlyList<RedisValue>? arguments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return ExecuteAsync(ScriptCommand("EVAL", source, keys, arguments), ResultParsers.Result, cancellationToken);
    }

    /// <summary>EVALSHA: runs the cached script named <paramref name="sha1"/>; fails with NOSCRIPT when the server does not have it.</summary>
    public ValueTask<RedisResult> EvalShaAsync(
        string sha1,
        IReadOnlyList<string>? keys = null,
        IReadOnlyList<RedisValue>? arguments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha1);
        return ExecuteAsync(ScriptCommand("EVALSHA", sha1, keys, arguments), ResultParsers.Result, cancellationToken);
    }

    /// <summary>SCRIPT LOAD: caches <paramref name="source"/> on the server and returns its SHA1.</summary>
    public ValueTask<string?> ScriptLoadAsync(string source, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var command = CommandWriter.Start("SCRIPT", 3);
        command.Write("LOAD"u8);
        command.Write(source);
        return ExecuteAsync(command, ResultParsers.Text, cancellationToken);
    }

    /// <summary>EVAL / EVALSHA body numkeys key... arg...</summary>
    private static CommandWriter ScriptCommand(string name, string body, IReadOnlyList<string>? keys, IReadOnlyList<RedisValue>? arguments)
    {
        keys ??= [];
        arguments ??= [];
        var command = CommandWriter.Start(name, 3 + keys.Count + arguments.Count);
        command.Write(body);
        command.Write(keys.Count);
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            command.Write(key);
        }

        foreach (var argument in arguments)
        {
            command.Write(argument);
        }

        return command;
    }
}
