using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Connection and server commands: PING, INFO, ECHO, DBSIZE, FLUSHDB, TIME.</summary>
public sealed partial class RedisClient
{
    /// <summary>PING: a round trip to the server; returns its reply (<c>PONG</c>).</summary>
    public ValueTask<string?> PingAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(CommandWriter.Start("PING", 1), ResultParsers.Text, cancellationToken);

    /// <summary>ECHO: the server sends <paramref name="message"/> back.</summary>
    public ValueTask<RedisValue> EchoAsync(RedisValue message, CancellationToken cancellationToken = default)
    {
        var command = CommandWriter.Start("ECHO", 2);
        command.Write(message);
        return ExecuteAsync(command, ResultParsers.Value, cancellationToken);
    }

    /// <summary>INFO [section]: the server's report as text.</summary>
    public ValueTask<string?> InfoAsync(string? section = null, CancellationToken cancellationToken = default)
    {
        var command = CommandWriter.Start("INFO", section is null ? 1 : 2);
        if (section is not null)
        {
            command.Write(section);
        }

        return ExecuteAsync(command, ResultParsers.Text, cancellationToken);
    }

    /// <summary>DBSIZE: keys in the selected database.</summary>
    public ValueTask<long> DatabaseSizeAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(CommandWriter.Start("DBSIZE", 1), ResultParsers.Integer, cancellationToken);

    /// <summary>FLUSHDB: deletes every key of the selected database.</summary>
    public ValueTask<bool> FlushDatabaseAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(CommandWriter.Start("FLUSHDB", 1), ResultParsers.Ok, cancellationToken);

    /// <summary>TIME: the server's clock (microsecond precision), e.g. to compare against the local <see cref="TimeProvider"/>.</summary>
    public ValueTask<DateTimeOffset> ServerTimeAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(CommandWriter.Start("TIME", 1), ServerTimeParser.Instance, cancellationToken);

    /// <summary>TIME's reply: [unix seconds, microseconds], both as bulk strings.</summary>
    private sealed class ServerTimeParser : IResultParser<DateTimeOffset>
    {
        public static readonly ServerTimeParser Instance = new();

        public DateTimeOffset Parse(ref RespReader reader)
        {
            if (reader.ReadAggregateLength() != 2)
            {
                throw new RedisProtocolException("Expected TIME to reply with [seconds, microseconds].");
            }

            var seconds = reader.ReadInt64();
            var microseconds = reader.ReadInt64();
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
        }
    }
}
