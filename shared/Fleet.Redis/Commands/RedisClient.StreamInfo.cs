using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Stream inspection commands: XPENDING and XINFO STREAM / GROUPS / CONSUMERS.</summary>
public sealed partial class RedisClient
{
    /// <summary>XPENDING key group: how many entries the group has pending, their id range and who holds them.</summary>
    public ValueTask<StreamPendingSummary> XPendingAsync(string key, string group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        var command = CommandWriter.Start("XPENDING", 3);
        command.Write(key);
        command.Write(group);
        return ExecuteAsync(command, StreamParsers.PendingSummary, cancellationToken);
    }

    /// <summary>
    /// Extended XPENDING: up to <paramref name="count"/> pending entries with ids from <paramref name="start"/> to
    /// <paramref name="end"/> (<c>-</c> / <c>+</c> for all, <c>(id</c> to exclude), with owner, idle time and delivery
    /// count; only <paramref name="consumer"/>'s when given, only those idle at least <paramref name="minIdle"/> when given.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamPendingEntry>> XPendingAsync(
        string key,
        string group,
        string start,
        string end,
        int count,
        string? consumer = null,
        TimeSpan? minIdle = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(start);
        ArgumentException.ThrowIfNullOrEmpty(end);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        long? idle = minIdle is { } time ? StreamCommandArguments.Milliseconds(time, nameof(minIdle)) : null;
        var command = CommandWriter.Start("XPENDING", 6 + (idle is null ? 0 : 2) + (consumer is null ? 0 : 1));
        command.Write(key);
        command.Write(group);
        if (idle is { } milliseconds)
        {
            command.Write("IDLE"u8);
            command.Write(milliseconds);
        }

        command.Write(start);
        command.Write(end);
        command.Write(count);
        if (consumer is not null)
        {
            command.Write(consumer);
        }

        return ExecuteAsync(command, StreamParsers.PendingEntries, cancellationToken);
    }

    /// <summary>XINFO STREAM: length, ids, group count and first and last entry. Fails with <c>ERR no such key</c> for a missing stream.</summary>
    public ValueTask<StreamInfo> XInfoStreamAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("XINFO", 3);
        command.Write("STREAM"u8);
        command.Write(key);
        return ExecuteAsync(command, StreamInfoParsers.Stream, cancellationToken);
    }

    /// <summary>XINFO GROUPS: every consumer group of the stream with its consumers, pending count, position and lag.</summary>
    public ValueTask<IReadOnlyList<StreamGroupInfo>> XInfoGroupsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("XINFO", 3);
        command.Write("GROUPS"u8);
        command.Write(key);
        return ExecuteAsync(command, StreamInfoParsers.Groups, cancellationToken);
    }

    /// <summary>XINFO CONSUMERS: every consumer of the group with its pending count and idle time.</summary>
    public ValueTask<IReadOnlyList<StreamConsumerInfo>> XInfoConsumersAsync(string key, string group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        var command = CommandWriter.Start("XINFO", 4);
        command.Write("CONSUMERS"u8);
        command.Write(key);
        command.Write(group);
        return ExecuteAsync(command, StreamInfoParsers.Consumers, cancellationToken);
    }
}
